import { accepted } from '../engine/outcome.js';
import { type Mutant, ruleMutant } from './mutant.js';

/** Mutants of the order lifecycle (R12 pay for performance, R14 refunds, R16 once), wrapping endOrder, refundOrder and orderDecision. */

export const LIFECYCLE_MUTANTS: readonly Mutant[] = [
  ruleMutant(
    {
      name: 'second-completion-accepted',
      rule: 'R16',
      summary: 'completing an order that is already completed is accepted again instead of refused',
    },
    (real) => ({
      endOrder: (order, event) =>
        order.lifecycle === 'completed' && event.type === 'order.completed'
          ? accepted()
          : real.endOrder(order, event),
    }),
  ),
  ruleMutant(
    {
      name: 'cancelled-order-commissioned',
      rule: 'R12',
      summary: 'a cancelled affiliate order is marked void but still carries its commission',
    },
    (real) => ({
      orderDecision(order, policy) {
        if (order.lifecycle !== 'cancelled') return real.orderDecision(order, policy);
        const decision = real.orderDecision({ ...order, lifecycle: 'completed' }, policy);
        return decision.attributed ? { ...decision, status: 'void' } : decision;
      },
    }),
  ),
  ruleMutant(
    {
      name: 'refunds-ignored',
      rule: 'R14',
      summary: 'refunds are recorded but do not lower the commission (and never reverse a completed order)',
    },
    (real) => ({
      orderDecision(order, policy) {
        if (order.lines.every((l) => l.refundedCents === 0)) return real.orderDecision(order, policy);
        const gross = real.orderDecision(
          { ...order, lines: order.lines.map((l) => ({ ...l, refundedCents: 0 })) },
          policy,
        );
        return {
          ...gross,
          lines: gross.lines.map((l, i) => ({ ...l, refundedCents: order.lines[i]?.refundedCents ?? 0 })),
        };
      },
    }),
  ),
  ruleMutant(
    {
      name: 'over-refund-accepted',
      rule: 'R14',
      summary:
        'a refund larger than what is left of the line is accepted (and clamped to it) instead of refused',
    },
    (real) => ({
      refundOrder(order, event) {
        const outcome = real.refundOrder(order, event);
        const line = order.lines.find((l) => l.productId === event.productId);
        if (outcome.kind === 'accepted' || outcome.rule !== 'R14' || line === undefined) return outcome;
        return real.refundOrder(order, { ...event, amountCents: line.amountCents - line.refundedCents });
      },
    }),
  ),
];
