import type { Decision, DecisionLine } from '../domain/decision.js';
import type { Policy } from '../domain/policy.js';
import { lineCommissionCents } from './commission.js';
import type { OrderState } from './state.js';

/**
 * The decision of an order as it stands (RULES.md, "Decision"). Commission exists only for an
 * affiliate order (R9) that was not cancelled (R12); before completion it is the estimate, after
 * completion the charge, on the net amount of each line (R13, R14).
 */
export function decide(order: OrderState, policy: Policy): Decision {
  const a = order.attribution;
  const cancelled = order.lifecycle === 'cancelled';
  const lines: DecisionLine[] = order.lines.map((line) => ({
    productId: line.productId,
    amountCents: line.amountCents,
    refundedCents: line.refundedCents,
    rate: line.rate,
    commissionCents:
      line.rate === null || cancelled
        ? 0
        : lineCommissionCents(line.amountCents - line.refundedCents, line.rate.rateBps, policy.rounding),
  }));
  const commissionCents = lines.reduce((sum, l) => sum + l.commissionCents, 0);
  if (!a.attributed) {
    return {
      orderId: order.orderId,
      attributed: false,
      reason: a.reason,
      status: 'not-attributed',
      commissionCents,
      lines,
    };
  }
  return {
    orderId: order.orderId,
    attributed: true,
    affiliateId: a.affiliateId,
    clickAtMs: a.clickAtMs,
    windowEndsAtMs: a.windowEndsAtMs,
    status: statusOf(order),
    commissionCents,
    lines,
  };
}

/** R12 (pending until completion, void when cancelled), R14 (a fully refunded completed order is reversed). */
function statusOf(order: OrderState): 'pending' | 'payable' | 'void' | 'reversed' {
  switch (order.lifecycle) {
    case 'open':
      return 'pending';
    case 'cancelled':
      return 'void';
    case 'completed':
      return order.lines.every((l) => l.refundedCents === l.amountCents) ? 'reversed' : 'payable';
  }
}
