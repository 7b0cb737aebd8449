import { describe, expect, test } from 'vitest';
import { createPlatform } from '../../server/app.js';
import { createLogger } from '../../server/http/logger.js';
import { encodeLink } from '../../server/http/promotion-link.js';
import { call, DAY, INGEST, T0, tenantWorld } from './_tenants.js';

/**
 * R18, as an attacker would try it against `affsim serve` before credentials existed: each attack
 * of the security review, and that it now fails (401 without a credential, 403 with one of the
 * wrong kind, 404 for another tenant's object) with nothing applied.
 */
describe('R18 attacks', () => {
  test("anyone reads any order's decision: only the store, the credited affiliate and ingestion see it", async () => {
    const { app, tokens } = await tenantWorld();
    const read = (token?: string) =>
      call(app, 'GET', '/orders/o1/attribution', token === undefined ? {} : { token });
    expect((await read()).status).toBe(401);
    expect((await read()).headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await read('afs_wrong')).status).toBe(401);
    const s2 = await read(tokens.s2);
    expect([s2.status, s2.body.rule]).toEqual([404, 'R16']);
    // Another tenant's order and an order that does not exist get the same answer (nothing leaks).
    const none = await call(app, 'GET', '/orders/o-none/attribution', { token: tokens.s2 });
    expect(s2.body.detail.replace('o1', 'o-none')).toBe(none.body.detail);
    expect((await read(tokens.a2)).status).toBe(404);
    expect((await read(tokens.s1)).body.commissionCents).toBe(500);
    expect((await read(tokens.a1)).body.affiliateId).toBe('a1');
    expect((await read(INGEST)).status).toBe(200);
    const bulk = (token: string) =>
      call(app, 'POST', '/attribution/decisions', { token, body: { orderIds: ['o1'] } });
    expect((await bulk(tokens.s2)).body.decisions).toEqual([null]);
    expect((await bulk(tokens.a2)).body.decisions).toEqual([null]);
    expect((await bulk(tokens.s1)).body.decisions[0].orderId).toBe('o1');
    expect((await call(app, 'POST', '/attribution/decisions', { body: { orderIds: ['o1'] } })).status).toBe(
      401,
    );
  });

  test("/affiliates/a1/orders/o1 trusts the URL's id: another affiliate's token is 404", async () => {
    const { app, tokens } = await tenantWorld();
    expect((await call(app, 'GET', '/affiliates/a1/orders/o1', { token: tokens.a2 })).status).toBe(404);
    expect((await call(app, 'GET', '/affiliates/a1/orders/o1', { token: tokens.s1 })).status).toBe(404);
    expect((await call(app, 'GET', '/affiliates/a1/orders/o1')).status).toBe(401);
    expect((await call(app, 'GET', '/affiliates/a1/orders/o1', { token: tokens.a1 })).status).toBe(200);
  });

  test("POST /events takes the store from the body: no tenant but ingestion may use it, nor another store's routes", async () => {
    const { app, platform, tokens } = await tenantWorld();
    const before = JSON.stringify(platform.engine.stats());
    const rate = {
      id: 'x1',
      type: 'store.defaultRateSet',
      at: new Date(T0 + 3 * DAY).toISOString(),
      storeId: 's1',
      rateBps: 9000,
    };
    const viaEvents = await call(app, 'POST', '/events', { token: tokens.s2, body: rate });
    expect([viaEvents.status, viaEvents.body.rule]).toEqual([403, 'R18']);
    expect(
      (await call(app, 'POST', '/events/batch', { token: tokens.a1, body: { events: [rate] } })).status,
    ).toBe(403);
    expect((await call(app, 'POST', '/events', { body: rate })).status).toBe(401);
    const viaRoute = await call(app, 'PUT', '/sellers/s1/default-rate', {
      token: tokens.s2,
      body: { id: 'x2', rateBps: 9000 },
    });
    expect(viaRoute.status).toBe(404);
    const withdraw = await call(app, 'POST', '/sellers/s1/membership/withdraw', {
      token: tokens.s2,
      body: { id: 'x3' },
    });
    expect(withdraw.status).toBe(404);
    expect(JSON.stringify(platform.engine.stats())).toBe(before);
    // Its own store it may change, now (the server's time), and may not pick the instant.
    const own = await call(app, 'PUT', '/sellers/s2/default-rate', {
      token: tokens.s2,
      body: { id: 'x2', rateBps: 700 },
    });
    expect(own.status).toBe(200);
    const dated = await call(app, 'PUT', '/sellers/s2/default-rate', {
      token: tokens.s2,
      body: { id: 'x4', rateBps: 700, at: new Date(T0).toISOString() },
    });
    expect([dated.status, dated.body.errors[0].path]).toEqual([403, 'body.at']);
  });

  test("unsigned, tampered or foreign links are not links; buyerId and at in the query are the ingestion token's", async () => {
    const { app, tokens } = await tenantWorld();
    const made = await call(app, 'POST', '/affiliates/a1/links', {
      token: tokens.a1,
      body: { storeId: 's1', productId: 'p1', channel: 'sns' },
    });
    expect(made.status).toBe(201);
    const linkId: string = made.body.linkId;
    const [payload, sig] = linkId.split('.') as [string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ a: 'a2', s: 's1', p: 'p1', c: 'sns' }),
      'utf8',
    ).toString('base64url');
    const foreign = encodeLink(
      { affiliateId: 'a2', storeId: 's1', productId: 'p1', channel: 'sns' },
      Buffer.from('other key'),
    );
    for (const bad of [payload, `${forgedPayload}.${sig}`, `${payload}.${sig.slice(0, -2)}AA`, foreign]) {
      expect((await call(app, 'GET', `/r/${bad}`)).status).toBe(404);
    }
    const asOther = await call(app, 'GET', `/r/${linkId}?buyerId=b1`);
    expect([asOther.status, asOther.body.errors[0].path]).toEqual([403, 'query.buyerId']);
    expect((await call(app, 'GET', `/r/${linkId}?at=1`)).status).toBe(403);
    expect((await call(app, 'GET', `/r/${linkId}?id=k&buyerId=b1&at=1`, { token: tokens.a1 })).status).toBe(
      403,
    );
    // A link of affiliate a1 cannot be made by affiliate a2.
    expect(
      (
        await call(app, 'POST', '/affiliates/a1/links', {
          token: tokens.a2,
          body: { storeId: 's1', channel: 'sns' },
        })
      ).status,
    ).toBe(404);
  });

  test('a buyer clicks and orders as its cookie, now; the order is credited; no one else completes it', async () => {
    const { app, tokens, platform } = await tenantWorld();
    const { linkId } = (
      await call(app, 'POST', '/affiliates/a2/links', {
        token: tokens.a2,
        body: { storeId: 's2', channel: 'sns' },
      })
    ).body;
    const click = await call(app, 'GET', `/r/${linkId}`);
    expect(click.status).toBe(302);
    const cookie = (click.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^affsim_buyer=b-/);
    const order = {
      id: 'e1',
      orderId: 'o9',
      storeId: 's2',
      lines: [{ productId: 'p1', amountCents: 5_000_000 }],
    };
    const placed = await call(app, 'POST', '/orders', { body: order, headers: { cookie } });
    expect([placed.status, placed.body.attributed]).toEqual([200, true]);
    // A made-up buyer in the body, or a forged cookie, is not a buyer.
    const madeUp = await call(app, 'POST', '/orders', { body: { ...order, orderId: 'o10', buyerId: 'b1' } });
    expect([madeUp.status, madeUp.body.errors[0].path]).toEqual([403, 'body.buyerId']);
    const forged = await call(app, 'POST', '/orders', {
      body: { ...order, id: 'e2', orderId: 'o11' },
      headers: { cookie: `${cookie.slice(0, -3)}abc` },
    });
    expect(forged.body.attributed).toBe(false); // a new buyer, who clicked nothing
    expect((await call(app, 'POST', '/orders', { token: tokens.s2, body: order })).status).toBe(403);
    // Completing it: its store only.
    for (const [token, status] of [
      [undefined, 401],
      [tokens.s1, 404],
      [tokens.a2, 404],
    ] as const) {
      const r = await call(app, 'POST', '/orders/o9/completion', {
        ...(token ? { token } : {}),
        body: { id: 'd1' },
      });
      expect(r.status).toBe(status);
    }
    expect(platform.engine.decision('o9')?.status).toBe('pending');
    expect(
      (await call(app, 'POST', '/orders/o9/completion', { token: tokens.s2, body: { id: 'd1' } })).status,
    ).toBe(200);
    expect(platform.engine.decision('o9')?.status).toBe('payable');
  });

  test('event ids are per tenant: pre-claiming e7 blocks nobody', async () => {
    const { app, tokens } = await tenantWorld();
    const rate = (token: string, store: string, rateBps: number) =>
      call(app, 'PUT', `/sellers/${store}/default-rate`, { token, body: { id: 'e7', rateBps } });
    expect((await rate(tokens.s2, 's2', 600)).status).toBe(200);
    expect((await rate(tokens.s1, 's1', 800)).status).toBe(200);
    // Within a tenant R17 holds: the same id with another payload is a conflict.
    expect((await rate(tokens.s1, 's1', 900)).status).toBe(409);
    const again = await rate(tokens.s1, 's1', 800);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 'true']);
  });

  test("store and affiliate names cannot be squatted: registration is the operator's", async () => {
    const { app, tokens, platform } = await tenantWorld();
    const body = { id: 'q1', products: [{ productId: 'p1', categoryId: 'c1' }] };
    expect((await call(app, 'POST', '/sellers/s3/registration', { body })).status).toBe(401);
    expect((await call(app, 'POST', '/sellers/s3/registration', { token: tokens.s1, body })).status).toBe(
      403,
    );
    expect(
      (
        await call(app, 'POST', '/affiliates/a3/registration', {
          token: tokens.a1,
          body: { id: 'q2', channel: 'sns' },
        })
      ).status,
    ).toBe(403);
    expect(platform.engine.storeCatalogue('s3')).toBeUndefined();
    const issued = await call(app, 'POST', '/auth/tokens', {
      token: tokens.s1,
      body: { kind: 'seller', storeId: 's2' },
    });
    expect(issued.status).toBe(403);
    const fresh = await call(app, 'POST', '/auth/tokens', {
      token: INGEST,
      body: { kind: 'seller', storeId: 's2' },
    });
    expect(fresh.status).toBe(201);
    expect(
      (
        await call(app, 'PUT', '/sellers/s2/default-rate', {
          token: fresh.body.token,
          body: { id: 'q3', rateBps: 600 },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(app, 'POST', '/auth/tokens', { token: INGEST, body: { kind: 'seller', storeId: 's9' } }))
        .status,
    ).toBe(422);
  });

  test('a token is never logged, not even at debug level', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const { app } = createPlatform({ auth: { ingestToken: INGEST }, logger });
    await call(app, 'POST', '/events', {
      token: INGEST,
      body: { id: 'e', type: 'store.withdrew', at: 1, storeId: 'zz' },
    });
    await call(app, 'GET', '/orders/o/attribution', { token: 'afs_guess' });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).not.toMatch(/afs_test|afs_guess/);
  });
});
