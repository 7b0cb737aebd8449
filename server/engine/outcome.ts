import type { RuleId } from '../../sim/domain/decision.js';
import type { CapacityRefusal } from './capacity.js';

/** What the engine made of one event: the answer the platform gives (R3: a rejection names its rule). */
export type Outcome =
  | { readonly kind: 'accepted'; readonly effect: Effect }
  | { readonly kind: 'rejected'; readonly rule: RuleId; readonly message: string };

export type Effect =
  | { readonly type: 'recorded' }
  /** R5: counted in the traffic report, never opens or extends a window. */
  | { readonly type: 'click'; readonly qualifying: false; readonly rule: 'R5'; readonly message: string }
  | {
      readonly type: 'click';
      readonly qualifying: true;
      /** R6: `started` a window, or `restarted` an open one from this click. */
      readonly window: 'started' | 'restarted';
      readonly windowEndsAtMs: number;
    }
  | { readonly type: 'order-created'; readonly orderId: string; readonly attributed: boolean };

/**
 * An answer to a submitted event: what the rules made of it (`repeat` when it is a repeat of an id
 * already answered, R17), or a capacity refusal (capacity.ts): nothing applied, the id not kept.
 */
export type Answer = RuledAnswer | CapacityAnswer | LateAnswer;

export interface RuledAnswer {
  readonly outcome: Outcome;
  readonly repeat: boolean;
  readonly refused?: undefined;
  readonly late?: undefined;
}

export interface CapacityAnswer {
  readonly refused: CapacityRefusal;
  readonly repeat: false;
  readonly outcome?: undefined;
  readonly late?: undefined;
}

/**
 * A click or order later than the pair expiry lag allows (engine-types.ts, guarantee 4) whose
 * (buyer, store) chain has been dropped: the engine no longer holds what R6–R9 need to decide it
 * exactly, so it refuses it rather than guess. Nothing is applied and the id is not kept (R17),
 * as for a capacity refusal: a platform started with a longer lag (or none) can take it.
 */
export interface LateRefusal {
  /** Buyer events before this instant may find their pair's chain dropped. */
  readonly horizonMs: number;
  readonly lagMs: number;
}

export interface LateAnswer {
  readonly late: LateRefusal;
  readonly repeat: false;
  readonly outcome?: undefined;
  readonly refused?: undefined;
}

const RECORDED: Outcome = Object.freeze({ kind: 'accepted', effect: Object.freeze({ type: 'recorded' }) });

export const accepted = (effect?: Effect): Outcome =>
  effect === undefined ? RECORDED : { kind: 'accepted', effect };
export const rejected = (rule: RuleId, message: string): Outcome => ({ kind: 'rejected', rule, message });
