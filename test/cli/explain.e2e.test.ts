import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { affsim, historyFile, WORKED_EXAMPLE } from './run-cli.js';

const worked = readFileSync(WORKED_EXAMPLE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as object);

describe('affsim explain (built CLI)', () => {
  test('walks through the rules that decided the worked example', async () => {
    const r = await affsim('explain', WORKED_EXAMPLE, 'o1');
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toContain('Decision: attributed to affiliate a1');
    expect(out).toMatch(/joined with default rate 500 bps — accepted/);
    expect(out).toMatch(
      /click via a1 on sns \(product p1\) — qualifies; starts a new chain; window until 2026-01-18T00:00:00.000Z/,
    );
    expect(out).toContain('in window (R8)');
    expect(out).toMatch(/p1: 2000 bps, tier main: a main product at creation \(set by e4/);
    expect(out).toMatch(/p2: 500 bps, tier default/);
    expect(out).toMatch(/refund of 999 cents on p2 — accepted/);
    expect(out).toMatch(/\(2999 − 999 refunded\) × 500 \/ 10000 = 100 → 100 cents/);
    expect(out).toMatch(/total 2100 cents; status payable/);
  });

  test('says why an order is not attributed, and which clicks did not qualify', async () => {
    const file = historyFile([
      ...worked.slice(1, 3),
      {
        id: 'c0',
        type: 'click',
        // Recorded before the join at the same instant: the store is not yet a member (order of evaluation).
        at: '2026-01-01T00:00:00Z',
        buyerId: 'b1',
        affiliateId: 'a1',
        storeId: 's1',
        channel: 'blog',
      },
      ...worked.slice(3),
      {
        id: 'o2',
        type: 'order.created',
        at: '2026-01-18T00:00:00Z',
        orderId: 'o2',
        buyerId: 'b1',
        storeId: 's1',
        lines: [{ productId: 'p2', amountCents: 100 }],
      },
    ]);
    const r = await affsim('explain', file, 'o2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/does not qualify \(R5: store s1 is not a member/);
    expect(r.stdout).toContain('at or after the window end: window expired (R8)');
    expect(r.stdout).toContain('reason window-expired');
  });

  test('explains an order whose creation was rejected', async () => {
    const file = historyFile([
      ...worked.slice(1),
      {
        id: 'x1',
        type: 'order.created',
        at: '2026-01-05T00:00:00Z',
        orderId: 'o9',
        buyerId: 'b1',
        storeId: 's9',
        lines: [{ productId: 'p1', amountCents: 100 }],
      },
    ]);
    const r = await affsim('explain', file, 'o9');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Order o9 was never created');
    expect(r.stdout).toContain('REJECTED R16: unknown store s9');
  });

  test('an order id the history never names exits 2', async () => {
    const r = await affsim('explain', WORKED_EXAMPLE, 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('names order "nope"');
  });
});
