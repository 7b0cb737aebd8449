import { durationSeconds, RATE_MAX } from './k6-duration.js';

/**
 * The ramp of a breakpoint run (`BREAKPOINT=1`) from its variables: `START_RATE`, `MAX_RATE`
 * (req/s), `RAMP` (a k6 duration) and `BASELINE` (0 or 1). Pure, with the environment passed in: the script reads
 * k6's `__ENV`, and `affsim load --breakpoint` checks the same variables before it starts k6, so a
 * typo is one line and exit 2, not a k6 script exception.
 */
export interface BreakpointConfig {
  readonly startRate: number;
  readonly maxRate: number;
  /** A k6 duration: how long the ramp from startRate to maxRate takes. */
  readonly ramp: string;
  /** The ramp's length in seconds. */
  readonly rampSeconds: number;
  /**
   * `BASELINE` (default 1): the same ramp on the trivial endpoint first, alone, in the same run,
   * so the endpoint's breaking point is read against the machine's and k6's own ceiling. 0: off.
   */
  readonly baseline: boolean;
}

export const BREAKPOINT_DEFAULTS = { startRate: 10, maxRate: 1000, ramp: '1m' } as const;

type Env = Readonly<Record<string, string | undefined>>;

/** Undefined unless `BREAKPOINT=1`; throws an Error naming the variable on a bad value. */
export function breakpointConfig(env: Env): BreakpointConfig | undefined {
  const flag = env.BREAKPOINT || '0';
  if (flag === '0') return undefined;
  if (flag !== '1') throw new Error(`BREAKPOINT=${flag}: expected 1 (breakpoint mode) or 0`);
  return rampConfig(env);
}

/** The ramp's variables alone (defaults for those unset). */
export function rampConfig(env: Env): BreakpointConfig {
  const startRate = wholeRate(env, 'START_RATE', BREAKPOINT_DEFAULTS.startRate);
  const maxRate = wholeRate(env, 'MAX_RATE', BREAKPOINT_DEFAULTS.maxRate);
  if (maxRate <= startRate) {
    throw new Error(`MAX_RATE=${maxRate}: expected more than START_RATE=${startRate}`);
  }
  const ramp = env.RAMP || BREAKPOINT_DEFAULTS.ramp;
  const rampS = durationSeconds(ramp);
  if (rampS === undefined || rampS < 1) {
    throw new Error(`RAMP=${ramp}: expected a k6 duration of at least 1s, like 30s, 2m or 1m30s`);
  }
  const baselineFlag = env.BASELINE || '1';
  if (baselineFlag !== '0' && baselineFlag !== '1')
    throw new Error(`BASELINE=${baselineFlag}: expected 1 (ramp the baseline first, the default) or 0`);
  return { startRate, maxRate, ramp, rampSeconds: rampS, baseline: baselineFlag === '1' };
}

function wholeRate(env: Env, name: string, fallback: number): number {
  const text = env[name] || String(fallback);
  const rate = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(rate >= 1 && rate <= RATE_MAX)) {
    throw new Error(`${name}=${text}: expected whole iterations per second, 1..${RATE_MAX}`);
  }
  return rate;
}
