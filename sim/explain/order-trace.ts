import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { type Evaluation, evaluateHistory, type RecordedEvent } from '../model/evaluate-history.js';
import type { Outcome } from '../model/state.js';

/** One event that bears on an order, with what the model made of it. */
export interface TraceEntry {
  readonly recorded: RecordedEvent;
  readonly outcome: Outcome | 'repeat';
}

/**
 * Everything that bears on one order, gathered while the model evaluates the whole history:
 * events of its store (membership, settings), the buyer's clicks into any store (R7 needs the
 * others to say they do not count), and the order's own events.
 */
export interface OrderTrace {
  readonly orderId: string;
  readonly evaluation: Evaluation;
  /** In evaluation order. */
  readonly entries: readonly TraceEntry[];
}

export function traceOrder(events: readonly AffEvent[], policy: Policy, orderId: string): OrderTrace {
  const stores = new Set<string>();
  const buyers = new Set<string>();
  for (const e of events) {
    if (e.type === 'order.created' && e.orderId === orderId) {
      stores.add(e.storeId);
      buyers.add(e.buyerId);
    }
  }
  const entries: TraceEntry[] = [];
  const evaluation = evaluateHistory(events, policy, (recorded, outcome) => {
    if (bearsOn(recorded.event, orderId, stores, buyers)) entries.push({ recorded, outcome });
  });
  return { orderId, evaluation, entries };
}

function bearsOn(e: AffEvent, orderId: string, stores: Set<string>, buyers: Set<string>): boolean {
  switch (e.type) {
    case 'affiliate.registered':
      return false;
    case 'click':
      return buyers.has(e.buyerId);
    case 'order.created':
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded':
      return e.orderId === orderId;
    default:
      return stores.has(e.storeId);
  }
}
