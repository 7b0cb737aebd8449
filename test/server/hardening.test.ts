import { describe, expect, test } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { encodeLink } from '../../server/http/promotion-link.js';
import { DECISION_ANSWER_LINES_MAX } from '../../sim/domain/api-limits.js';
import { toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { EXCERPT_CHARS_MAX } from '../../sim/domain/excerpt.js';
import type { PlatformSend } from '../../sim/targets/platform-send.js';
import { runHistoryOnPlatform } from '../../sim/targets/run-history-on-platform.js';
import { AT, OPEN_AUTH, seedWorld, send, TEST_LINK_KEY } from './_platform.js';

/**
 * Why: no request may break the platform (issue 13, part 4). Each attack that once got a 500, an
 * applied-but-unanswered event or a gigabyte answer is refused with a 4xx problem+json naming
 * what is wrong, and refusing it changes nothing the platform holds.
 */

const PROBLEM = 'application/problem+json';
const LONE = '\ud800';

async function world() {
  const platform = createPlatform({ auth: OPEN_AUTH });
  await seedWorld(platform.app);
  const snapshot = () =>
    JSON.stringify({
      stats: platform.engine.stats(),
      decisions: [...platform.engine.decisions()].map(toDecisionJson),
    });
  return { ...platform, snapshot };
}

const order = (id: string, orderId: string) => ({
  id,
  type: 'order.created',
  at: '2026-01-04T00:00:00Z',
  orderId,
  buyerId: 'b1',
  storeId: 's1',
  lines: [{ productId: 'p1', amountCents: 100 }],
});

describe('lone surrogates (R3: a refused event applies nothing)', () => {
  test('an id holding one is refused with 400 naming the field, and nothing is applied', async () => {
    const { app, snapshot } = await world();
    const before = snapshot();
    for (const [method, path, body, field] of [
      ['POST', '/orders', { ...order('e1', `o${LONE}`), type: undefined }, 'body.orderId'],
      ['POST', '/events', order(`e${LONE}`, 'o9'), 'body.id'],
      [
        'POST',
        '/affiliates/a1/links',
        { storeId: 's1', productId: `p${LONE}`, channel: 'sns' },
        'body.productId',
      ],
      ['POST', '/attribution/decisions', { orderIds: ['o1', `\udc00x`] }, 'body.orderIds[1]'],
    ] as const) {
      // JSON.stringify writes a lone surrogate as the escape "\ud800": valid JSON.
      const r = await send(app, method, path, body);
      expect(r, `${method} ${path}`).toMatchObject({ status: 400, type: PROBLEM });
      expect(r.body.errors[0]).toMatchObject({ path: field, message: expect.stringContaining('surrogate') });
    }
    expect(snapshot()).toBe(before);
  });

  test('a surrogate pair (an emoji) is valid Unicode and accepted', async () => {
    const { app } = await world();
    const r = await send(app, 'POST', '/events', order('e😀', 'o😀'));
    expect(r).toMatchObject({
      status: 200,
      body: { attribution: `/orders/${encodeURIComponent('o😀')}/attribution` },
    });
  });

  test('in a batch, the refused event gets its 400 and every other event its own answer', async () => {
    const { app, engine } = await world();
    const r = await send(app, 'POST', '/events/batch', {
      events: [order('e1', 'o2'), order('e2', `o${LONE}`), order('e3', 'o3'), order('e4', 'o2')],
    });
    expect(r.status).toBe(200);
    expect(r.body.results.map((x: { status: number }) => x.status)).toEqual([200, 400, 200, 422]);
    expect(r.body.results[1].body.errors[0].path).toBe('body.events[1].orderId');
    expect(engine.decision('o3')).toBeDefined();
  });

  test('a click through a link naming a surrogate id is refused before it is recorded', async () => {
    const { app, snapshot } = await world();
    const before = snapshot();
    // The Location of a click is built from the link's ids: a link holding a lone surrogate must
    // not be recorded (once it was, and then building Location threw: recorded, answered 500).
    const forged = encodeLink(
      { affiliateId: 'a1', storeId: `s${LONE}`, productId: null, channel: 'sns' },
      TEST_LINK_KEY,
    );
    const r = await send(app, 'GET', `/r/${forged}?id=c9&buyerId=b&at=${AT}`);
    expect(r).toMatchObject({ status: 404, type: PROBLEM });
    expect(snapshot()).toBe(before);
    // %ED%A0%80 is not UTF-8 (it would be U+D800): a URL cannot carry a lone surrogate at all.
    const link = encodeLink(
      { affiliateId: 'a1', storeId: 's1', productId: 'p1', channel: 'sns' },
      TEST_LINK_KEY,
    );
    const raw = await app.request(`/r/${link}?id=c%ED%A0%80&buyerId=b&at=${AT}`);
    expect(raw.status).toBe(302);
    expect(raw.headers.get('location')).toBe('/stores/s1/products/p1');
  });
});

describe('/attribution/decisions: repeated ids and the answer budget', () => {
  test('a 1,000-line order named 10,000 times is answered once', async () => {
    const { app, engine } = await world();
    const lines = Array.from({ length: 1000 }, (_, i) => ({ productId: `q${i}`, amountCents: 100 + i }));
    const products = lines.map((l) => ({ productId: l.productId, categoryId: 'c' }));
    expect((await send(app, 'POST', '/sellers/big/registration', { id: 'r', at: AT, products })).status).toBe(
      200,
    );
    const big = {
      id: 'ob',
      at: '2026-01-04T00:00:00Z',
      orderId: 'big',
      buyerId: 'b9',
      storeId: 'big',
      lines,
    };
    expect((await send(app, 'POST', '/orders', big)).status).toBe(200);
    const before = JSON.stringify(engine.stats());
    const body = JSON.stringify({ orderIds: Array.from({ length: 10_000 }, () => 'big') });
    expect(body.length).toBeGreaterThan(59_000);
    const r = await send(app, 'POST', '/attribution/decisions', body);
    expect(r.status).toBe(200);
    expect(r.body.decisions).toHaveLength(1);
    expect(r.body.decisions[0].lines).toHaveLength(1000);
    expect(JSON.stringify(engine.stats())).toBe(before);
  });

  test('distinct ids keep their order; an unknown id is null once', async () => {
    const { app } = await world();
    const r = await send(app, 'POST', '/attribution/decisions', { orderIds: ['nope', 'o1', 'nope', 'o1'] });
    expect(r.status).toBe(200);
    expect(r.body.decisions.map((d: { orderId: string } | null) => d?.orderId ?? null)).toEqual([null, 'o1']);
  });

  test(`more than ${DECISION_ANSWER_LINES_MAX} order lines in one answer: 413 naming the limit`, async () => {
    const { app } = await world();
    const perOrder = 1000;
    const lines = Array.from({ length: perOrder }, (_, i) => ({ productId: `q${i}`, amountCents: 1 }));
    const products = lines.map((l) => ({ productId: l.productId, categoryId: 'c' }));
    await send(app, 'POST', '/sellers/big/registration', { id: 'r', at: AT, products });
    const count = DECISION_ANSWER_LINES_MAX / perOrder + 1;
    const events = Array.from({ length: count }, (_, i) => ({
      id: `ob${i}`,
      type: 'order.created',
      at: '2026-01-04T00:00:00Z',
      orderId: `big${i}`,
      buyerId: 'b9',
      storeId: 'big',
      lines,
    }));
    const applied = await send(app, 'POST', '/events/batch', { events });
    expect(applied.body.results.every((x: { status: number }) => x.status === 200)).toBe(true);
    const ids = events.map((e) => e.orderId);
    const r = await send(app, 'POST', '/attribution/decisions', { orderIds: ids });
    expect(r).toMatchObject({
      status: 413,
      type: PROBLEM,
      body: {
        limit: 'decisionLines',
        max: DECISION_ANSWER_LINES_MAX,
        type: 'urn:affsim:problem:answer-too-large',
      },
    });
    expect((await send(app, 'POST', '/attribution/decisions', { orderIds: ids.slice(1) })).status).toBe(200);
  });
});

test("affsim's own reader gets every decision of many-line orders, in queries under the budget", async () => {
  const { app } = createPlatform({ auth: OPEN_AUTH });
  const perOrder = 1000;
  const count = DECISION_ANSWER_LINES_MAX / perOrder + 5;
  const lines = Array.from({ length: perOrder }, (_, i) => ({ productId: `q${i}`, amountCents: 1 }));
  const events = [
    {
      id: 'r',
      type: 'store.registered',
      at: 0,
      storeId: 'big',
      products: lines.map((l) => ({ productId: l.productId, categoryId: 'c' })),
    },
    ...Array.from({ length: count }, (_, i) => ({
      id: `ob${i}`,
      type: 'order.created',
      at: 1,
      orderId: `big${i}`,
      buyerId: 'b9',
      storeId: 'big',
      lines,
    })),
  ] as AffEvent[];
  const sizes: number[] = [];
  const send: PlatformSend = async (path, init) => {
    const res = await app.request(path, init);
    if (path === '/attribution/decisions') sizes.push(res.status);
    return res;
  };
  const run = await runHistoryOnPlatform(events, send);
  expect(run.decisions).toHaveLength(count);
  expect(sizes[0]).toBe(413);
  expect(sizes.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
});

describe('content types, methods and paths', () => {
  const click = JSON.stringify({
    id: 'n',
    type: 'click',
    at: AT,
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    channel: 'sns',
  });
  test.each([
    ['text/plain', click],
    ['text/plain;charset=UTF-8', click],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/json; charset=latin1', click],
    [undefined, click],
  ])('a body of type %s is refused with 415 naming the expected type', async (type, body) => {
    const { app, snapshot } = await world();
    const before = snapshot();
    const res = await app.request('/events', {
      method: 'POST',
      body,
      headers: type === undefined ? {} : { 'content-type': type },
    });
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toBe(PROBLEM);
    const problem = (await res.json()) as { detail: string; status: number };
    expect(problem).toMatchObject({ status: 415, detail: expect.stringContaining('application/json') });
    expect(snapshot()).toBe(before);
  });

  test('the OpenAPI document lists the 415 of every route that takes a body', async () => {
    const { app } = await world();
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const withBody = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).filter((op) => op.requestBody),
    );
    expect(withBody.length).toBeGreaterThan(10);
    for (const op of withBody) expect(op.responses['415']).toBeDefined();
  });

  test('application/json with charset utf-8 is accepted', async () => {
    const { app } = await world();
    const res = await app.request('/events', {
      method: 'POST',
      body: click,
      headers: { 'content-type': 'Application/JSON; charset="UTF-8"' },
    });
    expect(res.status).toBe(200);
  });

  test('a wrong method on a known path is 405 with Allow; an unknown path 404, both problems', async () => {
    const { app } = await world();
    const wrong = await send(app, 'DELETE', '/orders/o1/attribution');
    expect(wrong).toMatchObject({ status: 405, type: PROBLEM, body: { status: 405 } });
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    const get = await send(app, 'GET', '/events');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const main = await send(app, 'POST', '/sellers/s1/main-products/p1', {});
    expect(main.headers.get('allow')).toBe('PUT, DELETE');
    const unknown = await send(app, 'GET', '/nowhere/at/all');
    expect(unknown).toMatchObject({ status: 404, type: PROBLEM });
    // 405 before 415: the method is wrong whatever the body.
    const res = await app.request('/events', {
      method: 'PUT',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(405);
  });
});

describe('error bodies quote at most an excerpt of the input', () => {
  const huge = 'Z'.repeat(100_000);
  test.each([
    ['an unknown event type', { id: 'n', type: huge, at: AT }],
    ['an unknown field name', { id: 'n', type: 'order.completed', at: AT, orderId: 'o1', [huge]: 1 }],
    ['a long instant', { id: 'n', type: 'order.completed', at: huge, orderId: 'o1' }],
    [
      'an amount that is a long string',
      { ...order('n', 'o7'), lines: [{ productId: 'p1', amountCents: huge }] },
    ],
    ['many unknown fields', Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]))],
  ])('%s', async (_, body) => {
    const { app } = await world();
    const res = await app.request('/events', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(4000);
    expect(text).not.toContain('Z'.repeat(EXCERPT_CHARS_MAX + 1));
  });

  test('a long unknown path is cut in the 404 too', async () => {
    const { app } = await world();
    const res = await app.request(`/${'y'.repeat(10_000)}`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text.length).toBeLessThan(1000);
    expect(text).toContain('…');
  });
});
