import { describe, expect, test } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { type Capacity, DEFAULT_CAPACITY } from '../../server/engine/capacity.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { createMutantEngine } from '../../server/mutants/index.js';
import { preloadEngine } from '../../server/preload-engine.js';
import { CAPACITY_PROBLEM_TYPE, CAPACITY_STATUS } from '../../sim/domain/api-limits.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { TargetError } from '../../sim/run/target-error.js';
import { runHistoryOnPlatform } from '../../sim/targets/run-history-on-platform.js';
import { AT, send } from './_platform.js';

/** Capacity limits (server/engine/capacity.ts), with small limits: never a default filled. */

const T = Date.parse(AT);
const storeEvent = (id: string, storeId: string, products = 1): AffEvent => ({
  id,
  at: T,
  type: 'store.registered',
  storeId,
  products: Array.from({ length: products }, (_, i) => ({ productId: `p${i}`, categoryId: 'c1' })),
});
const affiliateEvent = (id: string, affiliateId: string): AffEvent => ({
  id,
  at: T,
  type: 'affiliate.registered',
  affiliateId,
  channel: 'blog',
});
const joinEvent = (id: string): AffEvent => ({
  id,
  at: T,
  type: 'store.joined',
  storeId: 's1',
  defaultRateBps: 500,
});
const clickEvent = (id: string, buyerId: string): AffEvent => ({
  id,
  at: T + 1_000,
  type: 'click',
  buyerId,
  affiliateId: 'a1',
  storeId: 's1',
  channel: 'blog',
});
const orderEvent = (id: string, orderId: string): AffEvent => ({
  id,
  at: T + 2_000,
  type: 'order.created',
  orderId,
  buyerId: 'b1',
  storeId: 's1',
  lines: [{ productId: 'p0', amountCents: 1_000 }],
});
/** s1 (one product) joined, affiliate a1: 3 events. */
const WORLD = [storeEvent('w1', 's1'), affiliateEvent('w2', 'a1'), joinEvent('w3')];

function platform(limits: Partial<Capacity>) {
  const p = createPlatform({ auth: NO_AUTH, capacity: { ...DEFAULT_CAPACITY, ...limits } });
  return { ...p, post: (event: AffEvent) => send(p.app, 'POST', '/events', event) };
}

async function seeded(limits: Partial<Capacity>) {
  const p = platform(limits);
  for (const e of WORLD) expect((await p.post(e)).status).toBe(200);
  return p;
}

describe('each limit refuses the event that would pass it with 507 naming the limit, applying nothing', () => {
  const cases: { limit: keyof Capacity; max: number; fill: AffEvent[]; past: AffEvent }[] = [
    { limit: 'events', max: 4, fill: [affiliateEvent('f1', 'a2')], past: affiliateEvent('x', 'a3') },
    { limit: 'stores', max: 2, fill: [storeEvent('f1', 's2')], past: storeEvent('x', 's3') },
    { limit: 'affiliates', max: 2, fill: [affiliateEvent('f1', 'a2')], past: affiliateEvent('x', 'a3') },
    { limit: 'products', max: 3, fill: [storeEvent('f1', 's2', 2)], past: storeEvent('x', 's3', 1) },
    { limit: 'orders', max: 1, fill: [orderEvent('f1', 'o1')], past: orderEvent('x', 'o2') },
    { limit: 'pairs', max: 1, fill: [clickEvent('f1', 'b1')], past: clickEvent('x', 'b2') },
  ];
  test.each(cases)('$limit', async ({ limit, max, fill, past }) => {
    const p = await seeded({ [limit]: max });
    for (const e of fill) expect((await p.post(e)).status).toBe(200);
    const before = p.engine.stats();
    const r = await p.post(past);
    expect(r.status).toBe(CAPACITY_STATUS);
    expect(r.type).toBe('application/problem+json');
    expect(r.body).toMatchObject({
      type: CAPACITY_PROBLEM_TYPE,
      status: 507,
      limit,
      max,
      eventId: 'x',
      flag: expect.stringMatching(new RegExp(`^--limit ${limit}=\\d+$`)),
      detail: expect.stringContaining(`limit ${limit}=${max}`),
    });
    expect(r.body.rule).toBeUndefined();
    expect(p.engine.stats()).toEqual(before);
  });
});

describe('a capacity refusal does not take the event id (R17)', () => {
  test('the same event is refused again, not answered as a repeat; the id is free for another event', async () => {
    const p = await seeded({ stores: 1 });
    const refused = await p.post(storeEvent('x', 's2'));
    expect(refused.status).toBe(507);
    const again = await p.post(storeEvent('x', 's2'));
    expect(again.status).toBe(507);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    // Another payload under the id: not a 409, the id was never recorded.
    expect((await p.post(affiliateEvent('x', 'a2'))).status).toBe(200);
  });
  test('a retry is applied on a server with room (what the problem body advises)', async () => {
    const full = await seeded({ orders: 1 });
    expect((await full.post(orderEvent('o-1', 'o1'))).status).toBe(200);
    expect((await full.post(orderEvent('o-2', 'o2'))).status).toBe(507);
    const roomy = await seeded({ orders: 2 });
    expect((await roomy.post(orderEvent('o-1', 'o1'))).status).toBe(200);
    expect((await roomy.post(orderEvent('o-2', 'o2'))).body).toMatchObject({
      outcome: 'accepted',
      orderId: 'o2',
    });
  });
  test('at the events limit a repeat still gets its original answer and a reused id its 409', async () => {
    const p = await seeded({ events: 3 });
    const repeat = await p.post(WORLD[1] as AffEvent);
    expect(repeat.status).toBe(200);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect((await p.post(affiliateEvent('w2', 'other'))).status).toBe(409);
    expect((await p.post(affiliateEvent('new', 'a2'))).body).toMatchObject({ limit: 'events', max: 3 });
  });
  test('a registration of a name already taken adds nothing: its rule answers it, even at the limit', async () => {
    const p = await seeded({ stores: 1 });
    expect((await p.post(storeEvent('again', 's1'))).body).toMatchObject({ status: 422, rule: 'R16' });
  });
});

describe('batches and clients', () => {
  test('a batch answers each event: those before the limit stay applied, the ones past it get 507', async () => {
    const p = await seeded({ affiliates: 2 });
    const r = await send(p.app, 'POST', '/events/batch', {
      events: [affiliateEvent('b1', 'a2'), affiliateEvent('b2', 'a3'), clickEvent('b3', 'b1'), { id: 'bad' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: number }) => x.status)).toEqual([200, 507, 200, 400]);
    expect(r.body.results[1].body).toMatchObject({ limit: 'affiliates', eventId: 'b2' });
    expect(p.engine.stats()).toMatchObject({ affiliates: 2, pairs: 1, eventIds: 5 });
  });
  test("affsim's history client stops with a TargetError naming the limit and its flag", async () => {
    const p = platform({ orders: 1 });
    const sendTo = (path: string, init?: RequestInit) => Promise.resolve(p.app.request(path, init));
    const history = [...WORLD, clickEvent('c1', 'b1'), orderEvent('o-1', 'o1'), orderEvent('o-2', 'o2')];
    const run = runHistoryOnPlatform(history, sendTo);
    await expect(run).rejects.toThrow(TargetError);
    await expect(run).rejects.toThrow(/event o-2 \(507\).*capacity limit orders=1.*--limit orders=2/);
  });
  test('/metrics shows each limit next to its usage', async () => {
    const p = await seeded({ orders: 7 });
    const text = await (await p.app.request('/metrics')).text();
    expect(text).toContain('affsim_capacity_limit{limit="orders"} 7');
    expect(text).toContain(`affsim_capacity_limit{limit="events"} ${DEFAULT_CAPACITY.events}`);
    expect(text).toContain('affsim_capacity_used{limit="events"} 3');
    expect(text).toContain('affsim_capacity_used{limit="products"} 1');
    await p.post(orderEvent('o-1', 'o1'));
    for (let i = 2; i <= 8; i += 1) await p.post(orderEvent(`o-${i}`, `o${i}`));
    const after = await (await p.app.request('/metrics')).text();
    expect(after).toContain('affsim_capacity_used{limit="orders"} 7');
    expect(after).toContain('affsim_capacity_refusals_total{limit="orders"} 1');
  });
});

describe('engines built elsewhere enforce the same limits', () => {
  test('a mutant engine (affsim serve --mutant) and a preload stop at the limit', () => {
    const capacity = { ...DEFAULT_CAPACITY, affiliates: 1 };
    const mutant = createMutantEngine('retry-applied-twice', DEFAULT_POLICY, capacity);
    expect(mutant.capacity).toBe(capacity);
    mutant.submit(affiliateEvent('m1', 'a1'));
    expect(mutant.submit(affiliateEvent('m2', 'a2')).refused).toMatchObject({ limit: 'affiliates', used: 1 });
    const preloaded = preloadEngine(
      [affiliateEvent('p1', 'a1'), affiliateEvent('p2', 'a2'), affiliateEvent('p3', 'a3')],
      DEFAULT_POLICY,
      createMutantEngine('retry-applied-twice', DEFAULT_POLICY, capacity),
    );
    expect(preloaded).toMatchObject({ events: 1, full: { limit: 'affiliates', index: 1 } });
  });
});
