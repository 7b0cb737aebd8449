import {
  AFFILIATE_ORDER_STATUSES,
  AFFILIATE_ORDERS_COLUMNS,
  affiliateOrdersRows,
  EARNINGS_COLUMNS,
  earningsRows,
} from './affiliate-reports.js';
import { formatDay } from './local-days.js';
import {
  ORDER_STATUSES,
  ORDERS_COLUMNS,
  ordersRows,
  REFUNDS_COLUMNS,
  refundsRows,
  TRANSACTIONS_COLUMNS,
  transactionsRows,
} from './order-reports.js';
import { page } from './paging.js';
import {
  HOT_PRODUCTS_COLUMNS,
  hotProductsRows,
  MAIN_PRODUCTS_COLUMNS,
  mainProductsRows,
} from './product-reports.js';
import type { AffiliateBook, ReportBook, StoreBook } from './report-book.js';
import {
  AFFILIATE_REPORTS,
  type Filter,
  parseReportQuery,
  type ReportFilters,
  type ReportScope,
  STORE_REPORTS,
} from './report-query.js';
import type { Row } from './report-rows.js';
import {
  DASHBOARD_COLUMNS,
  dashboardRows,
  OPERATION_STATUSES,
  OPERATIONS_COLUMNS,
  operationsRows,
  SETTINGS_COLUMNS,
  settingsRows,
} from './store-reports.js';
import {
  AFFILIATE_TRAFFIC_COLUMNS,
  affiliateTrafficRows,
  LINKS_COLUMNS,
  linksRows,
  STORE_TRAFFIC_COLUMNS,
  storeTrafficRows,
} from './traffic-reports.js';

/** One report: its filters, its columns (dotted figure names) and how its rows are read from the book. */
interface ReportDef<B> {
  readonly filters: readonly Filter[];
  readonly statuses?: readonly string[];
  readonly columns: readonly string[];
  readonly rows: (book: B, f: ReportFilters, days: (ms: number) => number) => Row[];
}

const PERIOD: Filter[] = ['from', 'to'];

const STORE_DEFS: Record<(typeof STORE_REPORTS)[number], ReportDef<StoreBook>> = {
  dashboard: { filters: PERIOD, columns: DASHBOARD_COLUMNS, rows: dashboardRows },
  'commission-settings': { filters: [...PERIOD, 'productId'], columns: SETTINGS_COLUMNS, rows: settingsRows },
  'hot-products': { filters: [...PERIOD, 'productId'], columns: HOT_PRODUCTS_COLUMNS, rows: hotProductsRows },
  'main-products': {
    filters: [...PERIOD, 'productId'],
    columns: MAIN_PRODUCTS_COLUMNS,
    rows: mainProductsRows,
  },
  traffic: {
    filters: [...PERIOD, 'channel', 'affiliateId', 'productId'],
    columns: STORE_TRAFFIC_COLUMNS,
    rows: (s, f) => storeTrafficRows(s.cells.values(), f),
  },
  orders: {
    filters: [...PERIOD, 'channel', 'affiliateId', 'productId', 'status'],
    statuses: ORDER_STATUSES,
    columns: ORDERS_COLUMNS,
    rows: ordersRows,
  },
  refunds: { filters: [...PERIOD, 'affiliateId', 'productId'], columns: REFUNDS_COLUMNS, rows: refundsRows },
  transactions: {
    filters: [...PERIOD, 'channel', 'affiliateId', 'productId'],
    columns: TRANSACTIONS_COLUMNS,
    rows: transactionsRows,
  },
  operations: {
    filters: [...PERIOD, 'status'],
    statuses: OPERATION_STATUSES,
    columns: OPERATIONS_COLUMNS,
    rows: operationsRows,
  },
};

const AFFILIATE_DEFS: Record<(typeof AFFILIATE_REPORTS)[number], ReportDef<AffiliateBook>> = {
  links: {
    filters: [...PERIOD, 'storeId', 'productId', 'channel'],
    columns: LINKS_COLUMNS,
    rows: (a, f) => linksRows(a.cells.values(), f),
  },
  traffic: {
    filters: [...PERIOD, 'storeId', 'productId', 'channel'],
    columns: AFFILIATE_TRAFFIC_COLUMNS,
    rows: (a, f) => affiliateTrafficRows(a.cells.values(), f),
  },
  orders: {
    filters: [...PERIOD, 'storeId', 'productId', 'status'],
    statuses: AFFILIATE_ORDER_STATUSES,
    columns: AFFILIATE_ORDERS_COLUMNS,
    rows: affiliateOrdersRows,
  },
  earnings: { filters: [...PERIOD, 'storeId'], columns: EARNINGS_COLUMNS, rows: earningsRows },
};

export interface ReportResult {
  readonly report: string;
  readonly scope: ReportScope;
  /** The store's or the affiliate's id. */
  readonly id: string;
  readonly timeZone: string;
  /** The filters as given (`from`/`to` local dates), absent ones left out. */
  readonly filters: Readonly<Record<string, string>>;
  /** False when the book hit its row limit (report-book.ts) and this report may miss rows. */
  readonly complete: boolean;
  readonly columns: readonly string[];
  readonly rows: Row[];
  readonly nextCursor: string | null;
}

/**
 * Why a report cannot be answered: `field` names the bad query field or path part (400; CLI exit
 * 2); `unknown` is a store or affiliate the book has not seen registered (404, R16).
 */
export type ReportFailure =
  | { readonly kind: 'bad-query'; readonly field: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

export type ReportOutcome = { ok: true; result: ReportResult } | ({ ok: false } & ReportFailure);

export function reportNames(scope: ReportScope): readonly string[] {
  return scope === 'store' ? STORE_REPORTS : AFFILIATE_REPORTS;
}

/** The filters a report takes (for help texts and the OpenAPI document). */
export function reportFilters(scope: ReportScope, report: string): readonly Filter[] {
  const def = (scope === 'store' ? STORE_DEFS : AFFILIATE_DEFS)[report as 'traffic'];
  return def?.filters ?? [];
}

/** Runs one report over the book: the query parsed, the rows read, one page cut. */
export function runReport(
  book: ReportBook,
  scope: ReportScope,
  id: string,
  report: string,
  raw: Readonly<Record<string, string | undefined>>,
): ReportOutcome {
  const defs: Record<string, ReportDef<never>> = scope === 'store' ? STORE_DEFS : AFFILIATE_DEFS;
  const def = Object.hasOwn(defs, report)
    ? (defs[report] as ReportDef<StoreBook & AffiliateBook>)
    : undefined;
  if (def === undefined) {
    return {
      ok: false,
      kind: 'bad-query',
      field: 'type',
      message: `unknown ${scope} report ${JSON.stringify(report.slice(0, 40))} (known: ${reportNames(scope).join(', ')})`,
    };
  }
  const target = scope === 'store' ? book.store(id) : book.affiliate(id);
  if (target === undefined) return { ok: false, kind: 'unknown', message: `R16: unknown ${scope} ${id}` };
  const parsed = parseReportQuery(raw, def.filters, def.statuses);
  if (!parsed.ok)
    return {
      ok: false,
      kind: 'bad-query',
      field: parsed.field,
      message: parsed.message,
    };
  const { filters, limit, cursor } = parsed.query;
  const rows = def.rows(target as StoreBook & AffiliateBook, filters, (ms) => book.days.dayOf(ms));
  const shown = shownFilters(raw, def.filters);
  const cut = page(rows, JSON.stringify([scope, id, report, shown]), limit, cursor);
  if (!cut.ok) return { ok: false, kind: 'bad-query', field: 'cursor', message: cut.message };
  return {
    ok: true,
    result: {
      report,
      scope,
      id,
      timeZone: book.days.timeZone,
      filters: shown,
      complete: target.dropped === 0,
      columns: def.columns,
      rows: cut.page.rows,
      nextCursor: cut.page.nextCursor,
    },
  };
}

function shownFilters(
  raw: Readonly<Record<string, string | undefined>>,
  filters: readonly Filter[],
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const f of filters) {
    const v = raw[f];
    if (v !== undefined) shown[f] = v;
  }
  return shown;
}

export { formatDay };
