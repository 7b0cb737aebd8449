import { CHANNELS, type Channel } from '../channels.js';
import { ID_LENGTH_MAX } from '../events.js';
import { isWellFormed } from '../well-formed.js';
import { parseDay } from './local-days.js';

/** The reports of seed 000 part 3 (docs/reports.md): a seller's, then an affiliate's (R18: each reads only its own). */
export const STORE_REPORTS = [
  'dashboard',
  'commission-settings',
  'hot-products',
  'main-products',
  'traffic',
  'orders',
  'refunds',
  'transactions',
  'operations',
] as const;
export const AFFILIATE_REPORTS = ['links', 'traffic', 'orders', 'earnings'] as const;
export type StoreReport = (typeof STORE_REPORTS)[number];
export type AffiliateReport = (typeof AFFILIATE_REPORTS)[number];
export type ReportScope = 'store' | 'affiliate';

export const FILTERS = ['from', 'to', 'channel', 'affiliateId', 'storeId', 'productId', 'status'] as const;
export type Filter = (typeof FILTERS)[number];

/** Rows per page: `limit` defaults to 100 and may not pass 1000, so one answer stays small. */
export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 1_000;

/** A report's filters, validated: `from`/`to` are local dates (epoch days) of the policy's zone, both inclusive. */
export interface ReportFilters {
  readonly fromDay?: number;
  readonly toDay?: number;
  readonly channel?: Channel;
  readonly affiliateId?: string;
  readonly storeId?: string;
  readonly productId?: string;
  readonly status?: string;
}

export interface ReportQuery {
  readonly filters: ReportFilters;
  readonly limit: number;
  readonly cursor?: string;
}

/** A bad query names its field, so the server answers 400 and the CLI exits 2 saying which. */
export type QueryParse = { ok: true; query: ReportQuery } | { ok: false; field: string; message: string };

/**
 * Parses the raw query of a report (URL query or CLI flags). `allowed` are the filters the report
 * has; `statuses` the values its `status` filter takes. Unknown keys are refused, not ignored: a
 * typo (`affiliate=a1`) must not silently show every affiliate.
 */
export function parseReportQuery(
  raw: Readonly<Record<string, string | undefined>>,
  allowed: readonly Filter[],
  statuses: readonly string[] = [],
): QueryParse {
  const fail = (field: string, message: string): QueryParse => ({ ok: false, field, message });
  const known = new Set<string>([...allowed, 'limit', 'cursor']);
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!known.has(key)) {
      const other = (FILTERS as readonly string[]).includes(key);
      return fail(
        key,
        other
          ? `this report has no ${key} filter (its filters: ${allowed.join(', ') || 'none'})`
          : `unknown query parameter ${JSON.stringify(key.slice(0, 40))} (known: ${[...known].join(', ')})`,
      );
    }
    if (!isWellFormed(value) || value.length > ID_LENGTH_MAX)
      return fail(key, 'expected a short, well-formed value');
  }
  const filters: { -readonly [K in keyof ReportFilters]: ReportFilters[K] } = {};
  for (const key of ['from', 'to'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    const day = parseDay(value);
    if (day === undefined) return fail(key, `expected a local date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    filters[key === 'from' ? 'fromDay' : 'toDay'] = day;
  }
  if (filters.fromDay !== undefined && filters.toDay !== undefined && filters.fromDay > filters.toDay) {
    return fail('to', `the period ends (${raw.to}) before it starts (${raw.from})`);
  }
  if (raw.channel !== undefined) {
    if (!(CHANNELS as readonly string[]).includes(raw.channel))
      return fail('channel', `expected one of the promotion channels: ${CHANNELS.join(', ')}`);
    filters.channel = raw.channel as Channel;
  }
  for (const key of ['affiliateId', 'storeId', 'productId'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (value === '') return fail(key, 'expected a non-empty id');
    filters[key] = value;
  }
  if (raw.status !== undefined) {
    if (!statuses.includes(raw.status)) return fail('status', `expected one of ${statuses.join(', ')}`);
    filters.status = raw.status;
  }
  let limit = PAGE_LIMIT_DEFAULT;
  if (raw.limit !== undefined) {
    limit = /^\d{1,7}$/.test(raw.limit) ? Number(raw.limit) : Number.NaN;
    if (!(limit >= 1 && limit <= PAGE_LIMIT_MAX))
      return fail('limit', `expected an integer from 1 to ${PAGE_LIMIT_MAX}`);
  }
  return { ok: true, query: { filters, limit, ...(raw.cursor === undefined ? {} : { cursor: raw.cursor }) } };
}
