import type { Violation } from './run-result.js';

/**
 * The one order every list and map of a result is kept in, so two runs with the same seed, and a
 * merge of shards, write the same bytes whatever order workers finished in.
 */

/** Code-unit order, not locale order: the same on every machine and Node version. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By subject, then kind; the full text breaks the (unexpected) remaining ties, so the order is total. */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    compareKeys(a.subject, b.subject) ||
    compareKeys(a.kind, b.kind) ||
    compareKeys(JSON.stringify(a), JSON.stringify(b))
  );
}

export function sortedEntries<V>(record: Readonly<Record<string, V>>): [string, V][] {
  return Object.entries(record).sort(([a], [b]) => compareKeys(a, b));
}
