import type { Decision } from '../../sim/domain/decision.js';
import type { AffEvent, ClickEvent, EventOf } from '../../sim/domain/events.js';
import { formatInstant } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import { type Capacity, type CapacityRefusal, DEFAULT_CAPACITY } from './capacity.js';
import { DEFAULT_ENGINE_RULES, type EngineRules } from './engine-rules.js';
import { IdLedger } from './id-ledger.js';
import type { OrderDraft, OrderRecord } from './order-record.js';
import { type Answer, accepted, type Outcome, rejected } from './outcome.js';
import { PairTable } from './pair-table.js';
import type { SellerEvent } from './seller-rules.js';
import { newStoreRecord, type StoreRecord } from './store-record.js';
import { unknownProduct, unknownProductMessage, unknownStore, unknownStoreMessage } from './unknown-names.js';

/**
 * The platform's attribution engine: an incremental, indexed implementation of RULES.md R1–R17,
 * independent of the reference model (it shares only the domain types and policy).
 *
 * Ordering guarantee (see server/README section "Ordering"): decisions and answers equal the
 * time-ordered evaluation of the events in arrival order whenever
 *  1. per store, its seller events (registration, join, withdraw, settings) arrive in time order;
 *  2. per buyer, its clicks and orders, and per order id, the order's events, arrive in time order;
 *  3. a store's seller event never arrives after a buyer event for that store with a later instant,
 *     and a registration never after an event with a later instant that names it.
 * Across stores and buyers any order is fine: seller events may arrive early (a day's seller events
 * before that day's buyer events), because membership and settings are versioned by time (R4).
 * A seller event that breaks 3 is still answered exactly (its rules read only its own store) and is
 * counted in `stats().lateSellerEvents`; decisions already locked are not revisited (R11).
 *
 * Cost: every event is O(1) map work plus O(log n) binary searches over one store's versions.
 * Memory: stores with their settings versions, affiliates, one chain row per (buyer, store) pair (pair-table.ts)
 * that ever clicked, every order (the ledger the attribution endpoint answers from), and one compact
 * R17 record per event id (id-ledger.ts). Clicks themselves are never kept.
 * Each of these is bounded by a named limit (capacity.ts): an event that would pass one is
 * refused before anything is applied.
 */
export interface Engine {
  readonly policy: Policy;
  /**
   * Applies one event (R17 first, then capacity): the answer to give, also for a repeat. Never
   * throws on any valid event. A repeat or an id conflict is answered even at capacity (neither
   * grows anything); a new event past a limit is refused and its id not kept.
   */
  submit(event: AffEvent): Answer;
  /** The limits this engine enforces (capacity.ts); their usage is in `stats()`. */
  readonly capacity: Capacity;
  decision(orderId: string): Decision | undefined;
  /** Every order's decision, in the order the orders were accepted. */
  decisions(): IterableIterator<Decision>;
  /** The decision an order (buyer, store, lines, at) would get now; creates nothing. */
  whatIf(query: WhatIfQuery): WhatIfAnswer;
  /** Whether an affiliate and a store are registered: for promotion links (R16). */
  hasAffiliate(affiliateId: string): boolean;
  storeCatalogue(storeId: string): ReadonlyMap<string, string> | undefined;
  stats(): EngineStats;
}

export interface WhatIfQuery extends OrderDraft {
  readonly buyerId: string;
  readonly storeId: string;
}

export type WhatIfAnswer =
  | { readonly ok: true; readonly decision: Decision }
  | { readonly ok: false; readonly rule: 'R16' | 'R8'; readonly message: string };

export interface EngineStats {
  readonly stores: number;
  readonly affiliates: number;
  /** Catalogue products of all stores together. */
  readonly products: number;
  readonly pairs: number;
  readonly orders: number;
  readonly eventIds: number;
  /** Seller events that broke guarantee 3 or 1 (see above). */
  readonly lateSellerEvents: number;
}

/**
 * `rules`: the rule functions to call (engine-rules.ts); the rule book's own when absent.
 * `capacity`: the limits to enforce (capacity.ts); DEFAULT_CAPACITY when absent.
 */
export function createEngine(
  policy: Policy,
  rules: EngineRules = DEFAULT_ENGINE_RULES,
  capacity: Capacity = DEFAULT_CAPACITY,
): Engine {
  return new AttributionEngine(policy, rules, capacity);
}

/** Orders of a what-if query get this id; it is never stored. */
export const WHAT_IF_ORDER_ID = '(what-if)';

class AttributionEngine implements Engine {
  readonly #ids = new IdLedger();
  readonly #stores = new Map<string, StoreRecord>();
  /** affiliateId → registration instant. */
  readonly #affiliates = new Map<string, number>();
  /** R7: windows are per (buyer, store) pair. */
  readonly #pairs = new PairTable();
  readonly #orders = new Map<string, OrderRecord>();
  #products = 0;
  #lateSellerEvents = 0;

  readonly #rules: EngineRules;

  constructor(
    readonly policy: Policy,
    rules: EngineRules,
    readonly capacity: Capacity,
  ) {
    this.#rules = rules;
  }

  submit(event: AffEvent): Answer {
    // R17 comes first of every rule (RULES.md edge cases, "several rules refuse one event").
    const admission = this.#ids.admit(event);
    if (admission.kind === 'repeat') return { outcome: admission.outcome, repeat: true };
    if (admission.kind === 'conflict') {
      return {
        outcome: rejected('R17', `R17: event id ${event.id} was already used for another event`),
        repeat: false,
      };
    }
    // Capacity after R17 (a repeat grows nothing) and before every other rule: a refusal applies
    // nothing and records no id, so the same event is new again once there is room.
    const full = this.#pastCapacity(event);
    if (full !== undefined) return { refused: full, repeat: false };
    const outcome = this.#apply(event);
    this.#ids.record(event, outcome);
    return { outcome, repeat: false };
  }

  /**
   * The limit this new event would pass, if any. Only what it could add counts: a registration of
   * a name already taken, an order id already created or a click of a pair that has a chain adds
   * nothing (its rules answer it); every new event adds an id to the R17 ledger.
   */
  #pastCapacity(event: AffEvent): CapacityRefusal | undefined {
    const c = this.capacity;
    if (this.#ids.size >= c.events) return refusal('events', c.events, this.#ids.size, 1);
    switch (event.type) {
      case 'store.registered': {
        if (this.#stores.has(event.storeId)) return undefined;
        if (this.#stores.size >= c.stores) return refusal('stores', c.stores, this.#stores.size, 1);
        const adds = event.products.length;
        return this.#products + adds > c.products
          ? refusal('products', c.products, this.#products, adds)
          : undefined;
      }
      case 'affiliate.registered':
        return !this.#affiliates.has(event.affiliateId) && this.#affiliates.size >= c.affiliates
          ? refusal('affiliates', c.affiliates, this.#affiliates.size, 1)
          : undefined;
      case 'order.created':
        return !this.#orders.has(event.orderId) && this.#orders.size >= c.orders
          ? refusal('orders', c.orders, this.#orders.size, 1)
          : undefined;
      case 'click':
        // Checked for any click of a new pair, even one its rules would not give a window: which
        // clicks open one is the rules' business, and the refusal must come before them.
        return this.#pairs.size >= c.pairs && this.#pairs.row(event.storeId, event.buyerId) < 0
          ? refusal('pairs', c.pairs, this.#pairs.size, 1)
          : undefined;
      default:
        return undefined;
    }
  }

  /** The one branching point: R16 (names) first, then the event's own rule. */
  #apply(event: AffEvent): Outcome {
    switch (event.type) {
      case 'store.registered':
        if (this.#stores.has(event.storeId)) {
          return rejected('R16', `R16: store ${event.storeId} is already registered`);
        }
        this.#stores.set(event.storeId, newStoreRecord(event));
        this.#products += event.products.length;
        return accepted();
      case 'affiliate.registered':
        if (this.#affiliates.has(event.affiliateId)) {
          return rejected('R16', `R16: affiliate ${event.affiliateId} is already registered`);
        }
        this.#affiliates.set(event.affiliateId, event.at);
        return accepted();
      case 'store.joined':
      case 'store.withdrew':
      case 'store.defaultRateSet':
      case 'store.mainProductSet':
      case 'store.mainProductRemoved':
      case 'store.categoryRateSet':
        return this.#seller(event);
      case 'click':
        return this.#click(event);
      case 'order.created':
        return this.#createOrder(event);
      case 'order.completed':
      case 'order.cancelled':
        return this.#withOrder(event.orderId, event.at, (order) => this.#rules.endOrder(order, event));
      case 'order.refunded':
        return this.#withOrder(event.orderId, event.at, (order) => {
          const store = this.#stores.get(order.storeId) as StoreRecord;
          return unknownProduct(store, event.productId) ?? this.#rules.refundOrder(order, event);
        });
    }
  }

  #seller(event: SellerEvent): Outcome {
    const store = this.#storeAt(event.storeId, event.at);
    if (store === undefined) return unknownStore(event.storeId, event.at);
    if ('productId' in event) {
      const problem = unknownProduct(store, event.productId);
      if (problem) return problem;
    }
    if (event.type === 'store.categoryRateSet' && !store.categories.has(event.categoryId)) {
      return rejected(
        'R16',
        `R16: category ${event.categoryId} is not in the catalogue of store ${store.storeId}`,
      );
    }
    if (event.at < store.buyerSeenUntilMs || event.at < store.lastSellerAtMs) this.#lateSellerEvents += 1;
    else store.lastSellerAtMs = event.at;
    return this.#rules.applySellerEvent(store, event, this.policy);
  }

  #click(event: ClickEvent): Outcome {
    const store = this.#storeAt(event.storeId, event.at);
    if (store === undefined) return unknownStore(event.storeId, event.at);
    const affiliateAtMs = this.#affiliates.get(event.affiliateId);
    if (affiliateAtMs === undefined || affiliateAtMs > event.at) {
      return rejected('R16', `R16: unknown affiliate ${event.affiliateId} at ${formatInstant(event.at)}`);
    }
    if (event.productId !== undefined) {
      const problem = unknownProduct(store, event.productId);
      if (problem) return problem;
    }
    this.#seenByBuyer(store, event.at);
    const row = this.#pairs.row(event.storeId, event.buyerId);
    const before = row < 0 ? undefined : this.#pairs.chain(row);
    const { chain, outcome } = this.#rules.clickChain(store, before, event, this.policy);
    if (chain === undefined || chain === before) return outcome;
    if (row < 0) this.#pairs.add(event.storeId, event.buyerId, chain);
    else this.#pairs.set(row, chain);
    return outcome;
  }

  #createOrder(event: EventOf<'order.created'>): Outcome {
    if (this.#orders.has(event.orderId)) {
      return rejected('R16', `R16: order ${event.orderId} was already created`);
    }
    const store = this.#storeAt(event.storeId, event.at);
    if (store === undefined) return unknownStore(event.storeId, event.at);
    for (const line of event.lines) {
      const problem = unknownProduct(store, line.productId);
      if (problem) return problem;
    }
    this.#seenByBuyer(store, event.at);
    const chain = this.#pairs.chainOf(event.storeId, event.buyerId);
    const { attribution, lines } = this.#rules.lockOrder(store, chain, event, this.policy);
    this.#orders.set(event.orderId, {
      orderId: event.orderId,
      buyerId: event.buyerId,
      storeId: event.storeId,
      createdAtMs: event.at,
      attribution,
      lines,
      lifecycle: 'open',
    });
    return accepted({ type: 'order-created', orderId: event.orderId, attributed: attribution.attributed });
  }

  #withOrder(orderId: string, atMs: number, rule: (order: OrderRecord) => Outcome): Outcome {
    const order = this.#orders.get(orderId);
    // An order event before the creation instant names an order that does not exist yet (R16).
    if (order === undefined || order.createdAtMs > atMs) {
      return rejected('R16', `R16: unknown order ${orderId} at ${formatInstant(atMs)}`);
    }
    return rule(order);
  }

  /** The store if it is registered at `atMs` (an event before the registration names an unknown store, R16). */
  #storeAt(storeId: string, atMs: number): StoreRecord | undefined {
    const store = this.#stores.get(storeId);
    return store !== undefined && store.registeredAtMs <= atMs ? store : undefined;
  }

  #seenByBuyer(store: StoreRecord, atMs: number): void {
    if (atMs > store.buyerSeenUntilMs) store.buyerSeenUntilMs = atMs;
  }

  decision(orderId: string): Decision | undefined {
    const order = this.#orders.get(orderId);
    return order && this.#rules.orderDecision(order, this.policy);
  }

  *decisions(): IterableIterator<Decision> {
    for (const order of this.#orders.values()) yield this.#rules.orderDecision(order, this.policy);
  }

  whatIf(query: WhatIfQuery): WhatIfAnswer {
    const store = this.#storeAt(query.storeId, query.at);
    if (store === undefined) {
      return { ok: false, rule: 'R16', message: unknownStoreMessage(query.storeId, query.at) };
    }
    for (const line of query.lines) {
      if (!store.categoryOf.has(line.productId)) {
        return { ok: false, rule: 'R16', message: unknownProductMessage(store, line.productId) };
      }
    }
    const chain = this.#pairs.chainOf(query.storeId, query.buyerId);
    if (chain !== undefined && chain.latestAtMs > query.at) {
      // The engine keeps only the pair's latest click (memory per pair, not per click), so R8's
      // "latest click at or before T" is known only for T at or after it.
      return {
        ok: false,
        rule: 'R8',
        message: `R8: buyer ${query.buyerId} clicked into store ${query.storeId} at ${formatInstant(chain.latestAtMs)}, after ${formatInstant(query.at)}; a what-if is evaluated from the latest click on`,
      };
    }
    const { attribution, lines } = this.#rules.lockOrder(store, chain, query, this.policy);
    const draft: OrderRecord = {
      orderId: WHAT_IF_ORDER_ID,
      buyerId: query.buyerId,
      storeId: query.storeId,
      createdAtMs: query.at,
      attribution,
      lines,
      lifecycle: 'open',
    };
    return { ok: true, decision: this.#rules.orderDecision(draft, this.policy) };
  }

  hasAffiliate(affiliateId: string): boolean {
    return this.#affiliates.has(affiliateId);
  }

  storeCatalogue(storeId: string): ReadonlyMap<string, string> | undefined {
    return this.#stores.get(storeId)?.categoryOf;
  }

  stats(): EngineStats {
    return {
      stores: this.#stores.size,
      affiliates: this.#affiliates.size,
      products: this.#products,
      pairs: this.#pairs.size,
      orders: this.#orders.size,
      eventIds: this.#ids.size,
      lateSellerEvents: this.#lateSellerEvents,
    };
  }
}

function refusal(limit: CapacityRefusal['limit'], max: number, used: number, adds: number): CapacityRefusal {
  return { limit, max, used, adds };
}
