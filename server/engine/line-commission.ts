import type { Policy } from '../../sim/domain/policy.js';

const BPS_PER_UNIT = 10_000n;

/**
 * R13: line commission = round(net × rate / 10 000) under `rounding`, in integer cents. Computed
 * in BigInt when the product leaves the safe-integer range, so no cent is ever lost to floats.
 */
export function lineCommissionCents(netCents: number, rateBps: number, rounding: Policy['rounding']): number {
  const product = netCents * rateBps;
  if (Number.isSafeInteger(product)) {
    const whole = Math.trunc(product / 10_000);
    const rest = product - whole * 10_000;
    return whole + roundsUp(rest, whole % 2 === 1, rounding);
  }
  const big = BigInt(netCents) * BigInt(rateBps);
  const whole = big / BPS_PER_UNIT;
  return Number(whole) + roundsUp(Number(big % BPS_PER_UNIT), whole % 2n === 1n, rounding);
}

/** Net amounts and rates are never negative, so the remainder is in 0..9999. */
function roundsUp(rest: number, wholeIsOdd: boolean, rounding: Policy['rounding']): 0 | 1 {
  if (rounding === 'floor' || rest < 5_000) return 0;
  if (rest > 5_000 || rounding === 'half-up') return 1;
  return wholeIsOdd ? 1 : 0;
}
