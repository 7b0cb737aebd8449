import type { Policy } from '../domain/policy.js';

/**
 * R13: line commission = round(net line amount × rate / 10 000) under the `rounding` policy.
 * Integer arithmetic only; products past 2^53 go through BigInt so no cent is ever lost.
 */
export function lineCommissionCents(netCents: number, rateBps: number, rounding: Policy['rounding']): number {
  const product = netCents * rateBps;
  if (Number.isSafeInteger(product)) {
    const quotient = Math.floor(product / 10_000);
    return quotient + roundUp(product - quotient * 10_000, quotient, rounding);
  }
  const big = BigInt(netCents) * BigInt(rateBps);
  const quotient = big / 10_000n;
  return Number(quotient) + roundUp(Number(big - quotient * 10_000n), Number(quotient % 2n), rounding);
}

/** 1 when the remainder (of 10 000) rounds the quotient up; net and rate are never negative. */
function roundUp(remainder: number, quotient: number, rounding: Policy['rounding']): 0 | 1 {
  switch (rounding) {
    case 'floor':
      return 0;
    case 'half-up':
      return remainder >= 5_000 ? 1 : 0;
    case 'half-even':
      return remainder > 5_000 || (remainder === 5_000 && quotient % 2 === 1) ? 1 : 0;
  }
}
