import fc from 'fast-check';
import { type AffEvent, eventSchemas } from '../../sim/domain/events.js';
import { DAY_MS } from '../../sim/domain/instant.js';

/**
 * A small world for pair expiry (R6–R9 around the window's end): `setup(stores, affiliates)`
 * registers and joins everything at T0; steps are clicks and orders of three buyers at gaps of
 * whole windows ± a little, so windows end, restart and expire between them.
 */
export const T0 = Date.parse('2026-01-01T00:00:00Z');
const parse = (body: Record<string, unknown> & { type: AffEvent['type'] }): AffEvent =>
  eventSchemas[body.type].parse(body) as AffEvent;

export function setup(stores: number, affiliates: number): AffEvent[] {
  const events: AffEvent[] = [];
  for (let a = 0; a < affiliates; a += 1) {
    events.push(
      parse({ type: 'affiliate.registered', id: `aff${a}`, at: T0, affiliateId: `a${a}`, channel: 'sns' }),
    );
  }
  for (let s = 0; s < stores; s += 1) {
    const products = [{ productId: `p${s}`, categoryId: 'c1' }];
    events.push(parse({ type: 'store.registered', id: `reg${s}`, at: T0, storeId: `s${s}`, products }));
    events.push(
      parse({ type: 'store.joined', id: `join${s}`, at: T0, storeId: `s${s}`, defaultRateBps: 500 }),
    );
  }
  return events;
}

export const click = (id: string, at: number, buyer: number, store: number, affiliate: number): AffEvent =>
  parse({
    type: 'click',
    id,
    at,
    buyerId: `b${buyer}`,
    affiliateId: `a${affiliate}`,
    storeId: `s${store}`,
    channel: 'sns',
  });

export const order = (id: string, at: number, buyer: number, store: number): AffEvent =>
  parse({
    type: 'order.created',
    id,
    at,
    orderId: `o-${id}`,
    buyerId: `b${buyer}`,
    storeId: `s${store}`,
    lines: [{ productId: `p${store}`, amountCents: 1000 }],
  });

const gapArb = fc.oneof(
  fc.constantFrom(-1, 0, 1).map((d) => ({ windows: 1, d })),
  fc.record({ windows: fc.constantFrom(0, 1, 2, 3), d: fc.integer({ min: -DAY_MS, max: DAY_MS }) }),
);

export const pairStepArb = fc.record({
  kind: fc.constantFrom('click', 'click', 'order'),
  buyer: fc.nat(2),
  store: fc.nat(1),
  affiliate: fc.nat(2),
  gap: gapArb,
});
export type PairStep = typeof pairStepArb extends fc.Arbitrary<infer T> ? T : never;

/** The world of two stores and three affiliates, then the steps in time order (`windowDays`: the policy's). */
export function pairStepEvents(steps: readonly PairStep[], windowDays: number): AffEvent[] {
  const events = setup(2, 3);
  let at = T0 + 1000;
  steps.forEach((s, i) => {
    at = Math.max(at, at + s.gap.windows * windowDays * DAY_MS + s.gap.d);
    events.push(
      s.kind === 'click'
        ? click(`e${i}`, at, s.buyer, s.store, s.affiliate)
        : order(`e${i}`, at, s.buyer, s.store),
    );
  });
  return events;
}
