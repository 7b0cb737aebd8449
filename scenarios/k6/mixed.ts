/**
 * A day's mix on a platform that already holds months of history: buyers following promotion
 * links (most of the traffic), affiliates and order pages reading preloaded orders' attribution,
 * and buyers who click and then order; partway through, a black-Friday burst ramps clicks and
 * checkouts up to three times the day's rate and back (ramping-arrival-rate). Every answer is
 * checked: reads against the model's decisions, writes against the targets' known answers. Writes
 * only add new buyers and orders after the history, so the preloaded decisions stay exact.
 *
 *   k6 run -e FIXTURES=$PWD/out/k6/fixtures -e RATE=100 -e DURATION=1m dist/k6/mixed.js
 *
 * Bundled with a target adapter's k6 part that has a write side, the same mix runs against a
 * user's service: clicks and orders as the adapter's requests (no promotion links: those are
 * affsim's API), reads the adapter's way with its compared fields checked.
 */
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import type { Target } from '../../sim/fixtures/fixture-format.js';
import {
  type AdapterJourneyContext,
  adapterClick,
  adapterJourney,
  writingPart,
} from './lib/adapter-journey.js';
import { adapterAttributionReader, adapterDecisionRead } from './lib/adapter-read.js';
import { buyerJourney, followLink, type JourneyContext } from './lib/buyer-journey.js';
import { loadConfig, runId } from './lib/config.js';
import { loadDecisions, loadManifest, loadTargets } from './lib/fixtures.js';
import { currentIteration } from './lib/iteration.js';
import { K6_PART } from './lib/k6-part.js';
import { createLinks } from './lib/promotion-links.js';
import { attributionReader } from './lib/read-attribution.js';
import { summaryOutputs } from './lib/summary.js';
import { SUMMARY_TREND_STATS, thresholds, vusFor } from './lib/thresholds.js';

const config = loadConfig({ rate: 100, duration: '1m' });
const manifest = loadManifest(config.fixturesDir);
const targets = loadTargets(config.fixturesDir);
const part = writingPart(K6_PART, 'mixed');
const read =
  part === null
    ? attributionReader(config.baseUrl, loadDecisions(config.fixturesDir))
    : adapterAttributionReader(config.baseUrl, loadDecisions(config.fixturesDir), part);
const readBack = part === null ? null : adapterDecisionRead(config.baseUrl, part);
const clicking = targets.map((t, i) => (t.click === null ? -1 : i)).filter((i) => i >= 0);

/**
 * Shares of the day's rate (assumptions): clicks far outnumber orders (about 40 to 1 in the
 * simulator's baseline), and reads come from order pages, affiliate dashboards and reconciliation.
 */
const SHARES = { browse: 0.6, reads: 0.35, checkout: 0.05 };
/** The burst's peak, in multiples of the day's rate, and the share of its iterations that check out. */
const BURST_PEAK = 3;
const BURST_CHECKOUT_EVERY = 5;

const steady = (share: number, execName: string) => {
  const rate = Math.max(1, Math.round(config.rate * share));
  return {
    executor: 'constant-arrival-rate',
    exec: execName,
    rate,
    timeUnit: '1s',
    duration: config.duration,
    ...vusFor(rate),
  } as const;
};
const third = Math.max(1, Math.round(config.durationS / 3));
const sixth = `${Math.max(1, Math.round(config.durationS / 6))}s`;
const peak = config.rate * BURST_PEAK;

export const options: Options = {
  scenarios: {
    browse: steady(SHARES.browse, 'browse'),
    reads: steady(SHARES.reads, 'readAttribution'),
    checkout: steady(SHARES.checkout, 'checkout'),
    black_friday: {
      executor: 'ramping-arrival-rate',
      exec: 'blackFriday',
      startTime: `${third}s`,
      startRate: 0,
      timeUnit: '1s',
      stages: [
        { target: peak, duration: sixth },
        { target: peak, duration: sixth },
        { target: 0, duration: sixth },
      ],
      ...vusFor(peak),
    },
  },
  // Through an adapter the clicks are the service's own requests (tagged events), not promotion links.
  thresholds: thresholds(
    part === null ? ['link', 'orders', 'attribution'] : ['events', 'orders', 'attribution'],
  ),
  summaryTrendStats: SUMMARY_TREND_STATS,
};

interface SetupData {
  readonly runId: string;
  /** Promotion link URLs by target index (null: the target does not click). */
  readonly links: (string | null)[];
}

export function setup(): SetupData {
  return { runId: runId(), links: part === null ? createLinks(config.baseUrl, targets) : [] };
}

export function readAttribution(): void {
  read(exec.scenario.iterationInTest);
}

/** A buyer follows a promotion link and leaves (no order): the bulk of the traffic. */
export function browse(data: SetupData): void {
  const index = clicking[exec.scenario.iterationInTest % clicking.length] as number;
  const adapter = adapterContext(data);
  if (adapter !== null) {
    const it = currentIteration(data.runId, manifest);
    adapterClick(adapter, targets[index] as Target, it, `${it.key}-b`);
    return;
  }
  const url = data.links[index];
  if (typeof url !== 'string') return; // its link was not created: 'link: created' already failed
  const ctx = context(data);
  const it = currentIteration(ctx.runId, manifest);
  followLink(ctx, targets[index] as Target, url, it, `${it.key}-b`);
}

/** A buyer follows a link (or comes directly), orders, and the order's attribution is read back. */
export function checkout(data: SetupData): void {
  const index = exec.scenario.iterationInTest % targets.length;
  const target = targets[index] as Target;
  const adapter = adapterContext(data);
  if (adapter !== null) {
    adapterJourney(adapter, target);
    return;
  }
  const url = data.links[index];
  if (target.click !== null && typeof url !== 'string') return;
  buyerJourney(context(data), target, { kind: 'link', url: url ?? '' });
}

export function blackFriday(data: SetupData): void {
  if (exec.scenario.iterationInTest % BURST_CHECKOUT_EVERY === BURST_CHECKOUT_EVERY - 1) checkout(data);
  else browse(data);
}

function adapterContext(data: SetupData): AdapterJourneyContext | null {
  if (part === null || readBack === null) return null;
  return { baseUrl: config.baseUrl, manifest, runId: data.runId, part, read: readBack };
}

function context(data: SetupData): JourneyContext {
  return { baseUrl: config.baseUrl, manifest, runId: data.runId };
}

export function handleSummary(data: object): Record<string, string> {
  return summaryOutputs('mixed', data, config);
}
