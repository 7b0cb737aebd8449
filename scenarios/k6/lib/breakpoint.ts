/**
 * Breakpoint mode of attribution.ts (`BREAKPOINT=1`): instead of a constant rate, the arrival rate
 * ramps from `START_RATE` to `MAX_RATE` over `RAMP`, and k6 stops the test (`abortOnFail`) at the
 * first wrong answer, failed request, dropped iteration or p99 over budget. `affsim load
 * attribution --breakpoint` then reads the per-second series for the rate where each one broke.
 * Bad values stop the run in the init stage with the variable's name, like config.ts.
 */
import type { Scenario, Threshold } from 'k6/options';
import { BUDGETS } from './budgets.js';
import { durationSeconds, RATE_MAX } from './config.js';
import type { Endpoint } from './endpoint.js';
import { vusFor } from './thresholds.js';

export interface BreakpointConfig {
  readonly startRate: number;
  readonly maxRate: number;
  /** A k6 duration: how long the ramp from startRate to maxRate takes. */
  readonly ramp: string;
}

export const BREAKPOINT_DEFAULTS = { startRate: 10, maxRate: 1000, ramp: '1m' } as const;

/**
 * Abort evaluation starts this long after the test's start: the first seconds (VUs starting, the
 * server's JIT warming up) are not a breaking point.
 */
export const DELAY_ABORT_EVAL = '3s';

/** Undefined unless `BREAKPOINT=1`. */
export function loadBreakpoint(): BreakpointConfig | undefined {
  const flag = __ENV.BREAKPOINT || '0';
  if (flag === '0') return undefined;
  if (flag !== '1') throw new Error(`BREAKPOINT=${flag}: expected 1 (breakpoint mode) or 0`);
  const startRate = wholeRate('START_RATE', BREAKPOINT_DEFAULTS.startRate);
  const maxRate = wholeRate('MAX_RATE', BREAKPOINT_DEFAULTS.maxRate);
  if (maxRate <= startRate) {
    throw new Error(`MAX_RATE=${maxRate}: expected more than START_RATE=${startRate}`);
  }
  const ramp = __ENV.RAMP || BREAKPOINT_DEFAULTS.ramp;
  const rampS = durationSeconds(ramp);
  if (rampS === undefined || rampS < 1) {
    throw new Error(`RAMP=${ramp}: expected a k6 duration of at least 1s, like 30s, 2m or 1m30s`);
  }
  return { startRate, maxRate, ramp };
}

/** The ramp as a k6 scenario running `exec`. */
export function breakpointScenario(config: BreakpointConfig, exec: string): Scenario {
  return {
    executor: 'ramping-arrival-rate',
    startRate: config.startRate,
    timeUnit: '1s',
    stages: [{ target: config.maxRate, duration: config.ramp }],
    exec,
    ...vusFor(config.maxRate),
  };
}

/**
 * The four conditions that end a breakpoint run, each aborting it; plus "something was verified"
 * (not aborting: it can only be judged at the end). k6 judges them on the cumulative metric, so
 * the second each one broke comes from the per-second series (driver/breakpoint-analysis.ts).
 */
export function breakpointThresholds(endpoint: Endpoint): Record<string, Threshold[]> {
  const aborting = (threshold: string) => ({
    threshold,
    abortOnFail: true,
    delayAbortEval: DELAY_ABORT_EVAL,
  });
  return {
    checks: [aborting('rate==1')],
    http_req_failed: [aborting('rate==0')],
    dropped_iterations: [aborting('count==0')],
    [`http_req_duration{endpoint:${endpoint}}`]: [aborting(`p(99)<=${BUDGETS[endpoint].p99Ms}`)],
    [`http_reqs{endpoint:${endpoint}}`]: ['count>0'],
    verified_decisions: ['count>0'],
  };
}

function wholeRate(name: string, fallback: number): number {
  const text = __ENV[name] || String(fallback);
  const rate = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(rate >= 1 && rate <= RATE_MAX)) {
    throw new Error(`${name}=${text}: expected whole iterations per second, 1..${RATE_MAX}`);
  }
  return rate;
}
