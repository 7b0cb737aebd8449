/**
 * Breakpoint mode of attribution.ts (`BREAKPOINT=1`): instead of a constant rate, the arrival rate
 * ramps from `START_RATE` to `MAX_RATE` over `RAMP`, and k6 stops the test (`abortOnFail`) at the
 * first wrong answer, failed request, dropped iteration or p99 over budget. `affsim load
 * attribution --breakpoint` then reads the per-second series for the rate where each one broke.
 * Bad values stop the run in the init stage with the variable's name (breakpoint-config.ts).
 */
import type { Scenario, Threshold } from 'k6/options';
import { type BreakpointConfig, breakpointConfig } from './breakpoint-config.js';
import { BUDGETS } from './budgets.js';
import type { Endpoint } from './endpoint.js';
import { vusFor } from './thresholds.js';

/**
 * Abort evaluation starts this long after the test's start: the first seconds (VUs starting, the
 * server's JIT warming up) are not a breaking point.
 */
export const DELAY_ABORT_EVAL = '3s';

/** Undefined unless `BREAKPOINT=1`. */
export function loadBreakpoint(): BreakpointConfig | undefined {
  return breakpointConfig(__ENV);
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
