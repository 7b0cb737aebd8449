import type { Hono } from 'hono';
import { createPlatform, type PlatformApp } from '../../server/app.js';

/** A platform with credentials on (R18), its clock in the test's hands, and a few tenants with their tokens. */
export const INGEST = 'afs_test-ingestion-token';
export const DAY = 86_400_000;
export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

export interface TenantWorld {
  readonly platform: PlatformApp;
  readonly app: Hono;
  /** Moves the server's clock (the instant of every non-ingestion event). */
  setNow(ms: number): void;
  readonly tokens: { s1: string; s2: string; a1: string; a2: string };
}

export async function call(
  app: Hono,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON came back.
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const res = await app.request(path, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, headers: res.headers };
}

/**
 * Stores s1 and s2 (products p1, p2) joined at 500 bps, affiliates a1 and a2, registered through
 * the ingestion token on day 0; a click of a1 for buyer b1 at s1 on day 1 and order o1 of b1 at s1
 * on day 2 (credited to a1).
 */
export async function tenantWorld(): Promise<TenantWorld> {
  let now = T0 + 10 * DAY;
  const platform = createPlatform({ auth: { ingestToken: INGEST, linkKey: 'test key' }, now: () => now });
  const { app } = platform;
  const ok = async (method: string, path: string, body: unknown) => {
    const r = await call(app, method, path, { token: INGEST, body });
    if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const at = new Date(T0).toISOString();
  const products = [
    { productId: 'p1', categoryId: 'c1' },
    { productId: 'p2', categoryId: 'c2' },
  ];
  const s1 = (await ok('POST', '/sellers/s1/registration', { id: 'r1', at, products })).token;
  const s2 = (await ok('POST', '/sellers/s2/registration', { id: 'r2', at, products })).token;
  const a1 = (await ok('POST', '/affiliates/a1/registration', { id: 'r3', at, channel: 'sns' })).token;
  const a2 = (await ok('POST', '/affiliates/a2/registration', { id: 'r4', at, channel: 'sns' })).token;
  await ok('POST', '/sellers/s1/membership/join', { id: 'j1', at, defaultRateBps: 500 });
  await ok('POST', '/sellers/s2/membership/join', { id: 'j2', at, defaultRateBps: 500 });
  await ok('POST', '/events', {
    id: 'c1',
    type: 'click',
    at: new Date(T0 + DAY).toISOString(),
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    channel: 'sns',
  });
  await ok('POST', '/orders', {
    id: 'o1e',
    at: new Date(T0 + 2 * DAY).toISOString(),
    orderId: 'o1',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 10_000 }],
  });
  return {
    platform,
    app,
    setNow: (ms) => {
      now = ms;
    },
    tokens: { s1, s2, a1, a2 },
  };
}
