import { BUDGETS } from './budgets.js';
import type { Endpoint } from './endpoint.js';

/** Trend statistics in the summary and its JSON: p(99) is not among k6's defaults. */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'count'];

/**
 * The pass/fail criteria of every script (k6 exits 99 when one fails): every check passed and at
 * least one decision was verified, no request failed, no iteration was dropped (the arrival rate
 * was actually reached), and each endpoint the script uses was called and kept its p95 and p99
 * budgets. Sub-metric thresholds also put each endpoint's numbers in the summary.
 */
export function thresholds(endpoints: readonly Endpoint[]): Record<string, string[]> {
  const result: Record<string, string[]> = {
    checks: ['rate==1'],
    verified_decisions: ['count>0'],
    http_req_failed: ['rate==0'],
    dropped_iterations: ['count==0'],
  };
  for (const endpoint of endpoints) {
    const { p95Ms, p99Ms } = BUDGETS[endpoint];
    result[`http_req_duration{endpoint:${endpoint}}`] = [`p(95)<${p95Ms}`, `p(99)<${p99Ms}`];
    result[`http_reqs{endpoint:${endpoint}}`] = ['count>0'];
  }
  return result;
}

/**
 * VUs an arrival-rate scenario starts with and may grow to: enough to keep starting iterations
 * through a 250 ms stall of the server (a busy machine, a garbage collection), and through 1 s.
 * Generous on purpose: an iteration that finds no free VU is dropped, which fails the run, and a
 * VU started mid-test first runs the init stage while arrivals keep coming.
 */
export function vusFor(rate: number): { preAllocatedVUs: number; maxVUs: number } {
  return { preAllocatedVUs: Math.ceil(rate * 0.25) + 10, maxVUs: Math.ceil(rate) + 20 };
}
