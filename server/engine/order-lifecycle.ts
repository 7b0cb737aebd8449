import type { EventOf } from '../../sim/domain/events.js';
import type { OrderRecord } from './order-record.js';
import { accepted, type Outcome, rejected } from './outcome.js';

/** R12, R16: an order completes or cancels once; either after the other is refused. */
export function endOrder(order: OrderRecord, event: EventOf<'order.completed' | 'order.cancelled'>): Outcome {
  if (order.lifecycle !== 'open') {
    return rejected('R16', `R16: order ${order.orderId} is already ${order.lifecycle}`);
  }
  order.lifecycle = event.type === 'order.completed' ? 'completed' : 'cancelled';
  return accepted();
}

/** R14: a refund names a line of the order and at most what is left of it, also after completion (a reversal). */
export function refundOrder(order: OrderRecord, event: EventOf<'order.refunded'>): Outcome {
  if (order.lifecycle === 'cancelled') {
    return rejected('R16', `R16: order ${order.orderId} was cancelled; nothing happens to it afterwards`);
  }
  const line = order.lines.find((l) => l.productId === event.productId);
  if (line === undefined) {
    return rejected('R14', `R14: product ${event.productId} is not a line of order ${order.orderId}`);
  }
  const leftCents = line.amountCents - line.refundedCents;
  if (event.amountCents > leftCents) {
    return rejected(
      'R14',
      `R14: a refund of ${event.amountCents} cents is more than the ${leftCents} cents left of line ${event.productId} of order ${order.orderId}`,
    );
  }
  line.refundedCents += event.amountCents;
  return accepted();
}
