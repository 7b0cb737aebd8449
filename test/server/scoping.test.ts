import { describe, expect, test } from 'vitest';
import { toDecisionJson } from '../../sim/domain/decision.js';
import { call, INGEST, tenantWorld } from './_tenants.js';

/**
 * R18 on every route, generated from the served OpenAPI document: each operation is tried with no
 * token, a bad token and other tenants' tokens, and must answer 401, 403 or 404 as its declared
 * access (`x-affsim-access`) says, with nothing changed. A new route is in the document (the app
 * serves no route that is not), so it cannot skip this.
 */
const world = await tenantWorld();
const { app, platform, tokens } = world;
const link = (
  await call(app, 'POST', '/affiliates/a1/links', {
    token: tokens.a1,
    body: { storeId: 's1', channel: 'sns' },
  })
).body.linkId as string;

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly access: string;
  readonly security: unknown[];
}
const doc = (await (await app.request('/openapi.json')).json()) as {
  paths: Record<string, Record<string, { 'x-affsim-access': string; security: unknown[] }>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
};
const OPERATIONS: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    method,
    path,
    access: op['x-affsim-access'],
    security: op.security,
  })),
);

/** The path of an operation with ids that belong to s1, a1 and its order o1: the victims. */
const PARAMS: Record<string, string> = {
  storeId: 's1',
  affiliateId: 'a1',
  orderId: 'o1',
  productId: 'p1',
  categoryId: 'c1',
  linkId: link,
};
const urlOf = (path: string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(PARAMS[name] ?? name));

/** A body each route would take from its rightful caller (what the attacker sends in another's name). */
const BODY: Record<string, unknown> = {
  '/events': { id: 'z', type: 'store.defaultRateSet', at: 1, storeId: 's1', rateBps: 9000 },
  '/events/batch': { events: [{ id: 'z', type: 'store.withdrew', at: 1, storeId: 's1' }] },
  '/auth/tokens': { kind: 'seller', storeId: 's1' },
  '/attribution/decisions': { orderIds: ['o1'] },
  '/attribution/what-if': {
    buyerId: 'b1',
    storeId: 's1',
    at: 1,
    lines: [{ productId: 'p1', amountCents: 1 }],
  },
  '/affiliates/{affiliateId}/links': { storeId: 's1', channel: 'sns' },
  '/orders': {
    id: 'z',
    orderId: 'oz',
    buyerId: 'b1',
    at: 1,
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 1 }],
  },
};
const bodyOf = (op: Operation) =>
  op.method === 'get'
    ? undefined
    : (BODY[op.path] ?? { id: 'z', rateBps: 9000, defaultRateBps: 9000, productId: 'p1', amountCents: 1 });

/** Who is another tenant for each access class: tokens that must not reach s1's, a1's or o1's objects. */
const FOREIGN: Record<string, { token: string; status: number }[]> = {
  ingest: [
    { token: tokens.s1, status: 403 },
    { token: tokens.a1, status: 403 },
  ],
  seller: [
    { token: tokens.s2, status: 404 },
    { token: tokens.a1, status: 404 },
  ],
  affiliate: [
    { token: tokens.a2, status: 404 },
    { token: tokens.s1, status: 404 },
  ],
  'order-seller': [
    { token: tokens.s2, status: 404 },
    { token: tokens.a1, status: 404 },
  ],
  // buyerId/at in the request are the ingestion token's alone.
  buyer: [
    { token: tokens.s1, status: 403 },
    { token: tokens.a2, status: 403 },
  ],
};

/**
 * Routes open to any credential answer only the tenant's own objects: each must be listed here
 * with what another tenant gets, or the test fails for it.
 */
const TENANT_ROUTES: Record<
  string,
  { token: string; expect: (r: { status: number; body: unknown }) => void }[]
> = {
  'get /orders/{orderId}/attribution': [
    { token: tokens.s2, expect: (r) => expect(r.status).toBe(404) },
    { token: tokens.a2, expect: (r) => expect(r.status).toBe(404) },
  ],
  'post /attribution/decisions': [
    { token: tokens.s2, expect: (r) => expect(r.body).toEqual({ decisions: [null] }) },
    { token: tokens.a2, expect: (r) => expect(r.body).toEqual({ decisions: [null] }) },
  ],
  'post /attribution/what-if': [
    { token: tokens.s2, expect: (r) => expect(r.status).toBe(404) },
    { token: tokens.a1, expect: (r) => expect(r.status).toBe(404) },
  ],
};

const snapshot = () =>
  JSON.stringify({
    stats: platform.engine.stats(),
    decisions: [...platform.engine.decisions()].map(toDecisionJson),
  });

describe('R18 on every route of the OpenAPI document', () => {
  test('the document declares the bearer scheme and an access class on every operation', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(20);
    for (const op of OPERATIONS) {
      expect(
        ['public', 'buyer', 'ingest', 'seller', 'affiliate', 'order-seller', 'tenant'],
        `${op.method} ${op.path}`,
      ).toContain(op.access);
      expect(op.security, `${op.method} ${op.path}`).toEqual(
        op.access === 'public' ? [] : expect.arrayContaining([{ bearer: [] }]),
      );
    }
  });

  test('the app serves no route the document does not declare (every route has a guard)', () => {
    const documented = new Set(OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`));
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && !r.path.startsWith('/docs'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    for (const route of served) expect(documented, route).toContain(route);
  });

  test.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path} (${op.access})`, op] as const))(
    '%s: no token, a bad token, another tenant',
    async (_, op) => {
      const before = snapshot();
      const url = urlOf(op.path);
      const method = op.method.toUpperCase();
      const body = bodyOf(op);
      const send = (token?: string) =>
        call(app, method, url, {
          ...(token === undefined ? {} : { token }),
          ...(body === undefined ? {} : { body }),
        });
      // A bad token is refused on every route, public ones included.
      for (const bad of ['afs_not-a-token', `${INGEST}x`, tokens.s1.slice(0, -1)]) {
        const r = await send(bad);
        expect([r.status, r.body.rule], `bad token on ${method} ${url}`).toEqual([401, 'R18']);
      }
      if (op.access === 'public') expect((await send()).status).toBeLessThan(400);
      else if (op.access === 'buyer') {
        // The ingestion form of the request (buyerId, at) without the ingestion token (a buyer's
        // own click or order, without them, is what the route is for: attacks.test.ts).
        const form =
          op.path === '/r/{linkId}' ? await call(app, 'GET', `${url}?id=z&buyerId=b1&at=1`) : await send();
        expect(form.status, `${method} ${url}`).toBe(403);
      } else {
        const bare = await send();
        expect([bare.status, bare.body.rule], `no token on ${method} ${url}`).toEqual([401, 'R18']);
      }
      if (op.access === 'tenant') {
        const attacks = TENANT_ROUTES[`${op.method} ${op.path}`];
        expect(
          attacks,
          `${method} ${op.path} is open to any credential: list what another tenant gets`,
        ).toBeDefined();
        for (const a of attacks ?? []) a.expect(await send(a.token));
      }
      for (const f of FOREIGN[op.access] ?? []) {
        const r =
          op.path === '/r/{linkId}'
            ? await call(app, 'GET', `${url}?id=z&buyerId=b1&at=1`, { token: f.token })
            : await send(f.token);
        expect(r.status, `${method} ${url} with another tenant's token`).toBe(f.status);
      }
      expect(snapshot(), `${method} ${url} changed the platform`).toBe(before);
    },
  );
});
