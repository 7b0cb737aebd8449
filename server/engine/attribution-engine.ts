import type { Decision } from '../../sim/domain/decision.js';
import type { AffEvent, ClickEvent, EventOf } from '../../sim/domain/events.js';
import { formatInstant } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import type { Capacity } from './capacity.js';
import { type Held, pastCapacity } from './capacity-gate.js';
import type { EngineRules } from './engine-rules.js';
import { ENGINE_STATE_LAYOUT, type EngineState } from './engine-snapshot.js';
import type {
  Engine,
  EngineOptions,
  EngineSnapshot,
  EngineStats,
  WhatIfAnswer,
  WhatIfQuery,
} from './engine-types.js';
import { IdLedger } from './id-ledger.js';
import type { OrderRecord } from './order-record.js';
import { type Answer, accepted, type LateRefusal, type Outcome, rejected } from './outcome.js';
import { EXPIRED_CHAIN, PairTable } from './pair-table.js';
import type { SellerEvent } from './seller-rules.js';
import { newStoreRecord, type StoreRecord, storeRecordFromState, storeRecordState } from './store-record.js';
import { unknownProduct, unknownProductMessage, unknownStore, unknownStoreMessage } from './unknown-names.js';
import { whatIfOrder } from './what-if.js';

/** The engine of engine-types.ts (the contract, ordering guarantee and memory are described there). */
export class AttributionEngine implements Engine {
  readonly #ids: IdLedger;
  readonly #stores = new Map<string, StoreRecord>();
  /** affiliateId → registration instant. */
  readonly #affiliates: Map<string, number>;
  /** R7: windows are per (buyer, store) pair. */
  readonly #pairs: PairTable;
  readonly #orders: Map<string, OrderRecord>;
  #products: number;
  #lateSellerEvents: number;
  #lateBuyerEvents: number;

  readonly #rules: EngineRules;
  readonly #pairExpiryLagMs: number | undefined;
  /** What the capacity gate reads (capacity-gate.ts): the engine's own structures, not copies. */
  readonly #held: Held;

  /** `state`: a snapshot's state (engine-snapshot.ts), taken as it is; a fresh engine without. */
  constructor(
    readonly policy: Policy,
    rules: EngineRules,
    readonly capacity: Capacity,
    options: EngineOptions,
    state?: EngineState,
  ) {
    this.#rules = rules;
    this.#pairExpiryLagMs = options.pairExpiryLagMs;
    this.#pairs = new PairTable({ expiryLagMs: options.pairExpiryLagMs }, state?.pairs);
    this.#ids = new IdLedger(state?.ids);
    for (const store of state?.stores ?? []) this.#stores.set(store.storeId, storeRecordFromState(store));
    this.#affiliates = state?.affiliates ?? new Map();
    this.#orders = state?.orders ?? new Map();
    this.#products = state?.products ?? 0;
    this.#lateSellerEvents = state?.lateSellerEvents ?? 0;
    this.#lateBuyerEvents = state?.lateBuyerEvents ?? 0;
    this.#held = {
      ids: this.#ids,
      stores: this.#stores,
      affiliates: this.#affiliates,
      orders: this.#orders,
      pairs: this.#pairs,
      products: () => this.#products,
    };
  }

  /** The whole state as plain data (engine-types.ts `snapshot`). */
  snapshot(): EngineSnapshot {
    const engine: EngineState = {
      ids: this.#ids.state(),
      stores: [...this.#stores.values()].map(storeRecordState),
      affiliates: this.#affiliates,
      pairs: this.#pairs.state(),
      orders: this.#orders,
      products: this.#products,
      lateSellerEvents: this.#lateSellerEvents,
      lateBuyerEvents: this.#lateBuyerEvents,
    };
    return { layout: ENGINE_STATE_LAYOUT, engine };
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
    const full = pastCapacity(event, this.#held, this.capacity);
    if (full !== undefined) return { refused: full, repeat: false };
    const late = this.#tooLate(event);
    if (late !== undefined) return { late, repeat: false };
    const outcome = this.#apply(event);
    this.#ids.record(event, outcome);
    return { outcome, repeat: false };
  }

  /**
   * Guarantee 4 broken where it matters: a click or order before the expiry horizon whose pair's
   * chain was dropped. Its window may still have been open at its instant, and the engine no
   * longer knows (R6–R9), so it is refused, not guessed. One before the horizon whose pair is live
   * or never clicked is still exact (only per-buyer order matters then, guarantee 2): it is taken
   * and counted in `lateBuyerEvents`.
   */
  #tooLate(event: AffEvent): LateRefusal | undefined {
    if (event.type !== 'click' && event.type !== 'order.created') return undefined;
    const horizonMs = this.#pairs.horizonMs;
    if (event.at >= horizonMs || !this.#pairs.isExpired(event.storeId, event.buyerId)) return undefined;
    this.#lateBuyerEvents += 1;
    return { horizonMs, lagMs: this.#pairExpiryLagMs as number };
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
    const before =
      row >= 0
        ? this.#pairs.chain(row)
        : this.#pairs.isExpired(event.storeId, event.buyerId)
          ? EXPIRED_CHAIN
          : undefined;
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

  /** A click or order of a known store: moves the buyer-side clock (guarantee 3, pair expiry). */
  #seenByBuyer(store: StoreRecord, atMs: number): void {
    if (atMs > store.buyerSeenUntilMs) store.buyerSeenUntilMs = atMs;
    // Guarantee 4: an event before the horizon may have found its chain dropped.
    if (atMs < this.#pairs.horizonMs) this.#lateBuyerEvents += 1;
    else this.#pairs.advance(atMs);
  }

  decision(orderId: string): Decision | undefined {
    const order = this.#orders.get(orderId);
    return order && this.#rules.orderDecision(order, this.policy);
  }

  orderStoreId(orderId: string): string | undefined {
    return this.#orders.get(orderId)?.storeId;
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
    return whatIfOrder(store, chain, this.#pairs.horizonMs, query, this.#rules, this.policy);
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
      expiredPairs: this.#pairs.expiredSize,
      lateBuyerEvents: this.#lateBuyerEvents,
    };
  }
}
