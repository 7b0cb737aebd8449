import { describe, expect, test } from 'vitest';
import { PairTable } from '../../server/engine/pair-table.js';
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
});
