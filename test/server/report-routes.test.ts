import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { createEngine } from '../../server/engine/engine.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { preloadEngine } from '../../server/preload-engine.js';
import { AFFILIATE_REPORTS, type Row, STORE_REPORTS } from '../../sim/domain/reports/index.js';
import { timeOrderDelivery } from '../../sim/history/delivery-order.js';
import { type History, historyArb, sellerEventsFirstPerDay } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { affiliatesOf, allPages, oracleOf, storesOf } from '../reports/_report-oracle.js';
import { send } from './_platform.js';

// Why: the server's reports come from the engine's own answers and decisions; they must equal
// `affsim report`'s (the model's) on the same history, through the HTTP routes, pages and CSV.
// Without credentials here: these routes' R18 scoping, like every route's, is scoping.test.ts's.

type App = ReturnType<typeof createPlatform>['app'];

async function serverPages(app: App, path: string, limit: number): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor === null ? {} : { cursor }) });
    const r = await send(app, 'GET', `${path}?${q}`);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    rows.push(...r.body.rows);
    cursor = r.body.nextCursor;
  } while (cursor !== null);
  return rows;
}

/** Messages are each engine's own words; everything else must agree. */
const withoutMessages = (rows: Row[]) => rows.map(({ message: _, ...r }) => r);
const sorted = (rows: Row[]) =>
  withoutMessages(rows)
    .map((r) => JSON.stringify(r))
    .sort();

async function compare(history: History, delivery: 'time' | 'recorded', limit: number): Promise<void> {
  const o = oracleOf(history);
  const platform = createPlatform({ policy: o.traced.policy, auth: NO_AUTH });
  const { app } = platform;
  // 'recorded': the file's order as sent, which for a sellerEventsFirstPerDay history is what the
  // simulator does (a day's seller events ahead of its buyer events, inside the ordering guarantee).
  const events =
    delivery === 'time' ? timeOrderDelivery(o.traced.events).map((i) => o.traced.events[i]) : o.traced.events;
  for (const e of events)
    await send(app, 'POST', '/events', { ...e, at: new Date(e?.at ?? 0).toISOString() });
  const same = (server: Row[], model: Row[]) =>
    delivery === 'time'
      ? expect(withoutMessages(server)).toEqual(withoutMessages(model))
      : expect(sorted(server)).toEqual(sorted(model));
  for (const id of storesOf(o))
    for (const type of STORE_REPORTS)
      same(
        await serverPages(app, `/stores/${id}/reports/${type}`, limit),
        allPages(o.book, 'store', id, type).rows,
      );
  for (const id of affiliatesOf(o))
    for (const type of AFFILIATE_REPORTS)
      same(
        await serverPages(app, `/affiliates/${id}/reports/${type}`, limit),
        allPages(o.book, 'affiliate', id, type).rows,
      );
}

describe("the server's reports equal the model's (affsim report) on the same history", () => {
  it('events in time order: every report, page by page', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb({ maxSteps: 50 }), fc.integer({ min: 1, max: 4 }), (h, limit) =>
        compare(h, 'time', limit),
      ),
      fcParams(25),
    );
  });

  it("a day's seller events ahead of its buyer events, as the simulator sends them: the same rows", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb({ maxSteps: 50 }), (h) =>
        compare({ ...h, events: sellerEventsFirstPerDay(h.events) }, 'recorded', 1000),
      ),
      fcParams(25),
    );
  });
});

describe('report routes', () => {
  const worked = oracleWorld();

  it('CSV with Accept: text/csv, the next cursor in a header', async () => {
    const { app } = await worked;
    const res = await app.request('/stores/s1/reports/dashboard?limit=1&from=2026-01-01&to=2026-01-31', {
      headers: { accept: 'text/csv' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('next-cursor')).toMatch(/^[A-Za-z0-9_-]+$/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]?.split(',').slice(0, 4)).toEqual(['period', 'from', 'to', 'clicks.qualifying']);
    expect(lines[1]).toMatch(/^current,2026-01-01,2026-01-31,1,0,1,1,0,12999,2100,2100,10000$/);
  });

  it.each([
    ['/stores/s1/reports/balance', 'params.type'],
    ['/stores/s1/reports/orders?status=paid', 'query.status'],
    ['/stores/s1/reports/orders?from=2026-02-30', 'query.from'],
    ['/stores/s1/reports/orders?limit=5000', 'query.limit'],
    ['/stores/s1/reports/orders?cursor=xyz', 'query.cursor'],
    ['/stores/s1/reports/dashboard?channel=sns', 'query.channel'],
    ['/affiliates/a1/reports/dashboard', 'params.type'],
  ])('%s is a 400 naming %s', async (path, field) => {
    const { app } = await worked;
    const r = await send(app, 'GET', path);
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json');
    expect(r.body.errors[0].path).toBe(field);
  });

  it('an unknown store or affiliate is a 404 citing R16', async () => {
    const { app } = await worked;
    for (const path of ['/stores/s9/reports/orders', '/affiliates/a9/reports/orders']) {
      const r = await send(app, 'GET', path);
      expect([r.status, r.body.rule]).toEqual([404, 'R16']);
    }
  });

  it("a platform that keeps no report book (a run's) answers its report routes 404", async () => {
    const { app } = createPlatform({ reports: false, auth: NO_AUTH });
    for (const e of WORKED) await send(app, 'POST', '/events', e);
    const r = await send(app, 'GET', '/stores/s1/reports/dashboard');
    expect([r.status, r.type]).toEqual([404, 'application/problem+json']);
  });

  it('the reports are in the OpenAPI document', async () => {
    const { app } = await worked;
    const r = await send(app, 'GET', '/openapi.json');
    expect(Object.keys(r.body.paths)).toEqual(
      expect.arrayContaining([
        '/stores/{storeId}/reports/{type}',
        '/affiliates/{affiliateId}/reports/{type}',
      ]),
    );
  });

  it('a preloaded engine brings its reports (affsim serve --preload)', async () => {
    const o = oracleOf({ policy: {}, events: WORKED });
    const { engine } = preloadEngine(o.traced.events, o.traced.policy, createEngine(o.traced.policy));
    const { app } = createPlatform({ engine, auth: NO_AUTH });
    expect(await serverPages(app, '/stores/s1/reports/transactions', 10)).toEqual(
      allPages(o.book, 'store', 's1', 'transactions').rows,
    );
  });
});

const WORKED: History['events'] = [
  {
    id: 'e1',
    type: 'store.registered',
    at: '2026-01-01T00:00:00.000Z',
    storeId: 's1',
    products: [
      { productId: 'p1', categoryId: 'c1' },
      { productId: 'p2', categoryId: 'c2' },
    ],
  },
  {
    id: 'e2',
    type: 'affiliate.registered',
    at: '2026-01-01T00:00:00.000Z',
    affiliateId: 'a1',
    channel: 'sns',
  },
  { id: 'e3', type: 'store.joined', at: '2026-01-01T00:00:00.000Z', storeId: 's1', defaultRateBps: 500 },
  {
    id: 'e4',
    type: 'store.mainProductSet',
    at: '2026-01-02T00:00:00.000Z',
    storeId: 's1',
    productId: 'p1',
    rateBps: 2000,
  },
  {
    id: 'e5',
    type: 'click',
    at: '2026-01-03T00:00:00.000Z',
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    productId: 'p1',
    channel: 'sns',
  },
  {
    id: 'e6',
    type: 'order.created',
    at: '2026-01-05T00:00:00.000Z',
    orderId: 'o1',
    buyerId: 'b1',
    storeId: 's1',
    lines: [
      { productId: 'p1', amountCents: 10000 },
      { productId: 'p2', amountCents: 2999 },
    ],
  },
  {
    id: 'e7',
    type: 'order.refunded',
    at: '2026-01-06T00:00:00.000Z',
    orderId: 'o1',
    productId: 'p2',
    amountCents: 999,
  },
  { id: 'e8', type: 'order.completed', at: '2026-01-20T00:00:00.000Z', orderId: 'o1' },
];

async function oracleWorld() {
  const platform = createPlatform({ auth: NO_AUTH });
  for (const e of WORKED) await send(platform.app, 'POST', '/events', e);
  return platform;
}
