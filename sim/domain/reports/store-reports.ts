import { type DayTotals, emptyDayTotals, type SettingRow } from './book-rows.js';
import { formatDay } from './local-days.js';
import type { StoreBook } from './report-book.js';
import type { ReportFilters } from './report-query.js';
import { byTime, clicksRow, inPeriod, iso, type Row } from './report-rows.js';

/** The seller's overview, settings and operation record (seed 000 part 3). */

/** Days in the dashboard's period when the query names neither end: the last week with activity. */
export const DASHBOARD_DEFAULT_DAYS = 7;

export const DASHBOARD_COLUMNS = [
  'period',
  'from',
  'to',
  'clicks.qualifying',
  'clicks.notQualifying',
  'clicks.total',
  'orders.affiliate',
  'orders.cancelled',
  'gmvCents',
  'commission.estimatedCents',
  'commission.payableCents',
  'conversionBps',
] as const;

/**
 * The dashboard: the period and the one of equal length just before it, each summed from the
 * store's per-day totals (O(days), whatever the traffic). An unnamed end defaults to the local day
 * of the store's latest event (seller operation, accepted click or order event) and the period to
 * the week ending there.
 */
export function dashboardRows(store: StoreBook, f: ReportFilters, days: (ms: number) => number): Row[] {
  const fallback = Number.isFinite(store.lastAtMs) ? days(store.lastAtMs) : 0;
  const toDay = f.toDay ?? (f.fromDay === undefined ? fallback : Math.max(fallback, f.fromDay));
  const fromDay = f.fromDay ?? toDay - DASHBOARD_DEFAULT_DAYS + 1;
  const length = toDay - fromDay + 1;
  return [
    periodRow(store, 'current', fromDay, toDay),
    periodRow(store, 'previous', fromDay - length, fromDay - 1),
  ];
}

function periodRow(store: StoreBook, period: string, fromDay: number, toDay: number): Row {
  const sum = emptyDayTotals();
  // Walk whichever is smaller: the days of the period or the days with activity.
  const add = (t: DayTotals) => {
    for (const k of Object.keys(sum) as (keyof DayTotals)[]) sum[k] += t[k];
  };
  if (toDay - fromDay + 1 <= store.days.size) {
    for (let day = fromDay; day <= toDay; day += 1) {
      const t = store.days.get(day);
      if (t) add(t);
    }
  } else {
    for (const [day, t] of store.days) if (day >= fromDay && day <= toDay) add(t);
  }
  return {
    period,
    from: formatDay(fromDay),
    to: formatDay(toDay),
    clicks: clicksRow(sum.qualifyingClicks, sum.notQualifyingClicks),
    orders: { affiliate: sum.affiliateOrders, cancelled: sum.cancelledOrders },
    gmvCents: sum.gmvCents,
    commission: { estimatedCents: sum.estimatedCents, payableCents: sum.payableCents },
    // Integer basis points of affiliate orders per qualifying click; none without a click.
    conversionBps:
      sum.qualifyingClicks === 0 ? null : Math.floor((sum.affiliateOrders * 10_000) / sum.qualifyingClicks),
  };
}

export const SETTINGS_COLUMNS = [
  'at',
  'day',
  'eventId',
  'source',
  'setting',
  'productId',
  'categoryId',
  'rateBps',
  'inEffect',
] as const;

/** The key a setting replaces (R4: settings are versioned by time; a rejoin replaces only the default rate). */
export function settingKey(row: SettingRow): string {
  if (row.setting === 'default-rate') return 'default';
  if (row.setting === 'category-rate') return `category:${row.categoryId}`;
  return `main:${row.productId}`;
}

/** Every accepted setting in time order; `inEffect` marks the ones still in force now (a removal never is). */
export function settingsRows(store: StoreBook, f: ReportFilters, days: (ms: number) => number): Row[] {
  const ordered = byTime(store.settings, (r) => r.atMs);
  const latest = new Map<string, SettingRow>();
  for (const row of ordered) latest.set(settingKey(row), row);
  return ordered
    .filter((r) => inPeriod(days(r.atMs), f) && (f.productId === undefined || r.productId === f.productId))
    .map((r) => ({
      at: iso(r.atMs),
      day: formatDay(days(r.atMs)),
      eventId: r.eventId,
      source: r.source,
      setting: r.setting,
      productId: r.productId,
      categoryId: r.categoryId,
      rateBps: r.rateBps,
      inEffect: latest.get(settingKey(r)) === r && r.setting !== 'main-product-removed',
    }));
}

/** The main products in effect now, with their rate and since when (R4, R10). */
export function currentMainProducts(store: StoreBook): Map<string, SettingRow> {
  const main = new Map<string, SettingRow>();
  for (const row of byTime(store.settings, (r) => r.atMs)) {
    if (row.setting === 'main-product') main.set(row.productId as string, row);
    if (row.setting === 'main-product-removed') main.delete(row.productId as string);
  }
  return main;
}

export const OPERATIONS_COLUMNS = [
  'at',
  'day',
  'eventId',
  'type',
  'outcome',
  'rule',
  'message',
  'productId',
  'categoryId',
  'rateBps',
] as const;
export const OPERATION_STATUSES = ['accepted', 'rejected'] as const;

/** Every seller operation with its outcome; a refused one with the rule that refused it (R3). */
export function operationsRows(store: StoreBook, f: ReportFilters, days: (ms: number) => number): Row[] {
  return byTime(store.operations, (r) => r.atMs)
    .filter((r) => inPeriod(days(r.atMs), f) && (f.status === undefined || r.outcome === f.status))
    .map((r) => ({
      at: iso(r.atMs),
      day: formatDay(days(r.atMs)),
      eventId: r.eventId,
      type: r.type,
      outcome: r.outcome,
      rule: r.rule,
      message: r.message,
      productId: r.productId,
      categoryId: r.categoryId,
      rateBps: r.rateBps,
    }));
}
