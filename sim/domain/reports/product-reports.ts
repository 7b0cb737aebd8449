import type { OrderRow } from './book-rows.js';
import type { StoreBook } from './report-book.js';
import type { ReportFilters } from './report-query.js';
import { clicksRow, compareText, inPeriod, iso, type Row } from './report-rows.js';
import { currentMainProducts } from './store-reports.js';

/** Hot products and main products: per product, clicks through its links and its lines in affiliate orders. */

interface ProductSums {
  qualifying: number;
  notQualifying: number;
  orders: number;
  gmvCents: number;
  estimatedCents: number;
  payableCents: number;
}

const FIGURE_COLUMNS = [
  'clicks.qualifying',
  'clicks.notQualifying',
  'clicks.total',
  'orders.affiliate',
  'gmvCents',
  'commission.estimatedCents',
  'commission.payableCents',
] as const;

export const HOT_PRODUCTS_COLUMNS = ['productId', ...FIGURE_COLUMNS] as const;
export const MAIN_PRODUCTS_COLUMNS = ['productId', 'rateBps', 'mainSince', ...FIGURE_COLUMNS] as const;

/**
 * The same definitions as the dashboard's, per line (docs/reports.md): an affiliate order counts
 * once for each product it has a line of; GMV and estimated commission leave cancelled orders out
 * (R12), payable counts completed orders not fully refunded (R14).
 */
function productSums(store: StoreBook, f: ReportFilters): Map<string, ProductSums> {
  const sums = new Map<string, ProductSums>();
  const of = (productId: string) => {
    let s = sums.get(productId);
    if (s === undefined) {
      s = { qualifying: 0, notQualifying: 0, orders: 0, gmvCents: 0, estimatedCents: 0, payableCents: 0 };
      sums.set(productId, s);
    }
    return s;
  };
  for (const cell of store.cells.values()) {
    if (cell.productId === null || !inPeriod(cell.day, f)) continue;
    const s = of(cell.productId);
    s.qualifying += cell.qualifying;
    s.notQualifying += cell.notQualifying;
  }
  for (const row of store.orders as readonly OrderRow[]) {
    const d = row.decision;
    if (!d.attributed || !inPeriod(row.day, f)) continue;
    for (const line of d.lines) {
      const s = of(line.productId);
      s.orders += 1;
      if (d.status === 'void') continue;
      s.gmvCents += line.amountCents;
      s.estimatedCents += line.commissionCents;
      if (d.status === 'payable') s.payableCents += line.commissionCents;
    }
  }
  return sums;
}

function figures(s: ProductSums): Row {
  return {
    clicks: clicksRow(s.qualifying, s.notQualifying),
    orders: { affiliate: s.orders },
    gmvCents: s.gmvCents,
    commission: { estimatedCents: s.estimatedCents, payableCents: s.payableCents },
  };
}

/** Products with any click or affiliate order in the period, by GMV, then orders, then clicks. */
export function hotProductsRows(store: StoreBook, f: ReportFilters): Row[] {
  return [...productSums(store, f)]
    .filter(([productId]) => f.productId === undefined || productId === f.productId)
    .sort(
      ([pa, a], [pb, b]) =>
        b.gmvCents - a.gmvCents ||
        b.orders - a.orders ||
        b.qualifying + b.notQualifying - (a.qualifying + a.notQualifying) ||
        compareText(pa, pb),
    )
    .map(([productId, s]) => ({ productId, ...figures(s) }));
}

const ZERO: ProductSums = {
  qualifying: 0,
  notQualifying: 0,
  orders: 0,
  gmvCents: 0,
  estimatedCents: 0,
  payableCents: 0,
};

/** The main products in effect now (R4, R10), each with its rate and its figures for the period. */
export function mainProductsRows(store: StoreBook, f: ReportFilters): Row[] {
  const sums = productSums(store, f);
  return [...currentMainProducts(store)]
    .filter(([productId]) => f.productId === undefined || productId === f.productId)
    .sort(([a], [b]) => compareText(a, b))
    .map(([productId, setting]) => ({
      productId,
      rateBps: setting.rateBps,
      mainSince: iso(setting.atMs),
      ...figures(sums.get(productId) ?? ZERO),
    }));
}
