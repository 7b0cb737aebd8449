import type { Policy } from '../../sim/domain/policy.js';
import { orderDecision } from './order-decision.js';
import { endOrder, refundOrder } from './order-lifecycle.js';
import { lockOrder, type OrderDraft } from './order-record.js';
import { applySellerEvent } from './seller-rules.js';
import type { StoreRecord } from './store-record.js';
import { clickChain, type WindowChain } from './window-chain.js';

/** What an order is locked from: its instant and lines, and whose it is (a created order or a what-if). */
export interface OrderQuery extends OrderDraft {
  readonly buyerId: string;
}

/**
 * The rule functions the engine calls, one per rule family: the seams a variant of the engine (the
 * mutant zoo, server/mutants/) wraps to break one rule. The engine holds no variant code and no
 * flag: it calls `this.#rules.x(...)`, one property read per call, and with DEFAULT_ENGINE_RULES it
 * is the platform of RULES.md. The engine's own bookkeeping (R16 names, R17 ids, the per-pair index
 * of R7) stays inside it; a variant of those wraps these functions' inputs or decorates the Engine.
 */
export interface EngineRules {
  /** R5, R6, R8: a click applied to its (buyer, store) pair's window chain. */
  readonly clickChain: typeof clickChain;
  /** R8–R11: attribution and every line's rate, locked at the order's creation. */
  readonly lockOrder: (
    store: StoreRecord,
    chain: WindowChain | undefined,
    query: OrderQuery,
    policy: Policy,
  ) => ReturnType<typeof lockOrder>;
  /** R1, R2, R4: joins, withdrawals and settings of a known store. */
  readonly applySellerEvent: typeof applySellerEvent;
  /** R12, R16: completion and cancellation. */
  readonly endOrder: typeof endOrder;
  /** R14: refunds. */
  readonly refundOrder: typeof refundOrder;
  /** R9, R12–R14: the Decision of an order as it stands. */
  readonly orderDecision: typeof orderDecision;
}

export const DEFAULT_ENGINE_RULES: EngineRules = Object.freeze({
  clickChain,
  lockOrder,
  applySellerEvent,
  endOrder,
  refundOrder,
  orderDecision,
});
