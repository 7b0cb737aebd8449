import type { IdLedgerState } from './id-ledger.js';
import type { OrderRecord } from './order-record.js';
import type { PairTableState } from './pair-table.js';
import type { StoreRecordState } from './store-record.js';

/**
 * The whole state of an AttributionEngine as plain data (Maps, arrays, typed arrays, plain
 * objects): what a durable platform snapshots so a restart replays only the journal rows after it
 * (server/durable/snapshot-codec.ts), instead of every event ever. It holds no class instance and
 * no function, so node:v8's serializer copies it exactly (shared objects stay shared, -∞ stays -∞).
 *
 * The engine's configuration is not in it: the policy, rules, capacity and pair expiry lag are
 * the restoring engine's own, and the data directory checks they are the ones its events were
 * taken under. Only the real engine's rules are covered: a mutant's rules may keep state in their
 * closures, so a mutant has no `snapshot` (its data dir always replays in full).
 */
export interface EngineState {
  readonly ids: IdLedgerState;
  readonly stores: readonly StoreRecordState[];
  /** affiliateId → registration instant. */
  readonly affiliates: Map<string, number>;
  readonly pairs: PairTableState;
  readonly orders: Map<string, OrderRecord>;
  readonly products: number;
  readonly lateSellerEvents: number;
  readonly lateBuyerEvents: number;
}

/**
 * The layout of EngineState and of the report book's state (sim/domain/reports), as one number: a
 * snapshot written under another layout is not restored (its data dir replays in full). Raise it
 * with any change to either shape.
 */
export const ENGINE_STATE_LAYOUT = 4;
