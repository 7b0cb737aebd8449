import type { OrderRow } from './book-rows.js';
import { formatDay } from './local-days.js';
import type { StoreBook } from './report-book.js';
import type { ReportFilters } from './report-query.js';
import { byTime, inPeriod, iso, type Row } from './report-rows.js';

/** The order, refund and transaction reports: rows of the decisions as they stand (R9–R15). */

export const ORDER_STATUSES = ['not-attributed', 'pending', 'payable', 'void', 'reversed'] as const;

export const ORDERS_COLUMNS = [
  'orderId',
  'createdAt',
  'day',
  'buyerId',
  'attributed',
  'reason',
  'affiliateId',
  'channel',
  'status',
  'amountCents',
  'refundedCents',
  'commissionCents',
] as const;

/** An order row as the filters see it; `productId` matches an order with a line of that product. */
export function orderMatches(row: OrderRow, f: ReportFilters): boolean {
  const d = row.decision;
  return (
    inPeriod(row.day, f) &&
    (f.status === undefined || d.status === f.status) &&
    (f.affiliateId === undefined || (d.attributed && d.affiliateId === f.affiliateId)) &&
    (f.storeId === undefined || row.storeId === f.storeId) &&
    (f.channel === undefined || row.channel === f.channel) &&
    (f.productId === undefined || d.lines.some((l) => l.productId === f.productId))
  );
}

/** One order's row: its decision's figures, amounts summed over its lines (R13, R14). */
export function orderRow(row: OrderRow, withBuyer: boolean): Row {
  const d = row.decision;
  return {
    orderId: row.orderId,
    ...(withBuyer ? {} : { storeId: row.storeId }),
    createdAt: iso(row.createdAtMs),
    day: formatDay(row.day),
    ...(withBuyer ? { buyerId: row.buyerId } : {}),
    ...(withBuyer ? { attributed: d.attributed, reason: d.attributed ? null : d.reason } : {}),
    ...(withBuyer ? { affiliateId: d.attributed ? d.affiliateId : null } : {}),
    channel: row.channel,
    status: d.status,
    amountCents: d.lines.reduce((s, l) => s + l.amountCents, 0),
    refundedCents: d.lines.reduce((s, l) => s + l.refundedCents, 0),
    commissionCents: d.commissionCents,
  };
}

/** The seller's orders: every order of the store, attributed or not (R9 says why not). */
export function ordersRows(store: StoreBook, f: ReportFilters): Row[] {
  return byTime(store.orders, (r) => r.createdAtMs)
    .filter((r) => orderMatches(r, f))
    .map((r) => orderRow(r, true));
}

export const REFUNDS_COLUMNS = [
  'refundedAt',
  'day',
  'eventId',
  'orderId',
  'productId',
  'amountCents',
  'affiliateId',
  'commissionReducedCents',
  'afterCompletion',
] as const;

/** Every accepted refund (R14), with what it took off the order's commission (R13). */
export function refundsRows(store: StoreBook, f: ReportFilters, days: (ms: number) => number): Row[] {
  return byTime(store.refunds, (r) => r.atMs)
    .filter(
      (r) =>
        inPeriod(days(r.atMs), f) &&
        (f.affiliateId === undefined || r.affiliateId === f.affiliateId) &&
        (f.productId === undefined || r.productId === f.productId),
    )
    .map((r) => ({
      refundedAt: iso(r.atMs),
      day: formatDay(days(r.atMs)),
      eventId: r.eventId,
      orderId: r.orderId,
      productId: r.productId,
      amountCents: r.amountCents,
      affiliateId: r.affiliateId,
      commissionReducedCents: r.commissionReducedCents,
      afterCompletion: r.afterCompletion,
    }));
}

export const TRANSACTIONS_COLUMNS = [
  'at',
  'day',
  'eventId',
  'kind',
  'orderId',
  'productId',
  'affiliateId',
  'channel',
  'rateBps',
  'tier',
  'netAmountCents',
  'commissionCents',
] as const;

/** Each commission charged (completion, R12) or reversed (refund after completion, R14), per line. */
export function transactionsRows(store: StoreBook, f: ReportFilters, days: (ms: number) => number): Row[] {
  return byTime(store.transactions, (r) => r.atMs)
    .filter(
      (r) =>
        inPeriod(days(r.atMs), f) &&
        (f.affiliateId === undefined || r.affiliateId === f.affiliateId) &&
        (f.productId === undefined || r.productId === f.productId) &&
        (f.channel === undefined || r.channel === f.channel),
    )
    .map((r) => ({
      at: iso(r.atMs),
      day: formatDay(days(r.atMs)),
      eventId: r.eventId,
      kind: r.kind,
      orderId: r.orderId,
      productId: r.productId,
      affiliateId: r.affiliateId,
      channel: r.channel,
      rateBps: r.rateBps,
      tier: r.tier,
      netAmountCents: r.netAmountCents,
      commissionCents: r.commissionCents,
    }));
}
