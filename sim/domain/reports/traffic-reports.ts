import type { ClickCell } from './book-rows.js';
import { formatDay } from './local-days.js';
import type { ReportFilters } from './report-query.js';
import { clicksRow, compareText, inPeriod, iso, type Row } from './report-rows.js';

/** Traffic (R5: every accepted click, qualifying or not) grouped by what each report shows. */

function cellMatches(c: ClickCell, f: ReportFilters): boolean {
  return (
    inPeriod(c.day, f) &&
    (f.channel === undefined || c.channel === f.channel) &&
    (f.affiliateId === undefined || c.affiliateId === f.affiliateId) &&
    (f.storeId === undefined || c.storeId === f.storeId) &&
    (f.productId === undefined || c.productId === f.productId)
  );
}

interface Group {
  readonly key: readonly (string | number | null)[];
  qualifying: number;
  notQualifying: number;
  firstAtMs: number;
  lastAtMs: number;
}

function group(
  cells: Iterable<ClickCell>,
  f: ReportFilters,
  keyOf: (c: ClickCell) => (string | number | null)[],
): Group[] {
  const groups = new Map<string, Group>();
  for (const c of cells) {
    if (!cellMatches(c, f)) continue;
    const key = keyOf(c);
    const k = JSON.stringify(key);
    let g = groups.get(k);
    if (g === undefined) {
      g = { key, qualifying: 0, notQualifying: 0, firstAtMs: c.firstAtMs, lastAtMs: c.lastAtMs };
      groups.set(k, g);
    }
    g.qualifying += c.qualifying;
    g.notQualifying += c.notQualifying;
    g.firstAtMs = Math.min(g.firstAtMs, c.firstAtMs);
    g.lastAtMs = Math.max(g.lastAtMs, c.lastAtMs);
  }
  return [...groups.values()].sort((a, b) => compareKeys(a.key, b.key));
}

function compareKeys(a: readonly (string | number | null)[], b: readonly (string | number | null)[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
    if (c !== 0) return c;
  }
  return 0;
}

export const STORE_TRAFFIC_COLUMNS = [
  'day',
  'channel',
  'affiliateId',
  'clicks.qualifying',
  'clicks.notQualifying',
  'clicks.total',
] as const;

/** The seller's traffic by local day, channel and affiliate. */
export function storeTrafficRows(cells: Iterable<ClickCell>, f: ReportFilters): Row[] {
  return group(cells, f, (c) => [c.day, c.channel, c.affiliateId]).map((g) => ({
    day: formatDay(g.key[0] as number),
    channel: g.key[1] as string,
    affiliateId: g.key[2] as string,
    clicks: clicksRow(g.qualifying, g.notQualifying),
  }));
}

export const AFFILIATE_TRAFFIC_COLUMNS = [
  'day',
  'storeId',
  'channel',
  'clicks.qualifying',
  'clicks.notQualifying',
  'clicks.total',
] as const;

/** An affiliate's own traffic by local day, store and channel (R18). */
export function affiliateTrafficRows(cells: Iterable<ClickCell>, f: ReportFilters): Row[] {
  return group(cells, f, (c) => [c.day, c.storeId, c.channel]).map((g) => ({
    day: formatDay(g.key[0] as number),
    storeId: g.key[1] as string,
    channel: g.key[2] as string,
    clicks: clicksRow(g.qualifying, g.notQualifying),
  }));
}

export const LINKS_COLUMNS = [
  'storeId',
  'productId',
  'channel',
  'clicks.qualifying',
  'clicks.notQualifying',
  'clicks.total',
  'firstClickAt',
  'lastClickAt',
] as const;

/**
 * An affiliate's promotion links as its clicks show them: one row per store, product (none for a
 * store link) and channel. A link is not an event (server: POST /affiliates/{id}/links), so a link
 * nobody clicked has no row.
 */
export function linksRows(cells: Iterable<ClickCell>, f: ReportFilters): Row[] {
  return group(cells, f, (c) => [c.storeId, c.productId, c.channel]).map((g) => ({
    storeId: g.key[0] as string,
    productId: g.key[1] as string | null,
    channel: g.key[2] as string,
    clicks: clicksRow(g.qualifying, g.notQualifying),
    firstClickAt: iso(g.firstAtMs),
    lastClickAt: iso(g.lastAtMs),
  }));
}
