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
 * Abort evaluation starts this long after the ramped endpoint's start: the first seconds (VUs
 * starting, the server's JIT warming up) are not a breaking point.
 */
export const DELAY_ABORT_EVAL_S = 3;
/** Quiet seconds between the baseline's ramp and the endpoint's: their seconds never mix. */
export const BASELINE_GAP_S = 2;

/**
 * The scenarios of a breakpoint run: the endpoint's ramp (`exec`, named `scenario`), after the
 * same ramp on the baseline (`baselineExec`) when there is one and `BASELINE` is on. The baseline
 * runs first and alone: ramped together, each would take the other's share of the machine.
 */
export function breakpointScenarios(
  config: BreakpointConfig,
  scenario: string,
  exec: string,
  baselineExec: string | null,
): Record<string, Scenario> {
  if (baselineExec === null || !config.baseline) return { [scenario]: breakpointScenario(config, exec) };
  return {
    [baselineExec]: breakpointScenario(config, baselineExec),
    [scenario]: {
      ...breakpointScenario(config, exec),
      startTime: `${endpointStartS(config, baselineExec)}s`,
    },
  };
}

/** When the ramped endpoint's scenario starts: after the baseline's ramp and a gap, or at once. */
export function endpointStartS(config: BreakpointConfig, baselineExec: string | null): number {
  return baselineExec === null || !config.baseline ? 0 : config.rampSeconds + BASELINE_GAP_S;
}

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
export function breakpointThresholds(
  endpoint: Endpoint,
  scenario: string,
  startS: number,
  baseline: Endpoint | null = null,
): Record<string, Threshold[]> {
  const aborting = (threshold: string) => ({
    threshold,
    abortOnFail: true,
    delayAbortEval: `${startS + DELAY_ABORT_EVAL_S}s`,
  });
  // Only the ramped scenario's own metrics: the baseline reaching its ceiling ends nothing.
  const own = `{scenario:${scenario}}`;
  return {
    [`checks${own}`]: [aborting('rate==1')],
    [`http_req_failed${own}`]: [aborting('rate==0')],
    [`dropped_iterations${own}`]: [aborting('count==0')],
    [`http_req_duration{endpoint:${endpoint}}`]: [aborting(`p(99)<=${BUDGETS[endpoint].p99Ms}`)],
    [`http_reqs{endpoint:${endpoint}}`]: ['count>0'],
    verified_decisions: ['count>0'],
    // The baseline ran (not aborting): also puts its request count and latency in the summary.
    ...(baseline === null
      ? {}
      : {
          [`http_reqs{endpoint:${baseline}}`]: ['count>0'],
          [`http_req_duration{endpoint:${baseline}}`]: ['max>=0'],
        }),
  };
}
