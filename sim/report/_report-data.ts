import type { RunResult } from '../run/run-result.js';
import { topEntries, windowHours } from './run-facts.js';

/** Affiliates drawn in the report's chart, by commission. */
export const TOP_AFFILIATES = 12;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The series the HTML report's charts draw, computed here (typed, tested) so the page's script
 * only hands them to Chart.js. Labels are made here too, in UTC with fixed month names, so the
 * page reads the same in every browser locale.
 */
export interface ReportData {
  readonly days: {
    readonly labels: string[];
    readonly titles: string[];
    readonly clicks: number[];
    readonly orders: number[];
    readonly commissionCents: number[];
    readonly violations: number[];
  };
  readonly delay: {
    readonly labels: string[];
    readonly titles: string[];
    readonly starts: number[];
    readonly inWindow: number[];
    readonly afterWindow: number[];
    readonly windowHours: number;
    readonly windowLabel: string;
  };
  readonly tiers: Series;
  readonly channels: Series;
  readonly affiliates: Series;
  readonly outcomes: Series;
  /** Model and platform commission by rate tier (issue 10, "The money at stake"). */
  readonly stake: {
    readonly labels: string[];
    readonly model: number[];
    readonly platform: number[];
  };
}

export interface Series {
  readonly labels: string[];
  readonly values: number[];
}

export function reportData(r: RunResult): ReportData {
  return {
    days: dailySeries(r),
    delay: delaySeries(r),
    tiers: series(Object.entries(r.commission.byTier)),
    channels: series(topEntries(r.commission.byChannel, Number.MAX_SAFE_INTEGER)),
    affiliates: affiliateSeries(r),
    outcomes: outcomeSeries(r),
    stake: {
      labels: Object.keys(r.money.byTier),
      model: Object.values(r.money.byTier).map((p) => p.modelCents),
      platform: Object.values(r.money.byTier).map((p) => p.platformCents),
    },
  };
}

function series(entries: readonly (readonly [string, number])[]): Series {
  return { labels: entries.map(([k]) => k), values: entries.map(([, v]) => v) };
}

function dailySeries(r: RunResult): ReportData['days'] {
  const days = r.daily;
  return {
    labels: days.map((d) => shortDate(d.date)),
    titles: days.map((d) => `${d.date.slice(0, 10)} (day ${d.day + 1})`),
    clicks: days.map((d) => d.clicks),
    orders: days.map((d) => d.orders),
    commissionCents: days.map((d) => d.commissionCents),
    violations: days.map((d) => d.violations),
  };
}

/** `2025-03-07T…` → `Mar 7`. */
function shortDate(iso: string): string {
  const month = MONTHS[Number(iso.slice(5, 7)) - 1] ?? iso.slice(5, 7);
  return `${month} ${Number(iso.slice(8, 10))}`;
}

/**
 * Buckets split in two datasets, inside and after the window, so the two read apart at a glance
 * and the legend names them. A bucket counts as inside when it starts before the window ends.
 */
function delaySeries(r: RunResult): ReportData['delay'] {
  const buckets = r.clickToOrderHours;
  const windowH = windowHours(r);
  const span = (h: number) => (h < 24 ? `${h} h` : h % 24 === 0 ? `${h / 24} d` : `${(h / 24).toFixed(1)} d`);
  const labels = buckets.map((b, i) => (i === buckets.length - 1 ? `≥ ${span(b.hours)}` : span(b.hours)));
  const titles = buckets.map((b, i) => {
    const next = buckets[i + 1];
    return next === undefined
      ? `${span(b.hours)} or more after the click`
      : `${span(b.hours)} to ${span(next.hours)} after the click`;
  });
  return {
    labels,
    titles,
    starts: buckets.map((b) => b.hours),
    inWindow: buckets.map((b) => (b.hours < windowH ? b.orders : 0)),
    afterWindow: buckets.map((b) => (b.hours < windowH ? 0 : b.orders)),
    windowHours: windowH,
    windowLabel: `window: ${r.policy.windowDays} d`,
  };
}

/** The long tail is left out (the caption counts it): one "others" bar would dwarf the leaders. */
function affiliateSeries(r: RunResult): Series {
  return series(topEntries(r.commission.byAffiliate, TOP_AFFILIATES));
}

/** Attributed orders by status, unattributed ones by the reason: one ring for every order. */
function outcomeSeries(r: RunResult): Series {
  const statuses = Object.entries(r.orders.byStatus).filter(([s]) => s !== 'not-attributed');
  const reasons = Object.entries(r.orders.byReason).map(([reason, n]): [string, number] => [
    `not attributed: ${reason}`,
    n,
  ]);
  return series([...statuses, ...reasons]);
}
