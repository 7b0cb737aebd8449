import type { Decision } from '../domain/decision.js';
import type { AffEvent, EventOf } from '../domain/events.js';
import { formatInstant } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import { type ChainStore, MapChainStore } from './chain-store.js';
import { decide } from './decide.js';
import { changeSetting, join, withdraw } from './membership.js';
import { createOrder, endOrder, refund, settled } from './orders.js';
import { accepted, type OrderState, type Outcome, rejected, type StoreState } from './state.js';
import { click } from './traffic.js';

export { FORGOTTEN_CHAIN } from './chain-store.js';

/**
 * The rule book as an incremental state machine over events in time order (RULES.md, "Order of
 * evaluation"): the state an event sees is the state after every event before it. `apply` holds
 * the branching; the rules themselves live in membership, traffic and orders. R17 (event ids) is
 * the caller's, through IdLedger, because identity follows recording order, not time order.
 */
export class ReferenceModel {
  readonly #stores = new Map<string, StoreState>();
  readonly #affiliates = new Set<string>();
  readonly #chains: ChainStore;
  readonly #orders = new Map<string, OrderState>();
  #lastAtMs = Number.NEGATIVE_INFINITY;

  /** `chains`: where the pairs' chains are kept (chain-store.ts); the nested Maps unless given. */
  constructor(
    readonly policy: Policy,
    chains: ChainStore = new MapChainStore(),
  ) {
    this.#chains = chains;
  }

  apply(event: AffEvent): Outcome {
    if (event.at < this.#lastAtMs) {
      throw new Error(
        `ReferenceModel.apply: event ${event.id} at ${formatInstant(event.at)} arrived after ${formatInstant(this.#lastAtMs)}; sort by time first`,
      );
    }
    this.#lastAtMs = event.at;
    // R16 first (unknown or duplicate names), then the event's own rule (edge cases, "several rules").
    switch (event.type) {
      case 'store.registered':
        return this.#registerStore(event);
      case 'affiliate.registered':
        if (this.#affiliates.has(event.affiliateId)) {
          return rejected('R16', `affiliate ${event.affiliateId} is already registered`);
        }
        this.#affiliates.add(event.affiliateId);
        return accepted();
      case 'store.joined':
        return this.#withStore(event.storeId, (s) => join(s, event, this.policy));
      case 'store.withdrew':
        return this.#withStore(event.storeId, (s) => withdraw(s, event, this.policy));
      case 'store.defaultRateSet':
        return this.#withStore(event.storeId, (s) => changeSetting(s, event, this.policy));
      case 'store.mainProductSet':
      case 'store.mainProductRemoved':
        return this.#withStore(
          event.storeId,
          (s) => unknownProduct(s, event.productId) ?? changeSetting(s, event, this.policy),
        );
      case 'store.categoryRateSet':
        return this.#withStore(event.storeId, (s) =>
          s.categories.has(event.categoryId)
            ? changeSetting(s, event, this.policy)
            : rejected('R16', `category ${event.categoryId} is not in the catalogue of store ${s.storeId}`),
        );
      case 'click':
        return this.#click(event);
      case 'order.created':
        return this.#createOrder(event);
      case 'order.completed':
      case 'order.cancelled':
        return this.#withOrder(event.orderId, (o) => endOrder(o, event));
      case 'order.refunded':
        return this.#withOrder(
          event.orderId,
          (o) =>
            unknownProduct(this.#stores.get(o.storeId) as StoreState, event.productId) ?? refund(o, event),
        );
    }
  }

  decision(orderId: string): Decision | undefined {
    const order = this.#orders.get(orderId);
    return order && decide(order, this.policy);
  }

  /** Every order's decision, in the order the orders were created. */
  *decisions(): IterableIterator<Decision> {
    for (const order of this.#orders.values()) yield decide(order, this.policy);
  }

  get orderCount(): number {
    return this.#orders.size;
  }

  /** The store and buyer of an order the model accepted: what the order's later events are about. */
  orderParties(orderId: string): { readonly storeId: string; readonly buyerId: string } | undefined {
    return this.#orders.get(orderId);
  }

  /** Whether an event can still change the order's decision (R14, R16); false for an unknown order. */
  orderOpen(orderId: string): boolean {
    const order = this.#orders.get(orderId);
    return order !== undefined && !settled(order);
  }

  /** (buyer, store) pairs with a chain in full, and pairs whose ended chain was forgotten. */
  get chainCount(): { readonly live: number; readonly forgotten: number } {
    return { live: this.#chains.live, forgotten: this.#chains.forgotten };
  }

  /**
   * Forgets the chains whose window ended at or before `endedByMs`, keeping only that their pair
   * clicked (issue 12: memory follows the live windows). No event from the model's time on can
   * tell a forgotten chain from the real one: a click starts a new chain (R6), an order is
   * window-expired unless the store is not a member (R9), and orders already created locked their
   * attribution (R11). Only an order's effect shows the difference: its `chain` is then
   * FORGOTTEN_CHAIN, whose latest click is at -Infinity. `endedByMs` past the model's time (the
   * latest event's instant) counts as that time: a later event may still be in those windows.
   */
  forgetEndedChains(endedByMs: number): void {
    this.#chains.forgetEnded(Math.min(endedByMs, this.#lastAtMs));
  }

  #registerStore(event: EventOf<'store.registered'>): Outcome {
    if (this.#stores.has(event.storeId))
      return rejected('R16', `store ${event.storeId} is already registered`);
    const categoryOf = new Map(event.products.map((p) => [p.productId, p.categoryId]));
    this.#stores.set(event.storeId, {
      storeId: event.storeId,
      categoryOf,
      categories: new Set(categoryOf.values()),
      membership: { status: 'never-joined' },
      defaultRateBps: 0,
      mainRateBps: new Map(),
      categoryRateBps: new Map(),
    });
    return accepted();
  }

  #click(event: EventOf<'click'>): Outcome {
    const store = this.#stores.get(event.storeId);
    if (store === undefined) return unknown('store', event.storeId);
    if (!this.#affiliates.has(event.affiliateId)) return unknown('affiliate', event.affiliateId);
    if (event.productId !== undefined) {
      const problem = unknownProduct(store, event.productId);
      if (problem) return problem;
    }
    const chain = this.#chains.get(event.storeId, event.buyerId);
    const result = click(store, chain, event, this.policy);
    // A click that does not qualify (R5) leaves the chain as it was, forgotten or not.
    if (result.chain !== undefined && result.chain !== chain) {
      this.#chains.set(event.storeId, event.buyerId, result.chain);
    }
    return result.outcome;
  }

  #createOrder(event: EventOf<'order.created'>): Outcome {
    if (this.#orders.has(event.orderId)) return rejected('R16', `order ${event.orderId} was already created`);
    const store = this.#stores.get(event.storeId);
    if (store === undefined) return unknown('store', event.storeId);
    for (const line of event.lines) {
      const problem = unknownProduct(store, line.productId);
      if (problem) return problem;
    }
    const chain = this.#chains.get(event.storeId, event.buyerId);
    const { order, outcome } = createOrder(store, chain, event, this.policy);
    this.#orders.set(order.orderId, order);
    return outcome;
  }

  #withStore(storeId: string, rule: (store: StoreState) => Outcome): Outcome {
    const store = this.#stores.get(storeId);
    return store === undefined ? unknown('store', storeId) : rule(store);
  }

  #withOrder(orderId: string, rule: (order: OrderState) => Outcome): Outcome {
    const order = this.#orders.get(orderId);
    return order === undefined ? unknown('order', orderId) : rule(order);
  }
}

function unknown(what: 'store' | 'affiliate' | 'order', id: string): Outcome {
  return rejected('R16', `unknown ${what} ${id}`);
}

function unknownProduct(store: StoreState, productId: string): Outcome | undefined {
  if (store.categoryOf.has(productId)) return undefined;
  return rejected('R16', `product ${productId} is not in the catalogue of store ${store.storeId}`);
}
