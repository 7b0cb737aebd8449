import { POLICY_KEYS } from '../domain/policy.js';
import { SHARDS_MAX } from '../traffic/shard.js';
import { LatencyHistogram } from './latency-histogram.js';
import { mergeFaults } from './merge-faults.js';
import { canonicalResult } from './result-json.js';
import { compareKeys } from './result-order.js';
import type { DailyCounts, MoneyAtStake, MoneyPair, RunResult, StoreSummary } from './run-result.js';
import { sellerAnswerOverlap, withoutCopies } from './seller-answer-violations.js';
import { mergeGroups } from './violation-book.js';

/** Results that are not shards of one run, or that cover a shard twice: `affsim merge` exits 2. */
export class MergeError extends Error {}

/**
 * Combines the results of shards of one run (same scenario, seed, policy and shard count, disjoint
 * shard indexes) into one. Every count is a sum over buyers (run-result.ts), so counts and money
 * add up and the merge of all shards equals the unsharded run apart from `timing`. The merge is
 * associative and order-independent: the output is canonical (result-json.ts).
 * `names` label the inputs in error messages (file paths in `affsim merge`).
 */
export function mergeResults(results: readonly RunResult[], names?: readonly string[]): RunResult {
  const label = (i: number) => names?.[i] ?? `result ${i + 1}`;
  const [first] = results;
  if (first === undefined) throw new MergeError('nothing to merge: no results given');
  if (results.length > SHARDS_MAX) {
    throw new MergeError(`too many results to merge: ${results.length} (at most ${SHARDS_MAX})`);
  }
  results.forEach((r, i) => {
    // Its counts stop at a failure: added to the others' they would look like a whole run's.
    if (r.incomplete !== undefined)
      throw new MergeError(
        `${label(i)} is of a run that did not finish (${r.incomplete.reason}): run that shard again`,
      );
    if (i > 0) assertSameRun(first, label(0), r, label(i));
  });
  // Seller answers several shards found wrong alike are one violation each (seller-answer-violations.ts).
  const overlap = sellerAnswerOverlap(results);
  const examples = mergeGroups(
    results.map((r) => r.violationGroups),
    withoutCopies(results.flatMap((r) => r.violations)),
    first.examplesPerGroup,
    overlap.extraByGroup,
  );
  const merged: RunResult = {
    affsim: first.affsim,
    scenario: first.scenario,
    seed: first.seed,
    shards: { count: first.shards.count, indexes: unionShards(results, label) },
    target: unionTargets(results),
    compared: first.compared,
    policy: first.policy,
    period: first.period,
    events: {
      sent: sum(results, 'events.sent', (r) => r.events.sent),
      accepted: sum(results, 'events.accepted', (r) => r.events.accepted),
      repeats: sum(results, 'events.repeats', (r) => r.events.repeats),
      rejectedByRule: sumMaps(results, 'events.rejectedByRule', (r) => r.events.rejectedByRule),
      rejectedNoRule: sum(results, 'events.rejectedNoRule', (r) => r.events.rejectedNoRule),
      unsupported: sum(results, 'events.unsupported', (r) => r.events.unsupported),
    },
    clicks: {
      total: sum(results, 'clicks.total', (r) => r.clicks.total),
      qualifying: sum(results, 'clicks.qualifying', (r) => r.clicks.qualifying),
      notQualifying: sum(results, 'clicks.notQualifying', (r) => r.clicks.notQualifying),
    },
    orders: {
      total: sum(results, 'orders.total', (r) => r.orders.total),
      byStatus: sumMaps(results, 'orders.byStatus', (r) => r.orders.byStatus),
      byReason: sumMaps(results, 'orders.byReason', (r) => r.orders.byReason),
      gmvCents: sum(results, 'orders.gmvCents', (r) => r.orders.gmvCents),
    },
    commission: {
      totalCents: sum(results, 'commission.totalCents', (r) => r.commission.totalCents),
      byTier: sumMaps(results, 'commission.byTier', (r) => r.commission.byTier),
      byChannel: sumMaps(results, 'commission.byChannel', (r) => r.commission.byChannel),
      byAffiliate: sumMaps(results, 'commission.byAffiliate', (r) => r.commission.byAffiliate),
    },
    money: mergeMoney(results),
    decisions: {
      matched: sum(results, 'decisions.matched', (r) => r.decisions.matched),
      total: sum(results, 'decisions.total', (r) => r.decisions.total),
    },
    stores: mergeStores(results),
    daily: mergeDaily(results, label).map((d) => ({
      ...d,
      violations: d.violations - (overlap.extraByDay.get(d.day) ?? 0),
    })),
    clickToOrderHours: mergeBuckets(results),
    // Every group with its counts added up, and its first examples in canonical order, as the
    // unsharded run keeps them; sorted by subject then kind when made canonical below.
    violations: examples.kept,
    examplesPerGroup: first.examplesPerGroup,
    violationGroups: examples.groups,
    ...(overlap.list.length > 0 ? { sellerAnswerViolations: overlap.list } : {}),
    ...withFaults(mergeFaults(results)),
    ...mergeSoaks(results, label),
    timing: mergeTiming(results, label),
  };
  return canonicalResult(merged);
}

function assertSameRun(a: RunResult, aName: string, b: RunResult, bName: string): void {
  const differ = (what: string, va: unknown, vb: unknown) => {
    throw new MergeError(
      `cannot merge results of different runs: ${what} is ${JSON.stringify(va)} in ${aName} but ${JSON.stringify(vb)} in ${bName}`,
    );
  };
  if (a.scenario.name !== b.scenario.name) differ('the scenario', a.scenario.name, b.scenario.name);
  if (a.seed !== b.seed) differ('the seed', a.seed, b.seed);
  if (a.shards.count !== b.shards.count) differ('the shard count', a.shards.count, b.shards.count);
  for (const key of POLICY_KEYS) {
    if (JSON.stringify(a.policy[key]) !== JSON.stringify(b.policy[key])) {
      differ(`policy ${key}`, a.policy[key], b.policy[key]);
    }
  }
  if (JSON.stringify(a.period) !== JSON.stringify(b.period)) differ('the period', a.period, b.period);
  if (a.compared.join() !== b.compared.join()) differ('the compared fields', a.compared, b.compared);
  if (a.examplesPerGroup !== b.examplesPerGroup)
    differ(
      'the examples kept per violation group (--max-violations)',
      a.examplesPerGroup,
      b.examplesPerGroup,
    );
  // A faulted run's counts equal the clean run's, but what it injected is part of what it was.
  if (a.faults?.spec !== b.faults?.spec)
    differ('the faults (--faults)', a.faults?.spec ?? null, b.faults?.spec ?? null);
  // Another version may count differently; adding its numbers to ours would hide that.
  if (a.affsim.version !== b.affsim.version) differ('the affsim version', a.affsim.version, b.affsim.version);
}

const soaked = (r: RunResult) => r.soak !== undefined || r.soakShards !== undefined;

/**
 * A merge keeps every shard's soak as it was, by shard (run-result.ts `soakShards`); one result
 * merged alone stays as it was. A soak and a run that was not one are not shards of one run.
 */
function mergeSoaks(
  results: readonly RunResult[],
  label: (i: number) => string,
): Pick<RunResult, 'soak' | 'soakShards'> {
  const [only] = results;
  if (results.length === 1 && only !== undefined) {
    return {
      ...(only.soak === undefined ? {} : { soak: only.soak }),
      ...(only.soakShards === undefined ? {} : { soakShards: only.soakShards }),
    };
  }
  const first = results[0] as RunResult;
  results.forEach((r, i) => {
    if (soaked(r) !== soaked(first)) {
      const [soak, other] = soaked(r) ? [label(i), label(0)] : [label(0), label(i)];
      throw new MergeError(
        `cannot merge a soak with a run that was not one: ${soak} soaked (--soak), ${other} did not`,
      );
    }
  });
  const list = results
    .flatMap((r) => (r.soak === undefined ? (r.soakShards ?? []) : [{ shards: r.shards.indexes, ...r.soak }]))
    .sort((a, b) => (a.shards[0] as number) - (b.shards[0] as number));
  return list.length === 0 ? {} : { soakShards: list };
}

const withFaults = (faults: RunResult['faults']) => (faults === undefined ? {} : { faults });

function unionShards(results: readonly RunResult[], label: (i: number) => string): number[] {
  const owner = new Map<number, number>();
  results.forEach((r, i) => {
    for (const index of r.shards.indexes) {
      const other = owner.get(index);
      if (other !== undefined) {
        throw new MergeError(
          `shard ${index + 1}/${r.shards.count} is in both ${label(other)} and ${label(i)}: merging would count it twice`,
        );
      }
      owner.set(index, i);
    }
  });
  return [...owner.keys()].sort((x, y) => x - y);
}

/** Shards may have run against different instances of a platform; the merge names them all. */
const TARGET_SEPARATOR = ' + ';
function unionTargets(results: readonly RunResult[]): string {
  const targets = new Set(results.flatMap((r) => r.target.split(TARGET_SEPARATOR)));
  return [...targets].sort(compareKeys).join(TARGET_SEPARATOR);
}

/** Adds with a check: a sum past 2^53 would silently lose cents. */
function add(a: number, b: number, what: string): number {
  const total = a + b;
  if (Number.isInteger(a) && Number.isInteger(b) && !Number.isSafeInteger(total)) {
    throw new MergeError(`${what}: the sum ${total} is beyond the safe integer range`);
  }
  return total;
}

function sum(results: readonly RunResult[], what: string, pick: (r: RunResult) => number): number {
  return results.reduce((total, r) => add(total, pick(r), what), 0);
}

function sumMaps<K extends string>(
  results: readonly RunResult[],
  what: string,
  pick: (r: RunResult) => Readonly<Record<K, number>>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const r of results) {
    for (const [key, n] of Object.entries(pick(r)) as [K, number][]) {
      out[key] = add(out[key] ?? 0, n, `${what}.${key}`);
    }
  }
  return out;
}

function mergeStores(results: readonly RunResult[]): Record<string, StoreSummary> {
  const out: Record<string, StoreSummary> = {};
  for (const r of results) {
    for (const [id, s] of Object.entries(r.stores)) {
      const t = out[id] ?? { clicks: 0, orders: 0, gmvCents: 0, commissionCents: 0 };
      const what = `stores.${id}`;
      out[id] = {
        clicks: add(t.clicks, s.clicks, `${what}.clicks`),
        orders: add(t.orders, s.orders, `${what}.orders`),
        gmvCents: add(t.gmvCents, s.gmvCents, `${what}.gmvCents`),
        commissionCents: add(t.commissionCents, s.commissionCents, `${what}.commissionCents`),
      };
    }
  }
  return out;
}

function mergeMoney(results: readonly RunResult[]): MoneyAtStake {
  const pairs = <K extends string>(what: string, pick: (r: RunResult) => Readonly<Record<K, MoneyPair>>) => {
    const out = {} as Record<K, MoneyPair>;
    for (const r of results) {
      for (const [key, p] of Object.entries(pick(r)) as [K, MoneyPair][]) {
        const t = out[key] ?? { modelCents: 0, platformCents: 0 };
        out[key] = {
          modelCents: add(t.modelCents, p.modelCents, `${what}.${key}.modelCents`),
          platformCents: add(t.platformCents, p.platformCents, `${what}.${key}.platformCents`),
        };
      }
    }
    return out;
  };
  return {
    modelCents: sum(results, 'money.modelCents', (r) => r.money.modelCents),
    platformCents: sum(results, 'money.platformCents', (r) => r.money.platformCents),
    overpaidCents: sum(results, 'money.overpaidCents', (r) => r.money.overpaidCents),
    underpaidCents: sum(results, 'money.underpaidCents', (r) => r.money.underpaidCents),
    gmvCents: sum(results, 'money.gmvCents', (r) => r.money.gmvCents),
    byTier: pairs('money.byTier', (r) => r.money.byTier),
    byAffiliate: pairs('money.byAffiliate', (r) => r.money.byAffiliate),
    byStore: pairs('money.byStore', (r) => r.money.byStore),
  };
}

function mergeDaily(results: readonly RunResult[], label: (i: number) => string): DailyCounts[] {
  const byDay = new Map<number, { counts: DailyCounts; from: number }>();
  results.forEach((r, i) => {
    for (const d of r.daily) {
      const seen = byDay.get(d.day);
      if (seen === undefined) {
        byDay.set(d.day, { counts: d, from: i });
        continue;
      }
      if (seen.counts.date !== d.date) {
        throw new MergeError(
          `day ${d.day} is ${seen.counts.date} in ${label(seen.from)} but ${d.date} in ${label(i)}`,
        );
      }
      const what = `daily[day ${d.day}]`;
      const t = seen.counts;
      seen.counts = {
        day: d.day,
        date: d.date,
        clicks: add(t.clicks, d.clicks, `${what}.clicks`),
        orders: add(t.orders, d.orders, `${what}.orders`),
        commissionCents: add(t.commissionCents, d.commissionCents, `${what}.commissionCents`),
        violations: add(t.violations, d.violations, `${what}.violations`),
      };
    }
  });
  return [...byDay.values()].map((v) => v.counts);
}

function mergeBuckets(results: readonly RunResult[]): { hours: number; orders: number }[] {
  const byStart = new Map<number, number>();
  for (const r of results) {
    for (const b of r.clickToOrderHours) {
      byStart.set(b.hours, add(byStart.get(b.hours) ?? 0, b.orders, `clickToOrderHours[${b.hours} h]`));
    }
  }
  return [...byStart].map(([hours, orders]) => ({ hours, orders }));
}

/**
 * Shards run side by side, so the merged wall time is the slowest shard's and the throughput is
 * all events over that time. Latency percentiles are those of every shard's requests together
 * when each result holds its histogram (latency-histogram.ts); percentiles alone cannot be
 * combined exactly, so for older results the max of each shard's is an upper bound.
 */
function mergeTiming(results: readonly RunResult[], label: (i: number) => string): RunResult['timing'] {
  const wallMs = Math.max(...results.map((r) => r.timing.wallMs));
  const sent = results.reduce((total, r) => total + r.events.sent, 0);
  const base = { wallMs, eventsPerSecond: wallMs > 0 ? Math.round((sent * 1000) / wallMs) : 0 };
  const encoded = results.map((r) => r.timing.latencyHistogram);
  // One result merged alone keeps its own histogram, byte for byte (a merge is idempotent).
  const [only] = results;
  if (results.length === 1 && only !== undefined)
    return { ...base, latencyMs: only.timing.latencyMs, ...histogramOf(only) };
  if (encoded.every((e) => e !== undefined)) {
    const all = LatencyHistogram.empty();
    encoded.forEach((e, i) => {
      all.add(decodeHistogram(e, label(i)));
    });
    return { ...base, latencyMs: all.summary(), latencyHistogram: all.encode() };
  }
  const latency = (pick: (l: RunResult['timing']['latencyMs']) => number) =>
    Math.max(...results.map((r) => pick(r.timing.latencyMs)));
  return {
    ...base,
    latencyMs: {
      p50: latency((l) => l.p50),
      p95: latency((l) => l.p95),
      p99: latency((l) => l.p99),
      max: latency((l) => l.max),
    },
  };
}

const histogramOf = (r: RunResult) =>
  r.timing.latencyHistogram === undefined ? {} : { latencyHistogram: r.timing.latencyHistogram };

function decodeHistogram(base64: string, name: string): LatencyHistogram {
  try {
    return LatencyHistogram.decode(base64);
  } catch (e) {
    throw new MergeError(`${name}: timing.latencyHistogram does not decode: ${(e as Error).message}`);
  }
}
