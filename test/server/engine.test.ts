import { describe, expect, test } from 'vitest';
import { createEngine, type Engine } from '../../server/engine/index.js';
import type { Decision } from '../../sim/domain/decision.js';
import { type AffEvent, eventSchemas } from '../../sim/domain/events.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, type Policy, withOverrides } from '../../sim/domain/policy.js';

/** Unit tests of the platform engine at the boundaries of the rules, and of its ordering guarantee. */

const T0 = Date.parse('2026-01-01T00:00:00Z');
let nextId = 0;
function ev(
  body: Record<string, unknown> & { type: AffEvent['type'] },
  atMs: number,
  id = `e${++nextId}`,
): AffEvent {
  return eventSchemas[body.type].parse({ id, at: atMs, ...body }) as AffEvent;
}
const store = (atMs = T0) =>
  ev(
    {
      type: 'store.registered',
      storeId: 's1',
      products: [
        { productId: 'p1', categoryId: 'c1' },
        { productId: 'p2', categoryId: 'c2' },
      ],
    },
    atMs,
  );
const affiliate = (id = 'a1', atMs = T0) =>
  ev({ type: 'affiliate.registered', affiliateId: id, channel: 'sns' }, atMs);
const join = (atMs: number, rate = 500) =>
  ev({ type: 'store.joined', storeId: 's1', defaultRateBps: rate }, atMs);
const withdraw = (atMs: number) => ev({ type: 'store.withdrew', storeId: 's1' }, atMs);
const click = (atMs: number, a = 'a1', buyerId = 'b1') =>
  ev({ type: 'click', buyerId, affiliateId: a, storeId: 's1', channel: 'sns' }, atMs);
const order = (orderId: string, atMs: number, buyerId = 'b1') =>
  ev(
    {
      type: 'order.created',
      orderId,
      buyerId,
      storeId: 's1',
      lines: [{ productId: 'p1', amountCents: 10_000 }],
    },
    atMs,
  );

function engineWith(events: AffEvent[], policy: Partial<Policy> = {}): Engine {
  const engine = createEngine(withOverrides(DEFAULT_POLICY, policy));
  for (const e of events) engine.submit(e);
  return engine;
}
const decision = (engine: Engine, orderId: string) => engine.decision(orderId) as Decision;
const rule = (engine: Engine, e: AffEvent) => {
  const { outcome } = engine.submit(e);
  if (outcome === undefined) throw new Error('unexpected capacity refusal');
  return outcome.kind === 'rejected' ? outcome.rule : 'accepted';
};

describe('windows (R6, R8, R9)', () => {
  const base = () => [store(), affiliate(), join(T0), click(T0 + DAY_MS)];
  test('R6: the window is half-open: an order 1 ms before its end is attributed, at its end it is not', () => {
    const end = T0 + DAY_MS + 15 * DAY_MS;
    const engine = engineWith([...base(), order('in', end - 1), order('out', end, 'b1')]);
    expect(decision(engine, 'in')).toMatchObject({
      attributed: true,
      affiliateId: 'a1',
      windowEndsAtMs: end,
    });
    expect(decision(engine, 'out')).toMatchObject({ attributed: false, reason: 'window-expired' });
  });
  test('R6, R8: a click inside the window restarts it; first-click credit keeps the chain start', () => {
    const events = [...base(), affiliate('a2'), click(T0 + 10 * DAY_MS, 'a2'), order('o', T0 + 20 * DAY_MS)];
    expect(decision(engineWith(events), 'o')).toMatchObject({
      affiliateId: 'a2',
      clickAtMs: T0 + 10 * DAY_MS,
    });
    expect(decision(engineWith(events, { credit: 'first-click' }), 'o')).toMatchObject({
      affiliateId: 'a1',
      clickAtMs: T0 + DAY_MS,
      windowEndsAtMs: T0 + 25 * DAY_MS,
    });
  });
  test('R9: no click, and a withdrawn store, give the first reason that applies', () => {
    const engine = engineWith([store(), affiliate(), join(T0), order('o', T0 + 1)]);
    expect(decision(engine, 'o')).toMatchObject({ attributed: false, reason: 'no-click' });
    const out = engineWith([...base(), withdraw(T0 + 15 * DAY_MS), order('o', T0 + 15 * DAY_MS)]);
    expect(decision(out, 'o')).toMatchObject({ attributed: false, reason: 'store-not-member' });
    const honored = engineWith([...base(), withdraw(T0 + 15 * DAY_MS), order('o', T0 + 15 * DAY_MS)], {
      postWithdrawalOrders: 'honor-click-window',
    });
    expect(decision(honored, 'o')).toMatchObject({ attributed: true });
  });
});

describe('membership (R1, R2) at the boundary instant', () => {
  test('R2: withdrawal 1 ms before joinedAt + minMembershipDays is refused, at it accepted', () => {
    const engine = engineWith([store(), join(T0)]);
    expect(rule(engine, withdraw(T0 + 15 * DAY_MS - 1))).toBe('R2');
    expect(rule(engine, withdraw(T0 + 15 * DAY_MS))).toBe('accepted');
  });
  test('R1: rejoin 1 ms before the cooldown ends is refused, at it accepted; rate bounds are R1', () => {
    const engine = engineWith([store(), join(T0), withdraw(T0 + 15 * DAY_MS)]);
    expect(rule(engine, join(T0 + 30 * DAY_MS - 1))).toBe('R1');
    expect(rule(engine, join(T0 + 30 * DAY_MS, 0))).toBe('R1');
    expect(rule(engine, join(T0 + 30 * DAY_MS))).toBe('accepted');
    expect(rule(engine, join(T0 + 31 * DAY_MS))).toBe('R1');
  });
});

describe('ordering guarantee: versioned by time (R4, "Order of evaluation")', () => {
  test("a day's seller events may arrive before that day's earlier buyer events", () => {
    // Arrival: join, rate change at 18:00, withdrawal later; then a click and an order from 10:00.
    const engine = engineWith([
      store(),
      affiliate(),
      join(T0),
      ev({ type: 'store.defaultRateSet', storeId: 's1', rateBps: 900 }, T0 + 20 * DAY_MS),
      withdraw(T0 + 21 * DAY_MS),
      click(T0 + 19 * DAY_MS),
      order('before', T0 + 19 * DAY_MS + 1),
      order('after-rate', T0 + 20 * DAY_MS + 1, 'b1'),
      order('after-withdrawal', T0 + 21 * DAY_MS, 'b1'),
    ]);
    expect(decision(engine, 'before').lines[0]?.rate).toEqual({ rateBps: 500, tier: 'default' });
    expect(decision(engine, 'after-rate').lines[0]?.rate).toEqual({ rateBps: 900, tier: 'default' });
    expect(decision(engine, 'after-withdrawal')).toMatchObject({ reason: 'store-not-member' });
    expect(engine.stats().lateSellerEvents).toBe(0);
  });
  test('equal instants follow arrival: a click recorded before the join does not qualify, after it does', () => {
    const engine = engineWith([store(), affiliate()]);
    const before = engine.submit(click(T0 + 5));
    engine.submit(join(T0 + 5));
    const after = engine.submit(click(T0 + 5, 'a1', 'b2'));
    expect(before.outcome).toMatchObject({ effect: { qualifying: false, rule: 'R5' } });
    expect(after.outcome).toMatchObject({ effect: { qualifying: true, window: 'started' } });
  });
  test('R16: an event before the instant of a registration names an unknown store or affiliate', () => {
    const engine = engineWith([store(T0 + 10), affiliate('a1', T0 + 10), join(T0 + 10)]);
    expect(rule(engine, click(T0 + 9))).toBe('R16');
    expect(rule(engine, join(T0 + 9))).toBe('R16');
    expect(rule(engine, click(T0 + 10))).toBe('accepted');
  });
  test('a seller event after a later buyer event of its store is outside the guarantee: answered, and counted', () => {
    const engine = engineWith([store(), affiliate(), join(T0), click(T0 + 20 * DAY_MS)]);
    expect(rule(engine, withdraw(T0 + 16 * DAY_MS))).toBe('accepted');
    expect(engine.stats().lateSellerEvents).toBe(1);
  });
});

describe('R17 identity, memory and what-if', () => {
  test('a repeat gets the original answer and changes nothing; another payload is refused', () => {
    const engine = engineWith([store(), affiliate(), join(T0)]);
    const first = click(T0 + 1, 'a1', 'b1');
    const original = engine.submit(first);
    expect(engine.submit({ ...first })).toEqual({ outcome: original.outcome, repeat: true });
    expect(engine.submit({ ...first, buyerId: 'b9' } as AffEvent).outcome).toMatchObject({
      kind: 'rejected',
      rule: 'R17',
    });
  });
  test('memory is per (buyer, store) pair, not per click', () => {
    const engine = engineWith([store(), affiliate(), join(T0)]);
    for (let i = 0; i < 1000; i += 1) engine.submit(click(T0 + i * 60_000));
    expect(engine.stats()).toMatchObject({ pairs: 1, orders: 0 });
  });
  test('what-if decides like an order would, creates nothing, and refuses instants before the latest click (R8)', () => {
    const engine = engineWith([store(), affiliate(), join(T0), click(T0 + DAY_MS)]);
    const query = { buyerId: 'b1', storeId: 's1', lines: [{ productId: 'p1', amountCents: 999 }] };
    expect(engine.whatIf({ ...query, at: T0 + 2 * DAY_MS })).toMatchObject({
      ok: true,
      decision: { attributed: true, status: 'pending', commissionCents: 50 },
    });
    expect(engine.whatIf({ ...query, at: T0 })).toMatchObject({ ok: false, rule: 'R8' });
    expect(engine.whatIf({ ...query, storeId: 'nope', at: T0 })).toMatchObject({ ok: false, rule: 'R16' });
    expect(engine.stats().orders).toBe(0);
  });
});
