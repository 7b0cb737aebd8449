import type { Decision } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import type { ReportBookState } from '../../sim/domain/reports/index.js';
import type { Capacity } from './capacity.js';
import type { EngineState } from './engine-snapshot.js';
import type { OrderDraft } from './order-record.js';
import type { Answer } from './outcome.js';

/**
 * The platform's attribution engine: an incremental, indexed implementation of RULES.md R1–R17,
 * independent of the reference model (it shares only the domain types and policy).
 *
 * Ordering guarantee (see server/README section "Ordering"): decisions and answers equal the
 * time-ordered evaluation of the events in arrival order whenever
 *  1. per store, its seller events (registration, join, withdraw, settings) arrive in time order;
 *  2. per buyer, its clicks and orders, and per order id, the order's events, arrive in time order;
 *  3. a store's seller event never arrives after a buyer event for that store with a later instant,
 *     and a registration never after an event with a later instant that names it;
 *  4. only with pair expiry (EngineOptions): no click or order arrives more than `pairExpiryLagMs`
 *     behind the latest buyer event already received (counted in `stats().lateBuyerEvents`).
 * Across stores and buyers any order is fine: seller events may arrive early (a day's seller events
 * before that day's buyer events), because membership and settings are versioned by time (R4).
 * A seller event that breaks 3 is still answered exactly (its rules read only its own store) and is
 * counted in `stats().lateSellerEvents`; decisions already locked are not revisited (R11).
 *
 * Cost: every event is O(1) map work plus O(log n) binary searches over one store's versions.
 * Memory: stores with their settings versions, affiliates, one chain row per (buyer, store) pair (pair-table.ts)
 * that clicked (with pair expiry: per live pair, and a key per expired one), every order (the ledger the attribution endpoint answers from), and one compact
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
  /** The store an order was placed at: whose seller may act on it and read it (R18). */
  orderStoreId(orderId: string): string | undefined;
  /** Every order's decision, in the order the orders were accepted. */
  decisions(): IterableIterator<Decision>;
  /** The decision an order (buyer, store, lines, at) would get now; creates nothing. */
  whatIf(query: WhatIfQuery): WhatIfAnswer;
  /** Whether an affiliate and a store are registered: for promotion links (R16). */
  hasAffiliate(affiliateId: string): boolean;
  storeCatalogue(storeId: string): ReadonlyMap<string, string> | undefined;
  stats(): EngineStats;
  /**
   * The whole state as plain data, for a durable platform's snapshot (engine-snapshot.ts); only
   * on an engine whose state it covers entirely (the real one, not a mutant). Not copied: encode
   * it before the next `submit`.
   */
  snapshot?(): EngineSnapshot;
}

/** What `Engine.snapshot` gives: the engine's state, and its report book's when it keeps one. */
export interface EngineSnapshot {
  /** ENGINE_STATE_LAYOUT when taken: another one is not restored. */
  readonly layout: number;
  readonly engine: EngineState;
  readonly reports?: ReportBookState;
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
  /** Pairs whose window chain expired and was dropped (EngineOptions.pairExpiryLagMs); 0 without expiry. */
  readonly expiredPairs: number;
  /**
   * Clicks and orders that arrived more than `pairExpiryLagMs` behind the latest buyer event (the
   * expiry bound, guarantee 4): their pair's chain may have been dropped. 0 without expiry.
   */
  readonly lateBuyerEvents: number;
}

export interface EngineOptions {
  /**
   * Pair expiry (pair-table.ts): a (buyer, store) pair's window chain is dropped once the latest
   * buyer event seen is this long past the window's end. Exact under guarantee 4: no click or
   * order arrives more than this lag behind the latest buyer event already received (0 suits
   * events in time order; the simulator's day-by-day delivery with one worker needs a day). Never
   * dropped when undefined (the default): then any lag between buyers is fine.
   */
  readonly pairExpiryLagMs?: number | undefined;
}

/**
 * The lag `affsim serve` and the in-process platform of `affsim run` expire pairs with (server/README
 * "Pair expiry"): 7 days. A platform fed live buyer traffic gets it within seconds of time order;
 * the simulator's workers are paced to stay within 5 days of each other (sim/run/day-pacing.ts);
 * a chain is then kept for window + 7 days (+ up to a day, the wheel's grain) instead of forever.
 */
export const DEFAULT_PAIR_EXPIRY_LAG_MS = 7 * 86_400_000;

/** Orders of a what-if query get this id; it is never stored. */
export const WHAT_IF_ORDER_ID = '(what-if)';
