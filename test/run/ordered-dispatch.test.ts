import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import { timeOrderDelivery } from '../../sim/history/delivery-order.js';
import { OrderedDispatch } from '../../sim/run/ordered-dispatch.js';
import { fcParams } from '../fc-config.js';

/**
 * Why: `affsim fixtures --into` sends a one-event-a-request adapter several events at once, and the
 * service's answers are compared with the model's time-ordered evaluation. That is sound only if
 * every arrival order the dispatcher allows is inside the engine's ordering guarantee
 * (server/README.md). The oracle below restates the guarantee's conditions pair by pair, from the
 * README's words, without the dispatcher's keys or locks: whatever the order the answers come back
 * in, an event the guarantee puts after another must not start before that one was answered.
 */

const SELLER_TYPES = ['store.registered', 'store.joined', 'store.withdrew', 'store.defaultRateSet'] as const;
const BUYER_TYPES = ['click', 'order.created', 'order.cancelled', 'order.refunded'] as const;

const eventArb = fc.record({
  type: fc.constantFrom(...SELLER_TYPES, ...BUYER_TYPES, 'affiliate.registered'),
  at: fc.integer({ min: 0, max: 6 }), // few instants: many ties
  storeId: fc.constantFrom('s1', 's2', 's3'),
  buyerId: fc.constantFrom('b1', 'b2', 'b3', 'b4'),
  affiliateId: fc.constantFrom('a1', 'a2'),
  orderId: fc.constantFrom('o1', 'o2', 'o3'),
  // A few ids repeat: R17 copies.
  id: fc.option(fc.constantFrom('dup1', 'dup2'), { freq: 8 }),
});

/** Raw draws as events, with only the fields their type has (the dispatcher may read no other). */
type Draw = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function toEvents(draws: readonly Draw[]): AffEvent[] {
  return draws.map((d, i): AffEvent => {
    const base = { id: d.id ?? `e${i}`, at: d.at };
    switch (d.type) {
      case 'affiliate.registered':
        return { ...base, type: d.type, affiliateId: d.affiliateId, channel: 'blog' } as AffEvent;
      case 'click':
        return {
          ...base,
          type: d.type,
          buyerId: d.buyerId,
          affiliateId: d.affiliateId,
          storeId: d.storeId,
        } as AffEvent;
      case 'order.created':
        return {
          ...base,
          type: d.type,
          orderId: d.orderId,
          buyerId: d.buyerId,
          storeId: d.storeId,
          lines: [],
        } as AffEvent;
      case 'order.cancelled':
      case 'order.refunded':
        return { ...base, type: d.type, orderId: d.orderId } as unknown as AffEvent;
      default:
        return { ...base, type: d.type, storeId: d.storeId } as unknown as AffEvent;
    }
  });
}

const field = (e: AffEvent, name: string) => (e as unknown as Record<string, string | undefined>)[name];
const isSeller = (e: AffEvent) => e.type.startsWith('store.');
const isBuyer = (e: AffEvent) => e.type === 'click' || e.type.startsWith('order.');

/**
 * Must `list[a]` arrive before `list[b]` (a < b) for the service's answers to equal the model's
 * evaluation of `list` (time order, ties in list order)? The README's conditions, one by one.
 */
function mustPrecede(list: readonly AffEvent[], a: number, b: number): boolean {
  const x = list[a] as AffEvent;
  const y = list[b] as AffEvent;
  // An order's later events belong to the buyer and store of its creation, when that came first.
  const created = (i: number) => {
    const e = list[i] as AffEvent;
    if (!e.type.startsWith('order.') || e.type === 'order.created') return e;
    return list.find(
      (c, j) => j < i && c.type === 'order.created' && field(c, 'orderId') === field(e, 'orderId'),
    );
  };
  const storeOf = (i: number) =>
    field(
      isSeller(list[i] as AffEvent) ? (list[i] as AffEvent) : (created(i) ?? (list[i] as AffEvent)),
      'storeId',
    );
  const buyerOf = (i: number) => field(created(i) ?? (list[i] as AffEvent), 'buyerId');
  if (x.id === y.id) return true; // R17 identity in arrival order
  // 1. per store, its seller events in time order
  if (isSeller(x) && isSeller(y) && storeOf(a) === storeOf(b)) return true;
  // 2. per buyer, its clicks and orders; per order id, that order's events
  if (isBuyer(x) && isBuyer(y) && buyerOf(a) !== undefined && buyerOf(a) === buyerOf(b)) return true;
  if (field(x, 'orderId') !== undefined && field(x, 'orderId') === field(y, 'orderId')) return true;
  // 3. no seller event after a buyer event of its store with a later instant (ties: the model's order)
  if (isSeller(x) && isBuyer(y) && storeOf(b) !== undefined && storeOf(a) === storeOf(b)) return true;
  if (isBuyer(x) && isSeller(y) && x.at === y.at && storeOf(a) === storeOf(b)) return true;
  // 3. no registration after an event with a later instant that names it
  const names = (e: AffEvent, id: string) => field(e, 'affiliateId') === id;
  if (x.type === 'affiliate.registered' && names(y, field(x, 'affiliateId') as string)) return true;
  if (y.type === 'affiliate.registered' && x.at === y.at && names(x, field(y, 'affiliateId') as string))
    return true;
  return false;
}

describe('OrderedDispatch', () => {
  it('lets no event start before every event the ordering guarantee puts before it was answered, whatever the answers’ order', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        (draws, concurrency, picks) => {
          const recorded = toEvents(draws);
          const list = timeOrderDelivery(recorded).map((i) => recorded[i] as AffEvent);
          const dispatch = new OrderedDispatch(list, concurrency);
          const startedAt = new Array<number>(list.length).fill(-1);
          const answeredAt = new Array<number>(list.length).fill(-1);
          const inFlight: number[] = [];
          let clock = 0;
          let pick = 0;
          while (!dispatch.done) {
            for (const i of dispatch.take()) {
              expect(startedAt[i], `event ${i} started twice`).toBe(-1);
              startedAt[i] = clock++;
              inFlight.push(i);
            }
            expect(inFlight.length).toBeLessThanOrEqual(concurrency);
            // Never stuck: something is in flight whenever events are left.
            expect(inFlight.length).toBeGreaterThan(0);
            const [answered] = inFlight.splice((picks[pick++] ?? 0) % inFlight.length, 1);
            answeredAt[answered as number] = clock++;
            dispatch.finish(answered as number);
          }
          expect(startedAt.every((t) => t >= 0)).toBe(true);
          for (let b = 0; b < list.length; b += 1) {
            for (let a = 0; a < b; a += 1) {
              if (mustPrecede(list, a, b)) {
                expect(
                  answeredAt[a] as number,
                  `${list[a]?.id} (${list[a]?.type}) must be answered before ${list[b]?.id} (${list[b]?.type}) starts`,
                ).toBeLessThan(startedAt[b] as number);
              }
            }
          }
        },
      ),
      fcParams(300),
    );
  });

  it('sends different buyers of one store together, and the store’s next seller event only after them', () => {
    const clicks = ['b1', 'b2', 'b3'].map(
      (buyerId, i) =>
        ({ id: `c${i}`, at: 10 + i, type: 'click', buyerId, affiliateId: 'a1', storeId: 's1' }) as AffEvent,
    );
    const withdrawal = { id: 'w', at: 20, type: 'store.withdrew', storeId: 's1' } as AffEvent;
    const otherStore = {
      id: 'j',
      at: 21,
      type: 'store.joined',
      storeId: 's2',
      defaultRateBps: 500,
    } as AffEvent;
    const dispatch = new OrderedDispatch([...clicks, withdrawal, otherStore], 8);
    // The clicks and the other store's join at once; the withdrawal waits for s1's clicks.
    expect(dispatch.take()).toEqual([0, 1, 2, 4]);
    dispatch.finish(0);
    dispatch.finish(1);
    expect(dispatch.take()).toEqual([]);
    dispatch.finish(2);
    expect(dispatch.take()).toEqual([3]);
    // And never more than the concurrency at once.
    expect(new OrderedDispatch(clicks, 2).take()).toEqual([0, 1]);
  });
});
