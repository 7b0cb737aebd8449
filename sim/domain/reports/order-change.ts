import type { Decision } from '../decision.js';
import type { DayTotals } from './book-rows.js';

/**
 * What one affiliate order adds to its creation day's figures (docs/reports.md):
 * - GMV: its line amounts unless cancelled (R12: a cancelled order is no sale);
 * - estimated commission: its commission unless cancelled — R12's estimate while pending, the
 *   charged amount once completed, both after refunds (R13, R14);
 * - payable commission: its commission once completed and not fully refunded (status `payable`;
 *   R15: also when the store withdrew in between, at the locked rate).
 * An order that is not attributed (R9) adds nothing.
 */
export interface OrderFigures {
  readonly affiliateOrders: number;
  readonly cancelledOrders: number;
  readonly gmvCents: number;
  readonly estimatedCents: number;
  readonly payableCents: number;
}

const NONE: OrderFigures = Object.freeze({
  affiliateOrders: 0,
  cancelledOrders: 0,
  gmvCents: 0,
  estimatedCents: 0,
  payableCents: 0,
});

export function orderFigures(d: Decision | undefined): OrderFigures {
  if (d === undefined || !d.attributed) return NONE;
  const cancelled = d.status === 'void';
  return {
    affiliateOrders: 1,
    cancelledOrders: cancelled ? 1 : 0,
    gmvCents: cancelled ? 0 : d.lines.reduce((sum, l) => sum + l.amountCents, 0),
    estimatedCents: cancelled ? 0 : d.commissionCents,
    payableCents: d.status === 'payable' ? d.commissionCents : 0,
  };
}

/** Replaces an order's old figures by its new ones in a day's totals (an order event changed its decision). */
export function addOrderChange(totals: DayTotals, before: Decision | undefined, after: Decision): void {
  const was = orderFigures(before);
  const now = orderFigures(after);
  totals.affiliateOrders += now.affiliateOrders - was.affiliateOrders;
  totals.cancelledOrders += now.cancelledOrders - was.cancelledOrders;
  totals.gmvCents += now.gmvCents - was.gmvCents;
  totals.estimatedCents += now.estimatedCents - was.estimatedCents;
  totals.payableCents += now.payableCents - was.payableCents;
}
