import type { DecisionField } from './define-target.js';
import type { ResultAccumulator } from './result-accumulator.js';

/** How a ShardChecker (shard-checker.ts) is set up: for a shard of a run, or for a replay. */
export interface CheckerOptions {
  /** Where the run's counts go; a replay (shrinking, `affsim check`) keeps none. */
  readonly accumulator?: ResultAccumulator;
  /**
   * Every shard sends the seller timeline (R17 repeats after the first); only shard 0 counts it,
   * so the result's event counts are the history's whatever the number of shards.
   */
  readonly countsSellerEvents?: boolean;
  /** The Decision fields compared (the target's `compare`); all by default. */
  readonly compare?: readonly DecisionField[];
  /** Examples kept per violation group (`--max-violations`). */
  readonly examplesPerGroup?: number;
  /**
   * A shard of a sharded run: it lists its seller-answer violations, so a merge counts each once
   * however many shards found it (seller-answer-violations.ts).
   */
  readonly sharded?: boolean;
  /**
   * The history's promise that no event changes an order's decision longer than this after its
   * completion (the simulator's REFUNDS_AFTER_COMPLETION_MS_MAX): `dueOrders` then finalizes
   * completed orders past it. Without it only orders no event can change are due (R14, R16).
   */
  readonly refundHorizonMs?: number;
}
