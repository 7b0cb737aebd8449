import { formatDay } from './local-days.js';
import { type OrderFigures, orderFigures } from './order-change.js';
import { orderMatches, orderRow } from './order-reports.js';
import type { AffiliateBook } from './report-book.js';
import type { ReportFilters } from './report-query.js';
import { byTime, compareText, type Row } from './report-rows.js';

/** An affiliate's orders and earnings: only the orders credited to it (R8, R18). */

export const AFFILIATE_ORDERS_COLUMNS = [
  'orderId',
  'storeId',
  'createdAt',
  'day',
  'channel',
  'status',
  'amountCents',
  'refundedCents',
  'commissionCents',
] as const;
export const AFFILIATE_ORDER_STATUSES = ['pending', 'payable', 'void', 'reversed'] as const;

/** The affiliate's orders; the buyer is not shown (the seller's order report has it). */
export function affiliateOrdersRows(affiliate: AffiliateBook, f: ReportFilters): Row[] {
  return byTime(affiliate.orders, (r) => r.createdAtMs)
    .filter((r) => orderMatches(r, f))
    .map((r) => orderRow(r, false));
}

export const EARNINGS_COLUMNS = [
  'day',
  'storeId',
  'orders.affiliate',
  'orders.cancelled',
  'gmvCents',
  'commission.estimatedCents',
  'commission.payableCents',
] as const;

/** Earnings per local day of the orders' creation and store, with the dashboard's definitions (order-change.ts). */
export function earningsRows(affiliate: AffiliateBook, f: ReportFilters): Row[] {
  const groups = new Map<
    string,
    { day: number; storeId: string; sums: { -readonly [K in keyof OrderFigures]: number } }
  >();
  for (const row of affiliate.orders) {
    if (!orderMatches(row, f)) continue;
    const key = JSON.stringify([row.day, row.storeId]);
    let g = groups.get(key);
    if (g === undefined) {
      g = {
        day: row.day,
        storeId: row.storeId,
        sums: { affiliateOrders: 0, cancelledOrders: 0, gmvCents: 0, estimatedCents: 0, payableCents: 0 },
      };
      groups.set(key, g);
    }
    const fig = orderFigures(row.decision);
    for (const k of Object.keys(g.sums) as (keyof OrderFigures)[]) g.sums[k] += fig[k];
  }
  return [...groups.values()]
    .sort((a, b) => a.day - b.day || compareText(a.storeId, b.storeId))
    .map(({ day, storeId, sums }) => ({
      day: formatDay(day),
      storeId,
      orders: { affiliate: sums.affiliateOrders, cancelled: sums.cancelledOrders },
      gmvCents: sums.gmvCents,
      commission: { estimatedCents: sums.estimatedCents, payableCents: sums.payableCents },
    }));
}
