import type { AffEvent } from '../domain/events.js';

/** An order the checker still compares: what its final comparison feeds the result with. */
export interface OrderBook {
  readonly storeId: string;
  readonly buyerId: string;
  readonly createdAtMs: number;
  lastAtMs: number;
  /** When the order completed (R12), if it has; a refund may still follow (R14). */
  completedAtMs: number | undefined;
  readonly gmvCents: number;
  readonly channel: string | undefined;
  /** The group of this order's violation, once it has one. */
  violated: string | undefined;
}

/**
 * The orders whose final comparison is still to come (issue 12: the checker keeps what later
 * checks need, not every order of the run). An order is due once its decision can no longer
 * change: the model says no event can change it (cancelled, or completed and refunded in full:
 * R14, R16), or it completed more than `refundHorizonMs` ago, the history's promise that no
 * refund comes later (the simulator's traffic: REFUNDS_AFTER_COMPLETION_MS_MAX). It is then
 * compared for the last time, folded into the result and dropped; the rest at the end of the run.
 * The cost: a platform whose decision changes later with no event for the order (a bug that
 * rewrites old decisions) is seen only up to that last read, no longer at the end of the run.
 */
export class OpenOrders {
  readonly #orders = new Map<string, OrderBook>();
  /** Orders finalized so far: an event that changes one of them breaks the horizon's promise. */
  #finalized = 0;

  constructor(readonly refundHorizonMs: number | undefined) {}

  get size(): number {
    return this.#orders.size;
  }

  get finalized(): number {
    return this.#finalized;
  }

  get(orderId: string): OrderBook | undefined {
    return this.#orders.get(orderId);
  }

  add(orderId: string, order: OrderBook): void {
    this.#orders.set(orderId, order);
  }

  /** Every open order, in creation order. */
  ids(): string[] {
    return [...this.#orders.keys()];
  }

  /** The open orders due at `nowMs` (see above), in creation order; `open` asks the model. */
  due(nowMs: number, open: (orderId: string) => boolean): string[] {
    const horizon = this.refundHorizonMs;
    const due: string[] = [];
    for (const [orderId, order] of this.#orders) {
      const pastHorizon =
        horizon !== undefined && order.completedAtMs !== undefined && nowMs - order.completedAtMs > horizon;
      if (pastHorizon || !open(orderId)) due.push(orderId);
    }
    return due;
  }

  /** The order's final comparison is done: it is dropped. */
  finalize(orderId: string): void {
    if (this.#orders.delete(orderId)) this.#finalized += 1;
  }
}

/** The checker's error when an event changes an order it had already finalized: a broken promise of the history. */
export function finalizedTooEarly(event: AffEvent, refundHorizonMs: number | undefined): string {
  const horizon = refundHorizonMs === undefined ? 'none' : `${refundHorizonMs / 3_600_000} h`;
  return `bug: ${event.type} ${event.id} changes order ${'orderId' in event ? event.orderId : ''}, which the checker had finalized (refund horizon: ${horizon}); the history broke its promise (sim/run/open-orders.ts)`;
}
