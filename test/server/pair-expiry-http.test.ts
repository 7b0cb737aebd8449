import { expect, test } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { LATE_PROBLEM_TYPE, LATE_STATUS } from '../../sim/domain/api-limits.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { lateFailure } from '../../sim/targets/capacity-failure.js';
import { AT, send } from './_platform.js';

/**
 * Pair expiry over HTTP (server/README "Pair expiry"): a click or order later than the lag whose
 * (buyer, store) window state was dropped gets 410 naming the lag, the horizon and the flag;
 * nothing is applied, its id stays free (R17); in a batch the other events get their own answers.
 */
const T0 = Date.parse(AT);
const iso = (ms: number) => new Date(ms).toISOString();
const setup = [
  {
    id: 'reg',
    type: 'store.registered',
    at: AT,
    storeId: 's1',
    products: [{ productId: 'p1', categoryId: 'c1' }],
  },
  { id: 'join', type: 'store.joined', at: AT, storeId: 's1', defaultRateBps: 500 },
  { id: 'aff', type: 'affiliate.registered', at: AT, affiliateId: 'a1', channel: 'blog' },
];
const click = (id: string, buyerId: string, atMs: number) => ({
  id,
  type: 'click',
  at: iso(atMs),
  buyerId,
  affiliateId: 'a1',
  storeId: 's1',
  channel: 'blog',
});
const order = (id: string, buyerId: string, atMs: number) => ({
  id,
  type: 'order.created',
  at: iso(atMs),
  orderId: id,
  buyerId,
  storeId: 's1',
  lines: [{ productId: 'p1', amountCents: 1000 }],
});

test('a late order of an expired pair: 410 pair-expired naming lag, horizon and flag; nothing applied; id free', async () => {
  const { app } = createPlatform({ pairExpiryLagMs: DAY_MS, auth: NO_AUTH });
  const first = await send(app, 'POST', '/events/batch', {
    events: [...setup, click('c0', 'b0', T0 + 1000), click('c1', 'b1', T0 + 40 * DAY_MS)],
  });
  expect(first.body.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 200, 200]);
  const late = order('o0', 'b0', T0 + 10 * DAY_MS);
  const batch = await send(app, 'POST', '/events/batch', {
    events: [late, order('o1', 'b1', T0 + 40 * DAY_MS + 1)],
  });
  const [refused, taken] = batch.body.results;
  expect(taken.status).toBe(200);
  expect(refused.status).toBe(LATE_STATUS);
  expect(refused.body).toMatchObject({
    type: LATE_PROBLEM_TYPE,
    status: 410,
    eventId: 'o0',
    lag: '1d',
    horizon: iso(T0 + 39 * DAY_MS),
    flag: '--pair-expiry-lag 2d',
  });
  expect(refused.body.detail).toMatch(/buyer b0 in store s1 was dropped \(pair expiry\)/);
  expect(refused.body.detail).toMatch(/nothing was applied and the event id is not taken/);
  // Its own route says the same; no order was created, and the id is new again (not a repeat).
  const alone = await send(app, 'POST', '/events', late);
  expect([alone.status, alone.type, alone.headers.get('idempotent-replayed')]).toEqual([
    410,
    'application/problem+json',
    null,
  ]);
  expect((await send(app, 'GET', '/orders/o0/attribution')).status).toBe(404);
  const metrics = await (await app.request('/metrics')).text();
  expect(metrics).toMatch(/affsim_events_total\{type="order.created",outcome="late",rule=""\} 2/);
  // A client of affsim's API reports it as a failure of the target, naming the lag.
  expect(lateFailure('o0', refused)?.message).toMatch(
    /refused event o0 \(410\): it arrived later than its pair expiry lag 1d allows \(start it with --pair-expiry-lag 2d, or off\)/,
  );
  expect(lateFailure('o1', taken)).toBeUndefined();
});

test('without pair expiry (the default of createPlatform) the same late order is taken and credited', async () => {
  const { app } = createPlatform({ auth: NO_AUTH });
  await send(app, 'POST', '/events/batch', {
    events: [...setup, click('c0', 'b0', T0 + 1000), click('c1', 'b1', T0 + 40 * DAY_MS)],
  });
  expect((await send(app, 'POST', '/events', order('o0', 'b0', T0 + 10 * DAY_MS))).status).toBe(200);
  const decision = await send(app, 'GET', '/orders/o0/attribution');
  expect(decision.body).toMatchObject({ attributed: true, affiliateId: 'a1' });
});
