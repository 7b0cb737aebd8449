import type { AffEvent } from '../domain/events.js';
import type { FaultScope } from './answer-faults.js';
import type { HistorySubject } from './history-superset.js';

/** An order the model accepted: its store and buyer, which its later events are about. */
export interface KnownOrder {
  readonly storeId: string;
  readonly buyerId: string;
}

/** Where the orders the model accepted are looked up (the model itself: it keeps every order). */
export type KnownOrders = Pick<ReadonlyMap<string, KnownOrder>, 'get'>;

/** What an event's answer can follow from: its store, its (store, buyer) pair, its order. */
export function scopeOf(event: AffEvent, orders: KnownOrders): FaultScope {
  switch (event.type) {
    case 'affiliate.registered':
      return {};
    case 'click':
    case 'order.created':
      return { storeId: event.storeId, buyerId: event.buyerId };
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded': {
      const order = orders.get(event.orderId);
      return { storeId: order?.storeId, buyerId: order?.buyerId, orderId: event.orderId };
    }
    default:
      return { storeId: event.storeId };
  }
}

/** The store, buyer and order an event's answer depends on. */
export function subjectOf(event: AffEvent, orders: KnownOrders): HistorySubject {
  switch (event.type) {
    case 'affiliate.registered':
      return { affiliateId: event.affiliateId, untilMs: event.at };
    case 'click':
      return {
        storeId: event.storeId,
        buyerId: event.buyerId,
        affiliateId: event.affiliateId,
        untilMs: event.at,
      };
    case 'order.created':
      return { storeId: event.storeId, buyerId: event.buyerId, orderId: event.orderId, untilMs: event.at };
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded': {
      // An event for an order the model never accepted: the order's id is all there is to go by.
      const order = orders.get(event.orderId);
      return order
        ? { storeId: order.storeId, buyerId: order.buyerId, orderId: event.orderId, untilMs: event.at }
        : { orderId: event.orderId, untilMs: event.at };
    }
    default:
      return { storeId: event.storeId, untilMs: event.at };
  }
}
