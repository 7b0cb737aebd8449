import { DEFAULT_PAIR_EXPIRY_LAG_MS } from '../../server/engine/engine-types.js';
import { DAY_MS } from '../domain/instant.js';
import { durationFlag, durationText } from './duration-flag.js';

/** The longest lag the flag takes: a year (a longer one is `off` in all but name). */
const PAIR_EXPIRY_LAG_MAX_MS = 365 * DAY_MS;

/** `--pair-expiry-lag`, settled: the lag in ms (undefined: off, pairs kept forever) and whether it was asked for. */
export interface PairExpiry {
  readonly lagMs: number | undefined;
  readonly asked: boolean;
}

/**
 * `affsim serve --pair-expiry-lag D|off` (server/README "Pair expiry"): on by default with
 * DEFAULT_PAIR_EXPIRY_LAG_MS. `0` is allowed (events in strict time order).
 */
export function pairExpiryFlag(value: string | undefined, usage?: string): PairExpiry {
  if (value === undefined) return { lagMs: DEFAULT_PAIR_EXPIRY_LAG_MS, asked: false };
  if (value === 'off') return { lagMs: undefined, asked: true };
  const lagMs =
    value === '0'
      ? 0
      : durationFlag('--pair-expiry-lag', value, { minMs: 0, maxMs: PAIR_EXPIRY_LAG_MAX_MS }, usage);
  return { lagMs, asked: true };
}

/** The lag as the console and the data dir's meta say it: `7d`, or `off`. */
export function pairExpiryText(lagMs: number | undefined): string {
  return lagMs === undefined ? 'off' : durationText(lagMs);
}
