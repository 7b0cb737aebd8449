/**
 * Writes at a constant arrival rate: each iteration is a new buyer who clicks through an
 * affiliate into a store (through the ingestion API), orders a few minutes later and has the order's
 * attribution read back; every answer is checked against what the reference model says for that
 * target (fixtures: targets.json). Ids come from the run id and k6's test-wide iteration number,
 * so VUs, iterations and instances of a run split with --execution-segment never collide.
 *
 *   k6 run -e FIXTURES=$PWD/out/k6/fixtures -e RATE=50 dist/k6/ingest.js
 *
 * Bundled with a target adapter's k6 part that has a write side (`affsim load ingest --target URL
 * --target-adapter FILE`), the click and the order are the service's own requests and the order's
 * decision is read back the adapter's way, its compared fields checked (lib/adapter-journey.ts).
 */
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { adapterJourney, writingPart } from './lib/adapter-journey.js';
import { adapterDecisionRead } from './lib/adapter-read.js';
import { buyerJourney } from './lib/buyer-journey.js';
import { loadConfig, runId } from './lib/config.js';
import { loadManifest, loadTargets } from './lib/fixtures.js';
import { K6_PART } from './lib/k6-part.js';
import { summaryOutputs } from './lib/summary.js';
import { SUMMARY_TREND_STATS, thresholds, vusFor } from './lib/thresholds.js';

const config = loadConfig({ rate: 50, duration: '30s' });
const manifest = loadManifest(config.fixturesDir);
const targets = loadTargets(config.fixturesDir);
const part = writingPart(K6_PART, 'ingest');
const read = part === null ? null : adapterDecisionRead(config.baseUrl, part);

export const options: Options = {
  scenarios: {
    ingest: {
      executor: 'constant-arrival-rate',
      exec: 'ingest',
      rate: config.rate,
      timeUnit: '1s',
      duration: config.duration,
      ...vusFor(config.rate),
    },
  },
  thresholds: thresholds(['events', 'orders', 'attribution']),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

interface SetupData {
  readonly runId: string;
}

/** Once per run (per instance in a split run): the run id every event id starts with. */
export function setup(): SetupData {
  return { runId: runId() };
}

export function ingest(data: SetupData): void {
  const target = targets[exec.scenario.iterationInTest % targets.length];
  if (target === undefined) throw new Error('no write target');
  if (part !== null && read !== null)
    adapterJourney({ baseUrl: config.baseUrl, manifest, runId: data.runId, part, read }, target);
  else buyerJourney({ baseUrl: config.baseUrl, manifest, runId: data.runId }, target, { kind: 'events' });
}

export function handleSummary(data: object): Record<string, string> {
  return summaryOutputs('ingest', data, config);
}
