import { formatInstant } from '../instant.js';
import type { ReportFilters } from './report-query.js';

/**
 * A report row: plain JSON with nested figures (`commission.payableCents`), so every figure has a
 * plain name; CSV and tables flatten it by its columns (dotted paths).
 */
export type Row = { readonly [key: string]: string | number | boolean | null | Row };

/** A report's local-day period filter (both ends inclusive). */
export function inPeriod(day: number, f: ReportFilters): boolean {
  return (f.fromDay === undefined || day >= f.fromDay) && (f.toDay === undefined || day <= f.toDay);
}

/** Rows kept in arrival order, read in evaluation order: by instant, ties by arrival. */
export function byTime<T extends { readonly seq: number }>(
  rows: readonly T[],
  atMs: (row: T) => number,
): T[] {
  return [...rows].sort((a, b) => atMs(a) - atMs(b) || a.seq - b.seq);
}

export const iso = formatInstant;

/** Clicks as the reports name them (R5: qualifying or not). */
export function clicksRow(qualifying: number, notQualifying: number): Row {
  return { qualifying, notQualifying, total: qualifying + notQualifying };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
