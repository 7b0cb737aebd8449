import type { AffEvent } from '../../sim/domain/events.js';
import type { Capacity, CapacityRefusal } from './capacity.js';

/** What the engine holds, as the capacity gate reads it: its own structures (attribution-engine.ts). */
export interface Held {
  readonly ids: { readonly size: number };
  readonly stores: ReadonlyMap<string, unknown>;
  readonly affiliates: ReadonlyMap<string, unknown>;
  readonly orders: ReadonlyMap<string, unknown>;
  readonly pairs: { readonly size: number; row(storeId: string, buyerId: string): number };
  /** Catalogue products of all stores together. */
  products(): number;
}

/**
 * The limit a new event would pass, if any (capacity.ts). Only what it could add counts: a
 * registration of a name already taken, an order id already created or a click of a pair that has
 * a chain adds nothing (its rules answer it); every new event adds an id to the R17 ledger.
 */
export function pastCapacity(event: AffEvent, held: Held, c: Capacity): CapacityRefusal | undefined {
  if (held.ids.size >= c.events) return refusal('events', c.events, held.ids.size, 1);
  switch (event.type) {
    case 'store.registered': {
      if (held.stores.has(event.storeId)) return undefined;
      if (held.stores.size >= c.stores) return refusal('stores', c.stores, held.stores.size, 1);
      const adds = event.products.length;
      const products = held.products();
      return products + adds > c.products ? refusal('products', c.products, products, adds) : undefined;
    }
    case 'affiliate.registered':
      return !held.affiliates.has(event.affiliateId) && held.affiliates.size >= c.affiliates
        ? refusal('affiliates', c.affiliates, held.affiliates.size, 1)
        : undefined;
    case 'order.created':
      return !held.orders.has(event.orderId) && held.orders.size >= c.orders
        ? refusal('orders', c.orders, held.orders.size, 1)
        : undefined;
    case 'click':
      // Checked for any click of a new pair, even one its rules would not give a window: which
      // clicks open one is the rules' business, and the refusal must come before them.
      return held.pairs.size >= c.pairs && held.pairs.row(event.storeId, event.buyerId) < 0
        ? refusal('pairs', c.pairs, held.pairs.size, 1)
        : undefined;
    default:
      return undefined;
  }
}

function refusal(limit: CapacityRefusal['limit'], max: number, used: number, adds: number): CapacityRefusal {
  return { limit, max, used, adds };
}
