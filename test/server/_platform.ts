import type { Hono } from 'hono';

/** Request helpers for route tests: JSON in, status + parsed body out. */
export async function send(
  app: Hono,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: route tests read whatever JSON came back.
): Promise<{ status: number; type: string; body: any; headers: Headers }> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await app.request(path, init);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: parsed,
    headers: res.headers,
  };
}

export const AT = '2026-01-01T00:00:00.000Z';

/** A small world every route can act on: store s1 (p1, p2) joined, affiliate a1, a click by b1, order o1. */
export async function seedWorld(app: Hono): Promise<void> {
  const steps: [string, string, unknown][] = [
    [
      'POST',
      '/sellers/s1/registration',
      {
        id: 'w1',
        at: AT,
        products: [
          { productId: 'p1', categoryId: 'c1' },
          { productId: 'p2', categoryId: 'c2' },
        ],
      },
    ],
    ['POST', '/affiliates/a1/registration', { id: 'w2', at: AT, channel: 'sns' }],
    ['POST', '/sellers/s1/membership/join', { id: 'w3', at: AT, defaultRateBps: 500 }],
    [
      'POST',
      '/events',
      {
        id: 'w4',
        type: 'click',
        at: '2026-01-02T00:00:00Z',
        buyerId: 'b1',
        affiliateId: 'a1',
        storeId: 's1',
        channel: 'sns',
      },
    ],
    [
      'POST',
      '/orders',
      {
        id: 'w5',
        at: '2026-01-03T00:00:00Z',
        orderId: 'o1',
        buyerId: 'b1',
        storeId: 's1',
        lines: [
          { productId: 'p1', amountCents: 10_000 },
          { productId: 'p2', amountCents: 2_999 },
        ],
      },
    ],
  ];
  for (const [method, path, body] of steps) {
    const r = await send(app, method, path, body);
    if (r.status !== 200) throw new Error(`seed ${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}

/** A platform open to every request (NO_AUTH) whose links the tests can sign themselves. */
export const TEST_LINK_KEY = Buffer.from('affsim test link key', 'utf8');
export const OPEN_AUTH = { noAuth: true, linkKey: TEST_LINK_KEY.toString('utf8') } as const;
