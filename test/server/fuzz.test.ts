import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { encodeLink } from '../../server/http/promotion-link.js';
import { toDecisionJson } from '../../sim/domain/decision.js';
import { fcParams } from '../fc-config.js';
import { AT, seedWorld } from './_platform.js';

/**
 * Why: a platform must survive whatever a client sends. Random and malformed requests to every
 * route of the OpenAPI document get a 4xx problem+json (never a 5xx), the server keeps answering,
 * and nothing it holds changes (a bad request applies nothing).
 */

const { app, engine } = createPlatform();
await seedWorld(app);
const LINK = encodeLink({ affiliateId: 'a1', storeId: 's1', productId: 'p1', channel: 'sns' });
const snapshot = () =>
  JSON.stringify({ stats: engine.stats(), decisions: [...engine.decisions()].map(toDecisionJson) });
const before = snapshot();

const doc = (await (await app.request('/openapi.json')).json()) as {
  paths: Record<string, Record<string, unknown>>;
};
const ROUTES = Object.entries(doc.paths).flatMap(([path, ops]) =>
  Object.keys(ops).map((method) => ({ method, path })),
);

/** A valid body for each route (`METHOD path` where a path has several), to be broken by one mutation. */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  '/sellers/{storeId}/registration': { id: 'n', at: AT, products: [{ productId: 'p', categoryId: 'c' }] },
  '/sellers/{storeId}/membership/join': { id: 'n', at: AT, defaultRateBps: 500 },
  '/sellers/{storeId}/membership/withdraw': { id: 'n', at: AT },
  '/sellers/{storeId}/default-rate': { id: 'n', at: AT, rateBps: 500 },
  'PUT /sellers/{storeId}/main-products/{productId}': { id: 'n', at: AT, rateBps: 500 },
  'DELETE /sellers/{storeId}/main-products/{productId}': { id: 'n', at: AT },
  '/sellers/{storeId}/category-rates/{categoryId}': { id: 'n', at: AT, rateBps: 500 },
  '/affiliates/{affiliateId}/registration': { id: 'n', at: AT, channel: 'sns' },
  '/affiliates/{affiliateId}/links': { storeId: 's1', productId: 'p1', channel: 'sns' },
  '/orders': {
    id: 'n',
    at: AT,
    orderId: 'n',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 1 }],
  },
  '/orders/{orderId}/completion': { id: 'n', at: AT },
  '/orders/{orderId}/cancellation': { id: 'n', at: AT },
  '/orders/{orderId}/refunds': { id: 'n', at: AT, productId: 'p1', amountCents: 1 },
  '/events': {
    id: 'n',
    type: 'click',
    at: AT,
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    channel: 'sns',
  },
  '/events/batch': { events: [{ id: 'n', type: 'order.completed', at: AT, orderId: 'o1' }] },
  '/attribution/decisions': { orderIds: ['o1'] },
  '/attribution/what-if': {
    buyerId: 'b1',
    storeId: 's1',
    at: AT,
    lines: [{ productId: 'p1', amountCents: 1 }],
  },
};

/** Values that no field of any schema accepts. */
const WRONG = fc.constantFrom<unknown>({}, [[]], true, -1.5, '', 1e300, null, 'x'.repeat(201));

const brokenTemplate = (template: Record<string, unknown>) =>
  fc.oneof(
    fc
      .record({ key: fc.constantFrom('zz', '__proto__', 'type', 'extra'), value: fc.jsonValue() })
      .map(({ key, value }) => {
        const out = JSON.parse(JSON.stringify(template));
        Object.defineProperty(out, key, { value: value ?? 1, enumerable: true });
        return JSON.stringify(out);
      }),
    fc
      .record({ key: fc.constantFrom(...Object.keys(template)), value: WRONG })
      .map(({ key, value }) => JSON.stringify({ ...template, [key]: value })),
    fc.constantFrom(...Object.keys(template).filter((k) => k !== 'productId')).map((key) => {
      const { [key]: _, ...rest } = template;
      return JSON.stringify(rest);
    }),
    fc.nat(Math.max(0, JSON.stringify(template).length - 1)).map((n) => JSON.stringify(template).slice(0, n)),
  );

const templateOf = (method: string, path: string) => TEMPLATES[`${method} ${path}`] ?? TEMPLATES[path];

const bodyArb = (method: string, path: string): fc.Arbitrary<string | Uint8Array> => {
  const template = templateOf(method, path);
  const random = fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.json(),
    fc.uint8Array({ maxLength: 64 }),
    fc.jsonValue().map((v) => JSON.stringify({ events: v })),
  );
  return template === undefined ? random : fc.oneof(brokenTemplate(template), random);
};

const paramArb = fc.oneof(
  fc.constantFrom('s1', 'p1', 'c1', 'a1', 'o1', 'b1', 'x'.repeat(201), '%', '..', LINK),
  fc.string({ minLength: 1, unit: 'grapheme' }),
);

const queryArb = fc.oneof(
  fc.constantFrom(
    '',
    '?id=c&buyerId=b',
    '?id=c&at=1',
    `?buyerId=b&at=${AT}`,
    `?id=&buyerId=b&at=${AT}`,
    '?id=c&buyerId=b&at=yesterday',
    `?id=c&buyerId=b&at=${AT}&zz=1`,
  ),
  fc.dictionary(fc.string(), fc.string()).map((d) => `?${new URLSearchParams(d)}`),
);

interface FuzzRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string | Uint8Array | undefined;
  readonly route: string;
}

const requestArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    params: fc.array(paramArb, { minLength: 3, maxLength: 3 }),
    query: queryArb,
  })
  .chain(({ route, params, query }): fc.Arbitrary<FuzzRequest> => {
    let k = 0;
    const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[k++] as string));
    const method = route.method.toUpperCase();
    if (method === 'GET')
      return fc.constant({ method, url: `${path}${query}`, body: undefined, route: route.path });
    return bodyArb(method, route.path).map((body) => ({ method, url: path, body, route: route.path }));
  });

describe('fuzz: malformed requests to every route', () => {
  test('every route of the OpenAPI document is covered', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(20);
    for (const r of ROUTES.filter((x) => x.method !== 'get'))
      expect(templateOf(r.method.toUpperCase(), r.path)).toBeDefined();
  });

  test('4xx problem+json, never a 5xx, state unchanged, still answering', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ method, url, body }) => {
        // Judged per request, so a shrunk counterexample is the request that changed something.
        const held = snapshot();
        const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
        if (body !== undefined) init.body = body as RequestInit['body'];
        const res = await app.request(url, init);
        expect(res.status).toBeLessThan(500);
        if (method !== 'GET' && !(url === '/events/batch' && res.status === 200)) {
          expect(res.status).toBeGreaterThanOrEqual(400);
        }
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          const problem = (await res.json()) as { status: number; type: string; detail: string };
          expect(problem.status).toBe(res.status);
          expect(problem.detail).toEqual(expect.any(String));
        } else if (url === '/events/batch') {
          const { results } = (await res.json()) as { results: { status: number }[] };
          for (const r of results) expect(r.status).toBe(400);
        }
        expect(snapshot()).toBe(held);
      }),
      fcParams(1500),
    );
    expect(snapshot()).toBe(before);
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
