/**
 * Generated histories for property and model-based tests (RULES.md, EVENTS.md).
 *
 * - `historyArb(options)`: `{ policy, events }`, raw EVENTS.md events biased to the edges (window
 *   ends, minimum membership and cooldown ends ±0/±1 ms, ties, local midnights around DST changes),
 *   with a swarm-drawn policy; `toJsonl(history)` writes it as a history file.
 * - `historyPlanArb` + `buildHistory`: the same in two stages, to reuse one plan with another
 *   policy, start or world, or to append steps (`stepArb`).
 * - Rewritings the rule book says change no decision: `reorder`/`reorderArb` and
 *   `sellerEventsFirstPerDay` (recording order), `interleave` (two disjoint histories),
 *   `duplicateEvents` (R17 retries), `shiftHistory` (every instant, for exact mode).
 * - `expectedSpanEndMs`: the arbitraries' own reading of `dayBoundary`, usable as an oracle.
 */
export { buildHistory } from './build-history.js';
export {
  CALENDAR_ZONES,
  expectedSpanEndMs,
  localDayStartMs,
  zoneTransitionsMs,
} from './calendar.js';
export { type DuplicatePick, duplicateEvents, duplicatePicksArb } from './duplicate-events.js';
export {
  DEFAULT_MAX_STEPS,
  type HistoryOptions,
  historyArb,
  historyPlanArb,
  startArb,
} from './history-arb.js';
export type { HistoryPlan, StartPick } from './history-plan.js';
export { interleave, interleaveChoicesArb } from './interleave.js';
export { policyArb } from './policy-arb.js';
export type { History, RawEvent } from './raw-event.js';
export {
  type ReorderMode,
  reorder,
  reorderArb,
  reorderChoicesArb,
  sellerEventsFirstPerDay,
  streamsOf,
} from './reorder.js';
export { respell, withOffset } from './respell.js';
export { shiftHistory } from './shift-history.js';
export {
  BUYER_STEP_KINDS,
  OPTIONAL_STEP_KINDS,
  type RatePick,
  type RefundPick,
  SELLER_STEP_KINDS,
  type Step,
  type StepKind,
  stepArb,
  type Timing,
  timingArb,
} from './step-arb.js';
export { toJsonl } from './to-jsonl.js';
export { type World, type WorldAffiliate, type WorldStore, withOtherBuyers, worldArb } from './world-arb.js';
