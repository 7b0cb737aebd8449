import { durationText } from '../domain/duration-text.js';
import { UsageError } from './io.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A wall-clock or simulated duration as flags take it: a whole number and a unit, `500ms`, `30s`,
 * `10m`, `1h`, `7d`. Anything else, or a value outside `min..max` ms, is a UsageError naming
 * the flag (exit 2). Whole numbers only: time is integer ms everywhere (no float arithmetic).
 */
export function durationFlag(
  flag: string,
  text: string,
  bounds: { readonly minMs: number; readonly maxMs: number },
  usage?: string,
): number {
  const m = /^(\d{1,12})(ms|s|m|h|d)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * (UNITS[m[2] as string] as number) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    throw new UsageError(`${flag} ${text}: expected a duration like 30s, 10m, 1h or 1d`, usage);
  }
  if (ms < bounds.minMs || ms > bounds.maxMs) {
    throw new UsageError(
      `${flag} ${text}: expected a duration from ${durationText(bounds.minMs)} to ${durationText(bounds.maxMs)}`,
      usage,
    );
  }
  return ms;
}

export { durationText };
