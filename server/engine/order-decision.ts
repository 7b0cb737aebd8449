import type { Decision, DecisionLine, DecisionStatus } from '../../sim/domain/decision.js';
import type { Policy } from '../../sim/domain/policy.js';
import { lineCommissionCents } from './line-commission.js';
import type { OrderRecord } from './order-record.js';

/**
 * The Decision of RULES.md for an order as it stands: commission only for an attributed order that
 * was not cancelled (R9, R12), on each line's net amount at its locked rate (R11, R13, R14).
 */
export function orderDecision(order: OrderRecord, policy: Policy): Decision {
  const cancelled = order.lifecycle === 'cancelled';
  let commissionCents = 0;
  const lines: DecisionLine[] = order.lines.map((line) => {
    const lineCents =
      line.rate === null || cancelled
        ? 0
        : lineCommissionCents(line.amountCents - line.refundedCents, line.rate.rateBps, policy.rounding);
    commissionCents += lineCents;
    return { ...line, commissionCents: lineCents };
  });
  const a = order.attribution;
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
    status: attributedStatus(order),
    commissionCents,
    lines,
  };
}

/** R12: pending until completed, void when cancelled; R14: a completed order refunded in full is reversed. */
function attributedStatus(order: OrderRecord): Exclude<DecisionStatus, 'not-attributed'> {
  if (order.lifecycle === 'open') return 'pending';
  if (order.lifecycle === 'cancelled') return 'void';
  return order.lines.every((l) => l.refundedCents === l.amountCents) ? 'reversed' : 'payable';
}
