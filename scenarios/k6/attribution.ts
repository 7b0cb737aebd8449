/**
 * Reads of the attribution endpoint at a constant arrival rate, every answer checked against the
 * reference model's decision for that order, with `/ping` (a trivial JSON answer) at the same rate
 * in the same run as the baseline: the difference between the two is the endpoint's own cost.
 *
 *   affsim serve --preload out/k6/fixtures &
 *   k6 run -e FIXTURES=$PWD/out/k6/fixtures -e RATE=200 -e DURATION=30s dist/k6/attribution.js
 *
 * Bundled with a target adapter's k6 part (`affsim load attribution --target URL --target-adapter
 * FILE`), it reads the user's service the adapter's way, checks the fields the adapter compares,
 * and loads the adapter's `health` endpoint as the baseline (none when the adapter has none).
 */
import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { adapterAttributionReader, adapterHealthCheck } from './lib/adapter-read.js';
import {
  breakpointScenarios,
  breakpointThresholds,
  endpointStartS,
  loadBreakpoint,
} from './lib/breakpoint.js';
import { loadConfig } from './lib/config.js';
import { jsonBody } from './lib/decision-checks.js';
import { ENDPOINTS } from './lib/endpoint.js';
import { loadDecisions } from './lib/fixtures.js';
import { K6_PART } from './lib/k6-part.js';
import { attributionReader } from './lib/read-attribution.js';
import { summaryOutputs } from './lib/summary.js';
import { SUMMARY_TREND_STATS, thresholds, vusFor } from './lib/thresholds.js';

const config = loadConfig({ rate: 200, duration: '30s' });
const decisions = loadDecisions(config.fixturesDir);
const read =
  K6_PART === null
    ? attributionReader(config.baseUrl, decisions)
    : adapterAttributionReader(config.baseUrl, decisions, K6_PART);
/** The baseline scenario: affsim's /ping, the adapter's health endpoint, or none. */
const baseline = K6_PART === null ? 'ping' : K6_PART.health === null ? null : 'health';

const arrivals = {
  executor: 'constant-arrival-rate',
  rate: config.rate,
  timeUnit: '1s',
  duration: config.duration,
  ...vusFor(config.rate),
} as const;

// BREAKPOINT=1 ramps the baseline alone first (BASELINE=0: not at all), then the attribution reads
// alone until a threshold of theirs aborts the run: never both at once, whose load would mix.
const breakpoint = loadBreakpoint();

export const options: Options = breakpoint
  ? {
      scenarios: breakpointScenarios(breakpoint, 'attribution', 'readAttribution', baseline),
      thresholds: breakpointThresholds(
        'attribution',
        'attribution',
        endpointStartS(breakpoint, baseline),
        breakpoint.baseline ? baseline : null,
      ),
      summaryTrendStats: SUMMARY_TREND_STATS,
    }
  : {
      scenarios: {
        attribution: { ...arrivals, exec: 'readAttribution' },
        ...(baseline === null ? {} : { [baseline]: { ...arrivals, exec: baseline } }),
      },
      thresholds: thresholds(baseline === null ? ['attribution'] : ['attribution', baseline]),
      summaryTrendStats: SUMMARY_TREND_STATS,
    };

export function readAttribution(): void {
  read(exec.scenario.iterationInTest);
}

export function ping(): void {
  const res = http.get(`${config.baseUrl}/ping`, { tags: ENDPOINTS.ping });
  check(res, {
    'ping: 200': (r) => r.status === 200,
    'ping: pong': () => (jsonBody(res) as { pong?: unknown } | null)?.pong === true,
  });
}

export const health: () => void =
  K6_PART === null
    ? () => {
        throw new Error('health: only an adapter bundle has a health scenario');
      }
    : adapterHealthCheck(config.baseUrl, K6_PART);

export function handleSummary(data: object): Record<string, string> {
  return summaryOutputs('attribution', data, config);
}
