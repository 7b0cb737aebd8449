import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { encodeLink } from '../../server/http/promotion-link.js';
import { toDecisionJson } from '../../sim/domain/decision.js';
import { EXCERPT_CHARS_MAX } from '../../sim/domain/excerpt.js';
import { fcParams } from '../fc-config.js';
import { AT, OPEN_AUTH, seedWorld, TEST_LINK_KEY } from './_platform.js';

/**
 * Why: a platform must survive whatever a client sends. Random and malformed requests to every
 * route of the OpenAPI document get a 4xx problem+json (never a 5xx), the server keeps answering,
 * and nothing it holds changes (a bad request applies nothing).
 */

const { app, engine } = createPlatform({ auth: OPEN_AUTH });
await seedWorld(app);
const LINK = encodeLink({ affiliateId: 'a1', storeId: 's1', productId: 'p1', channel: 'sns' }, TEST_LINK_KEY);
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
  '/auth/tokens': { kind: 'seller', storeId: 's1' },
  '/attribution/what-if': {
    buyerId: 'b1',
    storeId: 's1',
    at: AT,
    lines: [{ productId: 'p1', amountCents: 1 }],
  },
};

/**
 * Values that no field of any schema accepts: among them strings holding a lone surrogate (valid
 * JSON, not Unicode) and a long string no error may echo whole.
 */
const WRONG = fc.constantFrom<unknown>(
  {},
  [[]],
  true,
  -1.5,
  '',
  1e300,
  null,
  'x'.repeat(201),
  'x'.repeat(5000),
  '\ud800',
  'a\udfffb',
  '\udbff\udbff',
);

const brokenTemplate = (template: Record<string, unknown>) =>
  fc.oneof(
    fc
      .record({
        key: fc.constantFrom('zz', '__proto__', 'type', 'extra', 'x'.repeat(5000), '\ud800'),
        value: fc.jsonValue(),
      })
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
  /** Mostly JSON; otherwise a type a web page can send cross-site, or none (415 for a body). */
  readonly contentType: string | undefined;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const contentTypeArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...JSON_TYPES) },
  fc.constantFrom(
    undefined,
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=iso-8859-1',
    'application/jsonx',
  ),
);

const requestArb: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    params: fc.array(paramArb, { minLength: 3, maxLength: 3 }),
    query: queryArb,
    contentType: contentTypeArb,
  })
  .chain(({ route, params, query, contentType }): fc.Arbitrary<FuzzRequest> => {
    let k = 0;
    const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[k++] as string));
    const method = route.method.toUpperCase();
    if (method === 'GET')
      return fc.constant({ method, url: `${path}${query}`, body: undefined, route: route.path, contentType });
    return bodyArb(method, route.path).map((body) => ({
      method,
      url: path,
      body,
      route: route.path,
      contentType,
    }));
  });

describe('fuzz: malformed requests to every route', () => {
  test('every route of the OpenAPI document is covered', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(20);
    for (const r of ROUTES.filter((x) => x.method !== 'get'))
      expect(templateOf(r.method.toUpperCase(), r.path)).toBeDefined();
  });

  test('4xx problem+json, never a 5xx, state unchanged, still answering', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ method, url, body, contentType }) => {
        // Judged per request, so a shrunk counterexample is the request that changed something.
        const held = snapshot();
        const init: RequestInit = {
          method,
          headers: contentType === undefined ? {} : { 'content-type': contentType },
        };
        if (body !== undefined) init.body = body as RequestInit['body'];
        const res = await app.request(url, init);
        expect(res.status).toBeLessThan(500);
        // A body that is not JSON is refused before it is read (it could come from a web page).
        // (A param like '..' moves the URL to a path that does not exist: 404 or 405 come first.)
        if (method !== 'GET' && !JSON_TYPES.includes(contentType ?? '')) {
          expect([404, 405, 415]).toContain(res.status);
        }
        // A batch answers each event; a token issued (R18) changes nothing the engine holds.
        const okAnyway =
          (url === '/events/batch' && res.status === 200) || (url === '/auth/tokens' && res.status === 201);
        if (method !== 'GET' && !okAnyway) {
          expect(res.status).toBeGreaterThanOrEqual(400);
        }
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          const text = await res.text();
          // An error quotes at most an excerpt of what was sent.
          expect(text).not.toContain('x'.repeat(EXCERPT_CHARS_MAX + 1));
          expect(text.length).toBeLessThan(16_000);
          const problem = JSON.parse(text) as { status: number; type: string; detail: string };
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

/** The methods a documented path allows (Hono answers HEAD with the GET handler). */
const allowedOn = (path: string) => {
  const methods = Object.keys(doc.paths[path] ?? {}).map((m) => m.toUpperCase());
  return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
};
const SIMPLE_PARAM = fc.constantFrom('s1', 'o1', 'a1', 'p1', 'zz-9', LINK);

describe('fuzz: wrong methods', () => {
  test('a method a documented path does not allow: 405 problem+json with Allow, state unchanged', async () => {
    const paths = Object.keys(doc.paths);
    const arb = fc
      .record({
        path: fc.constantFrom(...paths),
        method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        params: fc.array(SIMPLE_PARAM, { minLength: 3, maxLength: 3 }),
        contentType: contentTypeArb,
      })
      .filter(({ path, method }) => !allowedOn(path).includes(method));
    await fc.assert(
      fc.asyncProperty(arb, async ({ path, method, params, contentType }) => {
        const held = snapshot();
        let k = 0;
        const url = path.replace(/\{[^}]+\}/g, () => params[k++] as string);
        const init: RequestInit = {
          method,
          headers: contentType === undefined ? {} : { 'content-type': contentType },
        };
        if (method !== 'GET' && method !== 'HEAD') init.body = '{}';
        const res = await app.request(url, init);
        expect(res.status).toBe(405);
        expect(new Set(res.headers.get('allow')?.split(', '))).toEqual(new Set(allowedOn(path)));
        if (method !== 'HEAD') {
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(((await res.json()) as { status: number }).status).toBe(405);
        }
        expect(snapshot()).toBe(held);
      }),
      fcParams(200),
    );
  });
});

describe('fuzz: batches answer every event on its own merits', () => {
  /** Events a batch may mix: valid ones, ones a rule refuses, repeats, and ones holding lone surrogates. */
  const eventArb = fc.oneof(
    fc.record({
      id: fc.constantFrom('k1', 'k2', 'k3', 'w4', '\ud800k'),
      type: fc.constant('click'),
      at: fc.constantFrom(AT, '2026-01-05T00:00:00Z', 'soon'),
      buyerId: fc.constantFrom('b1', 'b2', 'b\udc00'),
      affiliateId: fc.constantFrom('a1', 'a9'),
      storeId: fc.constantFrom('s1', 's\ud800'),
      channel: fc.constant('sns'),
    }),
    fc.record({
      id: fc.constantFrom('m1', 'm2', 'k1'),
      type: fc.constant('order.created'),
      at: fc.constant('2026-01-06T00:00:00Z'),
      orderId: fc.constantFrom('o2', 'o3', 'o\ud800', 'o1'),
      buyerId: fc.constantFrom('b1', 'b2'),
      storeId: fc.constant('s1'),
      lines: fc.constant([{ productId: 'p1', amountCents: 500 }]),
    }),
    fc.record({
      id: fc.constantFrom('n1', 'n2'),
      type: fc.constant('order.completed'),
      at: fc.constant('2026-03-01T00:00:00Z'),
      orderId: fc.constantFrom('o1', 'o2', '\udfff'),
    }),
  );

  test('a batch gets exactly the answers its events get one by one, and the same state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 8 }), async (events) => {
        const batched = createPlatform({ auth: OPEN_AUTH });
        const single = createPlatform({ auth: OPEN_AUTH });
        await seedWorld(batched.app);
        await seedWorld(single.app);
        const res = await batched.app.request('/events/batch', {
          method: 'POST',
          body: JSON.stringify({ events }),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBe(200);
        const { results } = (await res.json()) as { results: { status: number; body: object }[] };
        expect(results).toHaveLength(events.length);
        for (const [i, event] of events.entries()) {
          const one = await single.app.request('/events', {
            method: 'POST',
            body: JSON.stringify(event),
            headers: { 'content-type': 'application/json' },
          });
          expect(one.status).toBeLessThan(500);
          const { instance: _, ...body } = (await one.json()) as { instance?: string };
          const got = results[i] as { status: number; body: { errors?: { path: string }[] } };
          expect(got.status).toBe(one.status);
          // The batch names the event's place in it: body.events[i].orderId for body.orderId.
          const renamed = JSON.parse(
            JSON.stringify(got.body).replaceAll(`body.events[${i}]`, 'body'),
          ) as object;
          expect(renamed).toEqual(body);
        }
        const state = (p: typeof batched) =>
          JSON.stringify({
            stats: p.engine.stats(),
            decisions: [...p.engine.decisions()].map(toDecisionJson),
          });
        expect(state(batched)).toBe(state(single));
      }),
      fcParams(60),
    );
  });
});

describe('fuzz: bulk decisions', () => {
  test('each distinct id once, in the order first asked; nothing changes', async () => {
    const ids = fc.array(fc.constantFrom('o1', 'o2', 'zz', 'nope', 'o1'), { minLength: 1, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(ids, async (orderIds) => {
        const held = snapshot();
        const res = await app.request('/attribution/decisions', {
          method: 'POST',
          body: JSON.stringify({ orderIds }),
          headers: { 'content-type': 'application/json' },
        });
        expect(res.status).toBe(200);
        const { decisions } = (await res.json()) as { decisions: ({ orderId: string } | null)[] };
        const distinct = [...new Set(orderIds)];
        expect(decisions).toHaveLength(distinct.length);
        distinct.forEach((id, i) => {
          expect(decisions[i]?.orderId ?? null).toBe(engine.decision(id) === undefined ? null : id);
        });
        expect(snapshot()).toBe(held);
      }),
      fcParams(100),
    );
  });
});
