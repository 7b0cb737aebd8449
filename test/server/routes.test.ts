import { describe, expect, test } from 'vitest';
import { createApp, createPlatform } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { BATCH_EVENTS_MAX, BODY_BYTES_MAX } from '../../sim/domain/api-limits.js';
import { AT, seedWorld, send } from './_platform.js';

/** Route tests through `app.request`: each surface of the platform, and the one problem+json error path. */

const PROBLEM = 'application/problem+json';

describe('seller backend (R1, R2, R4, R18)', () => {
  test('settings, main products and category rates act on the store of the URL', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    expect(
      (await send(app, 'PUT', '/sellers/s1/default-rate', { id: 'x1', at: AT, rateBps: 700 })).status,
    ).toBe(200);
    expect(
      (await send(app, 'PUT', '/sellers/s1/main-products/p1', { id: 'x2', at: AT, rateBps: 2000 })).status,
    ).toBe(200);
    expect((await send(app, 'DELETE', '/sellers/s1/main-products/p1', { id: 'x3', at: AT })).status).toBe(
      200,
    );
    expect(
      (await send(app, 'PUT', '/sellers/s1/category-rates/c1', { id: 'x4', at: AT, rateBps: 100 })).status,
    ).toBe(200);
    const removedTwice = await send(app, 'DELETE', '/sellers/s1/main-products/p1', { id: 'x5', at: AT });
    expect(removedTwice).toMatchObject({ status: 422, type: PROBLEM, body: { rule: 'R4', eventId: 'x5' } });
    const early = await send(app, 'POST', '/sellers/s1/membership/withdraw', { id: 'x6', at: AT });
    expect(early.body).toMatchObject({ rule: 'R2', status: 422 });
  });
  test('R18: a body cannot name another store', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    const r = await send(app, 'PUT', '/sellers/s1/default-rate', {
      id: 'x1',
      at: AT,
      rateBps: 700,
      storeId: 's2',
    });
    expect(r).toMatchObject({ status: 400, type: PROBLEM });
    expect(r.body.errors[0]).toMatchObject({ path: 'body', message: expect.stringContaining('storeId') });
  });
});

describe('affiliate portal and buyer traffic', () => {
  test('a promotion link records the click and redirects to the product', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    const link = await send(app, 'POST', '/affiliates/a1/links', {
      storeId: 's1',
      productId: 'p2',
      channel: 'blog',
    });
    expect(link).toMatchObject({ status: 201, body: { affiliateId: 'a1', productId: 'p2' } });
    const res = await app.request(`${link.body.url}?id=c1&buyerId=b2&at=2026-01-05T00:00:00Z`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/stores/s1/products/p2');
    const repeat = await app.request(`${link.body.url}?id=c1&buyerId=b2&at=2026-01-05T00:00:00Z`);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    const missing = await send(app, 'GET', `${link.body.url}?id=c2&buyerId=b2`);
    expect(missing).toMatchObject({ status: 400, type: PROBLEM, body: { errors: [{ path: 'query.at' }] } });
    expect((await send(app, 'GET', '/r/not-a-link?id=c3&buyerId=b&at=1')).status).toBe(404);
    expect(
      (await send(app, 'POST', '/affiliates/zz/links', { storeId: 's1', channel: 'blog' })).body,
    ).toMatchObject({ rule: 'R16' });
  });
  test('R18: an affiliate reads only its own orders', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    expect((await send(app, 'GET', '/affiliates/a1/orders/o1')).body).toMatchObject({
      orderId: 'o1',
      affiliateId: 'a1',
    });
    expect((await send(app, 'GET', '/affiliates/a2/orders/o1')).body).toMatchObject({
      status: 404,
      rule: 'R18',
    });
  });
});

describe('orders, attribution and what-if', () => {
  test('lifecycle, refunds and the decision of RULES.md', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    expect(
      (
        await send(app, 'POST', '/orders/o1/refunds', {
          id: 'r1',
          at: AT.replace('01T', '04T'),
          productId: 'p2',
          amountCents: 999,
        })
      ).status,
    ).toBe(200);
    expect(
      (await send(app, 'POST', '/orders/o1/completion', { id: 'r2', at: '2026-01-20T00:00:00Z' })).status,
    ).toBe(200);
    expect(
      (await send(app, 'POST', '/orders/o1/cancellation', { id: 'r3', at: '2026-01-21T00:00:00Z' })).body,
    ).toMatchObject({ rule: 'R16' });
    const d = await send(app, 'GET', '/orders/o1/attribution');
    expect(d.body).toEqual({
      orderId: 'o1',
      attributed: true,
      reason: null,
      affiliateId: 'a1',
      clickAt: '2026-01-02T00:00:00.000Z',
      windowEndsAt: '2026-01-17T00:00:00.000Z',
      status: 'payable',
      commissionCents: 600,
      lines: [
        {
          productId: 'p1',
          amountCents: 10_000,
          refundedCents: 0,
          rateBps: 500,
          tier: 'default',
          commissionCents: 500,
        },
        {
          productId: 'p2',
          amountCents: 2_999,
          refundedCents: 999,
          rateBps: 500,
          tier: 'default',
          commissionCents: 100,
        },
      ],
    });
    expect((await send(app, 'GET', '/orders/nope/attribution')).body).toMatchObject({
      status: 404,
      rule: 'R16',
    });
  });
  test('what-if answers a decision and creates nothing', async () => {
    const { app, engine } = createPlatform({ auth: NO_AUTH });
    await seedWorld(app);
    const before = engine.stats();
    const r = await send(app, 'POST', '/attribution/what-if', {
      buyerId: 'b1',
      storeId: 's1',
      at: '2026-01-10T00:00:00Z',
      lines: [{ productId: 'p1', amountCents: 100 }],
    });
    expect(r.body).toMatchObject({
      attributed: true,
      affiliateId: 'a1',
      status: 'pending',
      commissionCents: 5,
    });
    expect(engine.stats()).toEqual(before);
  });
});

describe('batch ingestion and idempotency (R17)', () => {
  test('each event is answered individually, in order, as its own route would', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    const r = await send(app, 'POST', '/events/batch', {
      events: [
        { id: 'b1', type: 'order.completed', at: '2026-01-10T00:00:00Z', orderId: 'o1' },
        { id: 'b2', type: 'order.cancelled', at: '2026-01-11T00:00:00Z', orderId: 'o1' },
        { id: 'b3', type: 'nope' },
        { id: 'w1', type: 'order.completed', at: '2026-01-10T00:00:00Z', orderId: 'o1' },
        { id: 'b1', type: 'order.completed', at: 1768003200000, orderId: 'o1' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: number; repeat: boolean }) => [x.status, x.repeat])).toEqual([
      [200, false],
      [422, false],
      [400, false],
      [409, false],
      [200, true],
    ]);
    expect(r.body.results[2].body.errors[0].path).toBe('body.events[2].type');
  });
  test('a batch over the limit, or a body over the size limit, is refused whole', async () => {
    const { app, engine } = createPlatform({ auth: NO_AUTH });
    const event = { id: 'x', type: 'affiliate.registered', at: AT, affiliateId: 'a', channel: 'sns' };
    const tooMany = await send(app, 'POST', '/events/batch', {
      events: Array.from({ length: BATCH_EVENTS_MAX + 1 }, () => event),
    });
    expect(tooMany).toMatchObject({
      status: 400,
      type: PROBLEM,
      body: { errors: [{ path: 'body.events' }] },
    });
    const huge = await send(app, 'POST', '/events', `{"pad":"${'x'.repeat(BODY_BYTES_MAX)}"}`);
    expect(huge).toMatchObject({ status: 413, type: PROBLEM });
    expect(engine.stats().eventIds).toBe(0);
  });
});

describe('errors and operations', () => {
  test('malformed JSON, wrong types and unknown routes are problems naming what is wrong', async () => {
    const app = createApp({ auth: NO_AUTH });
    expect(await send(app, 'POST', '/orders', '{"id": ')).toMatchObject({
      status: 400,
      type: PROBLEM,
      body: { type: 'urn:affsim:problem:malformed-json' },
    });
    const wrong = await send(app, 'POST', '/orders', {
      id: 'o',
      at: AT,
      orderId: 'o',
      buyerId: 'b',
      storeId: 's',
      lines: [{ productId: 'p', amountCents: 1.5 }],
    });
    expect(wrong.body.errors[0].path).toBe('body.lines[0].amountCents');
    expect(await send(app, 'GET', '/nowhere')).toMatchObject({
      status: 404,
      type: PROBLEM,
      body: { instance: '/nowhere' },
    });
  });
  test('healthz, ping, policy, metrics, OpenAPI 3.1 and the offline docs page', async () => {
    const app = createApp({ auth: NO_AUTH });
    await seedWorld(app);
    expect((await send(app, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await send(app, 'GET', '/ping')).body).toEqual({ pong: true });
    expect((await send(app, 'GET', '/policy')).body).toMatchObject({ windowDays: 15 });
    await send(app, 'POST', '/sellers/s1/membership/join', { id: 'again', at: AT, defaultRateBps: 500 });
    const metrics = await send(app, 'GET', '/metrics');
    expect(metrics.body).toContain('affsim_events_total{type="store.joined",outcome="rejected",rule="R1"} 1');
    expect(metrics.body).toContain(
      'affsim_http_request_duration_seconds_bucket{le="0.001",method="POST",route="/sellers/:storeId/membership/join"}',
    );
    // What a soak reads as kept (sim/run/soak.ts): the heap after the latest full GC, the typed
    // arrays (the R17 ledger's table at least) and the report book's rows (the seeded world's settings).
    const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics.body)?.[1]);
    expect(gauge('affsim_heap_after_gc_bytes')).toBeGreaterThanOrEqual(0);
    expect(gauge('affsim_array_buffers_bytes')).toBeGreaterThan(0);
    expect(gauge('affsim_report_rows')).toBeGreaterThan(0);
    expect(gauge('affsim_report_day_totals')).toBeGreaterThanOrEqual(0);
    const doc = (await send(app, 'GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/orders/{orderId}/attribution', '/events/batch', '/r/{linkId}']),
    );
    const page = await app.request('/docs');
    expect(await page.text()).toContain('/docs/assets/swagger-ui-bundle.js');
    const asset = await app.request('/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    expect((await send(app, 'GET', '/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });
});
