import { compareKeys } from '../run/result-order.js';
import { incompleteLine } from '../run/run-incomplete.js';
import type { MoneyPair, RunIncomplete, RunResult, StoreSummary } from '../run/run-result.js';

/** Figures derived from a result that the summary, the HTML report and the JUnit file all show. */

export function attributedOrders(r: RunResult): number {
  return r.orders.total - r.orders.byStatus['not-attributed'];
}

/**
 * Every violation the run found. The list keeps only a few examples of each group; the groups'
 * counts and the daily counts count them all.
 */
export function violationTotal(r: RunResult): number {
  return Math.max(
    r.violations.length,
    r.violationGroups.reduce((n, g) => n + g.count, 0),
    r.daily.reduce((n, d) => n + d.violations, 0),
  );
}

/** Every event the platform refused, with a rule id or without one. */
export function rejectedEvents(r: RunResult): number {
  return Object.values(r.events.rejectedByRule).reduce((a, b) => a + b, r.events.rejectedNoRule);
}

/** `all 4 shards`, `shard 2 of 4`, `shards 1, 3 of 4 (2, 4 missing)`: indexes shown 1-based, as on the command line. */
export function shardsLabel(r: RunResult): string {
  const { count, indexes } = r.shards;
  if (count === 1) return 'unsharded';
  const shown = indexes.map((i) => i + 1);
  if (indexes.length === count) return `all ${count} shards`;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !shown.includes(i));
  const which = shown.length === 1 ? `shard ${shown[0]}` : `shards ${shown.join(', ')}`;
  return `${which} of ${count} (${missing.length > 8 ? `${missing.length} shards` : missing.join(', ')} missing)`;
}

/** The largest entries of a map, ties by key, so equal values always list in the same order. */
export function topEntries(map: Readonly<Record<string, number>>, n: number): [string, number][] {
  return Object.entries(map)
    .sort(([ka, a], [kb, b]) => b - a || compareKeys(ka, kb))
    .slice(0, n);
}

/**
 * The keys where the platform's commission differs most from the model's, by absolute difference
 * (ties by key), as [key, platform − model]; keys without a difference are left out.
 */
export function topDifferences(map: Readonly<Record<string, MoneyPair>>, n: number): [string, number][] {
  return Object.entries(map)
    .map(([k, p]): [string, number] => [k, p.platformCents - p.modelCents])
    .filter(([, diff]) => diff !== 0)
    .sort(([ka, a], [kb, b]) => Math.abs(b) - Math.abs(a) || compareKeys(ka, kb))
    .slice(0, n);
}

/** `R2` before `R10`: rule ids read in the rule book's order. */
export function byRuleNumber(map: Readonly<Record<string, number>>): [string, number][] {
  const number = (rule: string) => Number(/\d+/.exec(rule)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return Object.entries(map).sort(([a], [b]) => number(a) - number(b) || compareKeys(a, b));
}

export function topStores(r: RunResult, n: number): [string, StoreSummary][] {
  return Object.entries(r.stores)
    .sort(
      ([ka, a], [kb, b]) =>
        b.commissionCents - a.commissionCents || b.gmvCents - a.gmvCents || compareKeys(ka, kb),
    )
    .slice(0, n);
}

/** The attribution window in hours, where the click-to-order histogram draws its line. */
export function windowHours(r: RunResult): number {
  return r.policy.windowDays * 24;
}

/**
 * What an incomplete run's reports say (run-incomplete.ts): what failed where, how far the checks
 * got, whose checks are missing, and that the end-of-run figures are not in it.
 */
export function incompleteSentences(i: RunIncomplete, days: number): string[] {
  const checked =
    i.daysChecked === 0
      ? 'No day was checked in full.'
      : `Days 1 to ${i.daysChecked} of ${days} were checked in full${i.lostWorkers.length > 0 ? ' for the buyers of the other workers' : ''}.`;
  const lost =
    i.lostWorkers.length === 0
      ? []
      : [
          `The checks of worker${i.lostWorkers.length === 1 ? '' : 's'} ${i.lostWorkers.join(', ')} died with ${i.lostWorkers.length === 1 ? 'it' : 'them'}: ${i.lostWorkers.length === 1 ? 'its' : 'their'} buyers are not counted.`,
        ];
  return [
    `${incompleteLine(i, days)}.`,
    checked,
    ...lost,
    'Orders, commission and money are read at the end of a run: not in this one.',
  ];
}

/** The same, as words for a wrapped terminal line. */
export function incompleteParts(i: RunIncomplete, days: number): string[] {
  return incompleteSentences(i, days).join(' ').split(' ');
}
