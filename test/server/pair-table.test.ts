import { describe, expect, test } from 'vitest';
import { EXPIRED_CHAIN, PairTable } from '../../server/engine/pair-table.js';
import type { WindowChain } from '../../server/engine/window-chain.js';

/** The engine's (buyer, store) chains as columns (server/engine/pair-table.ts), across column growth. */

const chainFor = (i: number): WindowChain => ({
  firstAtMs: 1_767_225_600_000 + i,
  firstAffiliateId: `a${i}`,
  latestAtMs: 1_767_225_600_000 + 2 * i,
  latestAffiliateId: `a${i + 1}`,
  windowEndsAtMs: 1_769_817_600_000 + i,
});

describe('PairTable (R7: one chain per pair)', () => {
  test('many pairs read back exactly; an update changes only its own pair', () => {
    const table = new PairTable();
    const n = 5_000;
    for (let i = 0; i < n; i += 1) table.add(`s${i % 7}`, `b${i}`, chainFor(i));
    expect(table.size).toBe(n);
    for (let i = 0; i < n; i += 1) expect(table.chainOf(`s${i % 7}`, `b${i}`)).toEqual(chainFor(i));
    // Same buyer in another store is another pair (R7).
    expect(table.chainOf('s1', 'b0')).toBeUndefined();
    expect(table.row('nope', 'b0')).toBe(-1);
    const row = table.row('s3', 'b10');
    table.set(row, chainFor(99_999));
    expect(table.chainOf('s3', 'b10')).toEqual(chainFor(99_999));
    expect(table.chainOf('s2', 'b9')).toEqual(chainFor(9));
    expect(table.chainOf('s4', 'b11')).toEqual(chainFor(11));
  });

  test('past several chunks of rows (65,536 each), chains read back and expire by their own window', () => {
    const day = 86_400_000;
    const table = new PairTable({ expiryLagMs: day });
    const n = 140_000;
    // Pair i's window ends on day i % 10; the rows of all three chunks share the days.
    const chain = (i: number): WindowChain => ({ ...chainFor(i), windowEndsAtMs: (i % 10) * day + 1 });
    for (let i = 0; i < n; i += 1) table.add(`s${i % 3}`, `b${i}`, chain(i));
    for (const i of [0, 65_535, 65_536, 131_071, 131_072, n - 1])
      expect(table.chainOf(`s${i % 3}`, `b${i}`)).toEqual(chain(i));
    // A window that ends on day 0–3 is dropped a day (the lag) later, by day 5: 40 % of the pairs.
    table.advance(5 * day);
    expect(table.size).toBe(n * 0.6);
    expect(table.expiredSize).toBe(n * 0.4);
    for (const i of [0, 3, 65_536, 65_539, n - 7, n - 1]) {
      const expect_ = i % 10 < 4 ? EXPIRED_CHAIN : chain(i);
      expect(table.chainOf(`s${i % 3}`, `b${i}`)).toEqual(expect_);
    }
    // Freed rows are reused: new pairs take them, not new chunks, and read back.
    for (let i = n; i < n + 1000; i += 1) table.add('s9', `b${i}`, chain(i + 5));
    for (let i = n; i < n + 1000; i += 1) expect(table.chainOf('s9', `b${i}`)).toEqual(chain(i + 5));
    expect(table.state().firstAtMs).toHaveLength(3);
    // A snapshot's table answers the same.
    const copy = new PairTable({ expiryLagMs: day }, structuredClone(table.state()));
    for (const i of [4, 65_540, n - 1, n + 999]) {
      const store = i >= n ? 's9' : `s${i % 3}`;
      expect(copy.chainOf(store, `b${i}`)).toEqual(table.chainOf(store, `b${i}`));
    }
  });
});
