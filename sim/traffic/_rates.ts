import type { Policy } from '../domain/policy.js';
import type { IntRange } from '../scenario/knob-types.js';
import type { Rng } from '../world/rng.js';

/** A rate from the knob's range, clamped into `rateBounds` so it is valid (R1, R4); steps of 10 bps like real settings. */
export function validRateBps(range: Readonly<IntRange>, policy: Policy, rng: Rng): number {
  const { minBps, maxBps } = policy.rateBounds;
  const drawn = Math.round(rng.int(range.min, range.max) / 10) * 10;
  return Math.min(maxBps, Math.max(minBps, drawn));
}

/** A rate just outside `rateBounds` (or 0): refused with R1 in a join, R4 in a setting. */
export function invalidRateBps(policy: Policy, rng: Rng): number {
  const { minBps, maxBps } = policy.rateBounds;
  const options = [maxBps + 1, maxBps + 500, minBps - 1];
  if (minBps > 0) options.push(0);
  return rng.pick(options);
}
