import { describe, expect, it } from 'vitest';
import { comparedPart, fieldGroups, sameFields } from '../../scenarios/k6/lib/compared-fields.js';
import type { DecisionJson } from '../../sim/domain/decision.js';
import { defineTarget, type TargetDefinition } from '../../sim/run/define-target.js';
import { missingK6PartMessage } from '../../sim/targets/k6-part-snippet.js';
import { freeNames, K6PartError, k6PartModule } from '../../sim/targets/k6-part-source.js';

// Why: an adapter's k6 part runs inside k6 by its source text, so a function that leans on its
// module would break only under load; it must be refused at load time, naming what it used.

const sendBatch = async () => [];
const base = { name: 'svc', sendBatch, readDecision: async () => null };
const TABLE = { A: 'payable' };

const withK6 = (k6: unknown, compare?: TargetDefinition['compare']) =>
  ({ ...base, compare, k6 }) as unknown as TargetDefinition;

describe('the k6 part of an adapter', () => {
  it('defineTarget names each misshapen field', () => {
    expect(() => defineTarget(withK6({ attribution: { path: '/x' } }))).toThrow(
      /k6\.attribution\.path: expected a function.*k6\.attribution\.decision: expected a function/,
    );
    expect(() =>
      defineTarget(
        withK6({ attribution: { path: () => '/', decision: () => null }, health: { path: 'healthz' } }),
      ),
    ).toThrow(/k6\.health: expected \{ path: "\/…" \}/);
    expect(() =>
      defineTarget(withK6({ attribution: { path: () => '/', decision: () => null, headers: { a: 1 } } })),
    ).toThrow(/k6\.attribution\.headers: expected an object of strings/);
  });

  it('takes self-contained functions, methods included, into a module', () => {
    const module = k6PartModule(
      withK6(
        {
          attribution: {
            path: (orderId: string) => `/p/${encodeURIComponent(orderId)}`,
            decision(status: number, body: { s: string }) {
              const table: Record<string, string> = { A: 'payable' };
              return status === 404 ? null : { status: table[body.s] };
            },
            headers: { 'x-key': 'k' },
          },
          health: { path: '/healthz' },
        },
        ['status'],
      ),
      'svc.ts',
    );
    expect(module).toContain('const decision = (function decision(status, body)');
    expect(module).toContain('"compare":["status"]');
    expect(module).toContain('"health":{"path":"/healthz"}');
    expect(module).toContain('{"x-key":"k"}');
  });

  it('refuses a function that uses its module, naming the function and the name', () => {
    const part = {
      attribution: {
        path: (orderId: string) => `/p/${orderId}`,
        decision: (_s: number, body: { s: 'A' }) => ({ status: TABLE[body.s] }),
      },
    };
    expect(() => k6PartModule(withK6(part), 'svc.ts')).toThrow(K6PartError);
    expect(() => k6PartModule(withK6(part), 'svc.ts')).toThrow(
      /target adapter svc\.ts: k6\.attribution\.decision uses TABLE, from outside it/,
    );
    const id = encodeURIComponent;
    const aliased = { attribution: { path: (o: string) => `/p/${id(o)}`, decision: () => null } };
    expect(() => k6PartModule(withK6(aliased), 'svc.ts')).toThrow(
      /k6\.attribution\.path uses id, from outside/,
    );
  });

  it('refuses an async function and a path that is not one', () => {
    const asyncPart = { attribution: { path: async () => '/p', decision: () => null } };
    expect(() => k6PartModule(withK6(asyncPart), 'svc.ts')).toThrow(
      /k6\.attribution\.path is an AsyncFunction/,
    );
    const noSlash = { attribution: { path: (o: string) => `p/${o}`, decision: () => null } };
    expect(() => k6PartModule(withK6(noSlash), 'svc.ts')).toThrow(
      /returned "p\/o-affsim-sample-1": expected a path/,
    );
  });

  it('finds free names, not properties, keys, parameters or inner declarations', () => {
    expect(
      freeNames(
        '((a, { b: c }) => { const d = a.x + c; function f(g) { return g; } return { k: f(d), TABLE, e: Math.max(1) }; })',
      ),
    ).toEqual(['TABLE', 'Math']);
  });

  const read = { path: (o: string) => `/p/${encodeURIComponent(o)}`, decision: () => null };

  it('a write side: named when misshapen, taken into the module when self-contained', () => {
    expect(() => defineTarget(withK6({ attribution: read, write: { click: () => ({}) } }))).toThrow(
      /k6\.write\.order: expected a function \(order\.created event\)/,
    );
    const write = {
      click: (e: { id: string; buyerId: string }) => ({
        method: 'POST',
        path: '/v1/visits',
        body: { key: e.id, shopper: e.buyerId },
      }),
      order: (e: { orderId: string; lines: { productId: string }[] }) => ({
        method: 'PUT',
        path: `/v1/purchases/${encodeURIComponent(e.orderId)}`,
        body: { items: e.lines.map((l) => l.productId) },
        headers: { 'x-source': 'k6' },
      }),
    };
    const module = k6PartModule(withK6({ attribution: read, write }), 'svc.ts');
    expect(module).toMatch(/const write = \{ click: \(\(e\) => \(\{[\s\S]*path: "\/v1\/visits"/);
    expect(module).toContain('write: write };');
    // Without one, the bundle says so (null), and the writing scripts refuse to start.
    expect(k6PartModule(withK6({ attribution: read }), 'svc.ts')).toContain('const write = null;');
  });

  it('refuses a write side that uses its module or does not return a request', () => {
    const ROUTE = '/v1/visits';
    const order = () => ({ method: 'POST', path: '/o', body: {} });
    const outside = { attribution: read, write: { click: () => ({ method: 'POST', path: ROUTE }), order } };
    expect(() => k6PartModule(withK6(outside), 'svc.ts')).toThrow(
      /k6\.write\.click uses ROUTE, from outside it/,
    );
    const get = { attribution: read, write: { click: () => ({ method: 'GET', path: '/v' }), order } };
    expect(() => k6PartModule(withK6(get), 'svc.ts')).toThrow(
      /k6\.write\.click\(click event\) returned \{"method":"GET","path":"\/v"\}: method: expected POST, PUT, PATCH/,
    );
    const noPath = {
      attribution: read,
      write: { click: order, order: () => ({ method: 'POST', path: 'o' }) },
    };
    expect(() => k6PartModule(withK6(noPath), 'svc.ts')).toThrow(
      /k6\.write\.order\(order\.created event\) returned .*: path: expected a path/,
    );
    const throws = {
      attribution: read,
      write: {
        click: order,
        order: (e: { notes: string[] }) => ({ method: 'POST', path: '/o', body: e.notes.length }),
      },
    };
    expect(() => k6PartModule(withK6(throws), 'svc.ts')).toThrow(/k6\.write\.order\(.*\) threw TypeError/);
  });

  it('without a k6 part, the message names the adapter and gives the part for its compare list', () => {
    const message = missingK6PartMessage(withK6(undefined, ['status', 'lines[].tier']), 'svc.ts');
    expect(message).toMatch(/^target adapter svc\.ts \(svc\) has no k6 part/);
    expect(message).toContain('path: (orderId) =>');
    expect(message).toContain('{ status: body.status, lines: body.lines.map((l) => ({ tier: l.tier })) }');
    expect(message).toContain("health: { path: '/healthz' }");
    expect(message).toContain("click: (e) => ({ method: 'POST', path: '/clicks'");
  });
});

describe('the compared fields of a k6 read', () => {
  const want: DecisionJson = {
    orderId: 'o1',
    attributed: true,
    reason: null,
    affiliateId: 'a1',
    clickAt: null,
    windowEndsAt: null,
    status: 'payable',
    commissionCents: 120,
    lines: [
      {
        productId: 'p',
        amountCents: 1000,
        refundedCents: 0,
        rateBps: 1200,
        tier: 'default',
        commissionCents: 120,
      },
    ],
  };

  it('groups only the compared fields', () => {
    expect(fieldGroups(['status', 'affiliateId', 'lines[].tier'])).toEqual([
      { check: 'status', fields: ['status'] },
      { check: 'affiliate', fields: ['affiliateId'] },
      { check: 'tiers', fields: ['lines[].tier'] },
    ]);
  });

  it('a compared field left out or different differs; an uncompared one does not count', () => {
    expect(sameFields({ status: 'payable', reason: 'no-click' }, want, ['status'])).toBe(true);
    expect(sameFields({ status: 'pending' }, want, ['status'])).toBe(false);
    expect(sameFields({}, want, ['reason'])).toBe(false);
    expect(sameFields({ lines: [{ tier: 'default' }] }, want, ['lines[].tier'])).toBe(true);
    expect(sameFields({ lines: [] }, want, ['lines[].tier'])).toBe(false);
    expect(comparedPart(want, ['status', 'lines[].tier'])).toEqual({
      orderId: 'o1',
      status: 'payable',
      lines: [{ tier: 'default' }],
    });
  });
});
