import type { Policy } from '../../sim/domain/policy.js';
import type { Step, StepKind } from './step-arb.js';
import type { World } from './world-arb.js';

/** Where a history starts: near one of the zone's offset changes (or 1 March when it has none). */
export interface StartPick {
  /** Which change of the zone's year, modulo how many there are. */
  readonly transition: number;
  /** How many local days before that change's day the history starts. */
  readonly daysBefore: number;
  /** Milliseconds after that local midnight. */
  readonly offsetMs: number;
}

/** Everything a history is built from; `buildHistory(plan)` is deterministic. */
export interface HistoryPlan {
  readonly policy: Partial<Policy>;
  readonly world: World;
  readonly start: StartPick;
  /** Swarm testing: step kinds switched off for this whole history. */
  readonly disabled: readonly StepKind[];
  readonly steps: readonly Step[];
  /**
   * `emit`: the history registers the world (and the stores that join at the start) itself;
   * `assume`: another history does, so this one holds only its steps (unrelated traffic).
   */
  readonly worldEvents: 'emit' | 'assume';
}
