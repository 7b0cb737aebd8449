/**
 * A soak (`affsim run --soak 10m`, README "Soak"): the scenario's traffic goes on for a wall time,
 * sampled every few seconds, to show whether memory stays flat once windows expire and latency
 * stays stable. Here: the samples and their summary (pure); the run takes them (run-simulation.ts),
 * the target's adapter reads the platform's figures (sim/targets/metrics-probe.ts).
 */

import { slope } from './least-squares.js';
import { keptTrend, retainedRate, SOAK_KEPT_ROOM_FACTOR } from './soak-retained.js';

/** One cumulative latency bucket of a route (`le` in ms, Infinity for +Inf). */
export interface LatencyBucket {
  readonly leMs: number;
  readonly count: number;
}

/** What a probe reads from affsim's platform `/metrics` (cumulative where a counter). */
export interface PlatformSample {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly livePairs?: number;
  readonly expiredPairs?: number;
  readonly orders?: number;
  readonly eventIds?: number;
  /** The heap as the latest full GC left it (0 before the first), and the ArrayBuffers (typed tables). */
  readonly heapAfterGcBytes?: number;
  readonly arrayBuffersBytes?: number;
  /** Rows and cells the platform's report book holds, and its day totals (stores × days). */
  readonly bookRows?: number;
  readonly bookDays?: number;
  readonly latencyBuckets: {
    readonly ingest: readonly LatencyBucket[];
    readonly attribution: readonly LatencyBucket[];
  };
}

export interface SoakSample {
  /** Wall ms since the soak started. */
  readonly atMs: number;
  /** Events the simulator has sent so far (as the summary counts them) and their rate since the last sample. */
  readonly events: number;
  readonly eventsPerSecond: number;
  /** This process: the simulator, and the platform too when it runs in-process. */
  readonly simulator: { readonly rssBytes: number; readonly heapUsedBytes: number };
  /** affsim's platform as its `/metrics` says; absent for another target or a failed scrape. */
  readonly platform?: {
    readonly rssBytes: number;
    readonly heapUsedBytes: number;
    readonly livePairs?: number;
    readonly expiredPairs?: number;
    readonly orders?: number;
    readonly eventIds?: number;
    readonly heapAfterGcBytes?: number;
    readonly arrayBuffersBytes?: number;
    readonly bookRows?: number;
    readonly bookDays?: number;
    /** p99 of the requests answered since the last sample (a bucket's upper bound; 5,000 past the last). */
    readonly ingestP99Ms?: number;
    readonly attributionP99Ms?: number;
  };
}

export interface MemoryTrend {
  readonly rssStartMb: number;
  readonly rssEndMb: number;
  readonly heapStartMb: number;
  readonly heapEndMb: number;
  /** Least-squares slope over the second half of the samples (the first half is the warm-up). */
  readonly rssSlopeMbPerMin: number;
  readonly heapSlopeMbPerMin: number;
}

export interface P99Trend {
  /** Median p99 over the first half, and the worst p99 of the last quarter. */
  readonly firstHalfMedianMs: number;
  readonly lastQuarterMaxMs: number;
  readonly stable: boolean;
}

export interface SoakSummary {
  readonly wallMs: number;
  readonly sampleMs: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly simulator: MemoryTrend;
  readonly platform?: MemoryTrend & {
    /** What the platform must keep per minute of the second half (R17 ids, orders, pairs, book rows), by RETAINED_BYTES. */
    readonly retainedMbPerMin: number;
    /**
     * What the platform keeps: the heap after its latest full GC plus its ArrayBuffers (where the
     * R17 ledger, the pair table and the book's cells live), when its metrics say (affsim's do).
     */
    readonly keptStartMb?: number;
    readonly keptEndMb?: number;
    readonly keptSlopeMbPerMin?: number;
    readonly livePairsStart?: number;
    readonly livePairsEnd?: number;
    readonly expiredPairsEnd?: number;
    readonly ingestP99?: P99Trend;
    readonly attributionP99?: P99Trend;
    /**
     * What it keeps (else, for a platform without those figures, its heap) grows no faster than
     * what it must keep, times SOAK_KEPT_ROOM_FACTOR, plus SOAK_HEAP_SLACK_MB_PER_MIN.
     */
    readonly memoryFlat: boolean;
  };
  /** One line saying what the soak shows. */
  readonly verdict: string;
}

export interface SoakResult {
  /** Simulated days the soak got through (every worker), of the scenario's `period.days`. */
  readonly simulatedDays?: number;
  readonly summary: SoakSummary;
  readonly samples: readonly SoakSample[];
}

/** One shard's soak in a merged result (`affsim merge`): each shard sampled its own process and target. */
export interface ShardSoak extends SoakResult {
  /** The shard indexes (0-based) of the result this soak came from. */
  readonly shards: readonly number[];
}

export { RETAINED_BYTES, SOAK_KEPT_ROOM_FACTOR } from './soak-retained.js';
export { slope };

/** The heap may grow this much per minute beyond what it must keep and still be "flat" (GC noise). */
export const SOAK_HEAP_SLACK_MB_PER_MIN = 2;

/** A p99 is stable while the last quarter's worst stays within 2× the first half's median + 10 ms. */
export const P99_STABLE_FACTOR = 2;
export const P99_STABLE_SLACK_MS = 10;

const MB = 1_000_000;
const MINUTE_MS = 60_000;

/** The p99 of the requests between two cumulative bucket readings; undefined when there were none. */
export function intervalP99Ms(
  before: readonly LatencyBucket[] | undefined,
  after: readonly LatencyBucket[],
): number | undefined {
  const delta = after.map((b, i) => ({ leMs: b.leMs, count: b.count - (before?.[i]?.count ?? 0) }));
  const total = delta.at(-1)?.count ?? 0;
  if (total <= 0) return undefined;
  const rank = Math.ceil(total * 0.99);
  const finite = delta.filter((b) => Number.isFinite(b.leMs));
  const lastFinite = finite.at(-1)?.leMs ?? 0;
  const hit = delta.find((b) => b.count >= rank);
  return hit === undefined || !Number.isFinite(hit.leMs) ? lastFinite : hit.leMs;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function trend(
  samples: readonly SoakSample[],
  of: (s: SoakSample) => { rssBytes: number; heapUsedBytes: number } | undefined,
): MemoryTrend | undefined {
  const have = samples.filter((s) => of(s) !== undefined);
  const first = have[0];
  const last = have.at(-1);
  if (first === undefined || last === undefined) return undefined;
  const half = have.slice(Math.floor(have.length / 2));
  const mem = (s: SoakSample) => of(s) as { rssBytes: number; heapUsedBytes: number };
  return {
    rssStartMb: round(mem(first).rssBytes / MB),
    rssEndMb: round(mem(last).rssBytes / MB),
    heapStartMb: round(mem(first).heapUsedBytes / MB),
    heapEndMb: round(mem(last).heapUsedBytes / MB),
    rssSlopeMbPerMin: round(slope(half.map((s) => ({ x: s.atMs / MINUTE_MS, y: mem(s).rssBytes / MB }))), 2),
    heapSlopeMbPerMin: round(
      slope(half.map((s) => ({ x: s.atMs / MINUTE_MS, y: mem(s).heapUsedBytes / MB }))),
      2,
    ),
  };
}

function p99Trend(values: readonly (number | undefined)[]): P99Trend | undefined {
  const half = values.slice(0, Math.ceil(values.length / 2)).filter((v): v is number => v !== undefined);
  const quarter = values
    .slice(Math.floor((values.length * 3) / 4))
    .filter((v): v is number => v !== undefined);
  if (half.length === 0 || quarter.length === 0) return undefined;
  const sorted = [...half].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
  const worst = Math.max(...quarter);
  return {
    firstHalfMedianMs: median,
    lastQuarterMaxMs: worst,
    stable: worst <= median * P99_STABLE_FACTOR + P99_STABLE_SLACK_MS,
  };
}

/** The summary of a soak's samples: memory at start and end, second-half slopes, p99s, a verdict. */
export function summarizeSoak(samples: readonly SoakSample[], sampleMs: number): SoakSummary {
  const first = samples[0];
  const last = samples.at(-1);
  const wallMs = last?.atMs ?? 0;
  const events = last?.events ?? 0;
  const simulator = trend(samples, (s) => s.simulator) ?? emptyTrend();
  const platformTrend = trend(samples, (s) => s.platform);
  const base = {
    wallMs,
    sampleMs,
    events,
    eventsPerSecond: wallMs > 0 ? Math.round((events - (first?.events ?? 0)) / (wallMs / 1000)) : 0,
    simulator,
  };
  if (platformTrend === undefined) {
    return {
      ...base,
      verdict: `no platform figures (not affsim's platform): simulator RSS ${simulator.rssStartMb} → ${simulator.rssEndMb} MB, ${signed(simulator.rssSlopeMbPerMin)} MB/min over the second half`,
    };
  }
  const withPlatform = samples.filter((s) => s.platform !== undefined);
  const half = withPlatform.slice(Math.floor(withPlatform.length / 2));
  const retainedMbPerMin = round(retainedRate(half), 2);
  const keptRaw = keptTrend(withPlatform);
  const kept =
    keptRaw === undefined
      ? undefined
      : {
          keptStartMb: round(keptRaw.keptStartMb),
          keptEndMb: round(keptRaw.keptEndMb),
          keptSlopeMbPerMin: round(keptRaw.keptSlopeMbPerMin, 2),
        };
  const growth = kept?.keptSlopeMbPerMin ?? platformTrend.heapSlopeMbPerMin;
  const allowedMbPerMin = round(retainedMbPerMin * SOAK_KEPT_ROOM_FACTOR + SOAK_HEAP_SLACK_MB_PER_MIN, 2);
  const memoryFlat = growth <= allowedMbPerMin;
  const p = (s: SoakSample) => s.platform;
  // The p99s leave out the samples of the last sampling period: they cover the run's final read of
  // every decision (large queries, after the traffic), not the steady state.
  const endMs = withPlatform.at(-1)?.atMs ?? 0;
  const settled = withPlatform.filter((s) => s.atMs <= endMs - sampleMs);
  const steady = settled.length >= 2 ? settled : withPlatform;
  const ingestP99 = p99Trend(steady.map((s) => p(s)?.ingestP99Ms));
  const attributionP99 = p99Trend(steady.map((s) => p(s)?.attributionP99Ms));
  const pairsFirst = withPlatform[0]?.platform;
  const pairsLast = withPlatform.at(-1)?.platform;
  const platform = {
    ...platformTrend,
    retainedMbPerMin,
    ...kept,
    ...(pairsFirst?.livePairs === undefined ? {} : { livePairsStart: pairsFirst.livePairs }),
    ...(pairsLast?.livePairs === undefined ? {} : { livePairsEnd: pairsLast.livePairs }),
    ...(pairsLast?.expiredPairs === undefined ? {} : { expiredPairsEnd: pairsLast.expiredPairs }),
    ...(ingestP99 === undefined ? {} : { ingestP99 }),
    ...(attributionP99 === undefined ? {} : { attributionP99 }),
    memoryFlat,
  };
  const stable = [ingestP99, attributionP99].every((t) => t === undefined || t.stable);
  const what = kept === undefined ? 'heap' : 'kept (heap after GC + typed arrays)';
  const memory = memoryFlat
    ? `platform memory flat: ${what} ${signed(growth)} MB/min over the second half, within what it must keep (${retainedMbPerMin} MB/min of R17 ids, orders, pairs and report rows; ${allowedMbPerMin} with its tables' room)`
    : `platform memory GROWS: ${what} ${signed(growth)} MB/min over the second half, more than what it must keep (${retainedMbPerMin} MB/min; ${allowedMbPerMin} with its tables' room)`;
  return { ...base, platform, verdict: `${memory}; p99 ${stable ? 'stable' : 'NOT stable'}` };
}

function emptyTrend(): MemoryTrend {
  return {
    rssStartMb: 0,
    rssEndMb: 0,
    heapStartMb: 0,
    heapEndMb: 0,
    rssSlopeMbPerMin: 0,
    heapSlopeMbPerMin: 0,
  };
}

const signed = (x: number) => (x >= 0 ? `+${x}` : `${x}`);
