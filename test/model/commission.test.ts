import { describe, expect, test } from 'vitest';
import { lineCommissionCents } from '../../sim/model/commission.js';

// Why: R13 rounds each line once, in integer arithmetic; every rounding mode is pinned at and around .5.
describe('lineCommissionCents (R13)', () => {
  test.each([
    // net, rate, half-up, half-even, floor
    [2000, 500, 100, 100, 100],
    [2999, 500, 150, 150, 149], // 149.95
    [1, 5000, 1, 0, 0], // 0.5
    [3, 5000, 2, 2, 1], // 1.5
    [5, 5000, 3, 2, 2], // 2.5
    [3, 1667, 1, 1, 0], // 0.5001
    [3, 1666, 0, 0, 0], // 0.4998
    [0, 9000, 0, 0, 0], // fully refunded
    [10_000, 1, 1, 1, 1],
  ])('%i × %i bps → half-up %i, half-even %i, floor %i', (net, rate, up, even, floor) => {
    expect(lineCommissionCents(net, rate, 'half-up')).toBe(up);
    expect(lineCommissionCents(net, rate, 'half-even')).toBe(even);
    expect(lineCommissionCents(net, rate, 'floor')).toBe(floor);
  });

  test('amounts whose product passes 2^53 lose no cent', () => {
    const net = Number.MAX_SAFE_INTEGER; // 9007199254740991
    const exact = (BigInt(net) * 9000n) / 10_000n; // remainder 9000·1 mod 10000 → .9 rounds up
    expect(lineCommissionCents(net, 9000, 'floor')).toBe(Number(exact));
    expect(BigInt(lineCommissionCents(net, 9000, 'half-up'))).toBe(exact + 1n);
    // 5 × 10^15 × 5000 / 10000 = 2.5 × 10^15 exactly; odd × .5 cases through the BigInt path.
    expect(lineCommissionCents(5_000_000_000_000_001, 5000, 'half-even')).toBe(2_500_000_000_000_000);
    expect(lineCommissionCents(5_000_000_000_000_003, 5000, 'half-even')).toBe(2_500_000_000_000_002);
  });
});
