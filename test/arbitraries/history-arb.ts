import fc from 'fast-check';
import { DAY_MS } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import { buildHistory } from './build-history.js';
import type { HistoryPlan, StartPick } from './history-plan.js';
import { policyArb } from './policy-arb.js';
import type { History } from './raw-event.js';
import { OPTIONAL_STEP_KINDS, type StepKind, stepArb } from './step-arb.js';
import { worldArb } from './world-arb.js';

export interface HistoryOptions {
  /** Policy keys fixed to these values; the others are drawn (swarm), unless `swarmPolicy` is false. */
  readonly policy?: Partial<Policy>;
  /** Draw the keys `policy` leaves open (default true); false: exactly `policy`. */
  readonly swarmPolicy?: boolean;
  /** Prefix of every id, so histories with different prefixes are disjoint. */
  readonly prefix?: string;
  /** At most this many steps (default 40); a step is one event, or none when it has nothing to act on. */
  readonly maxSteps?: number;
  /** Step kinds to draw from (default all). */
  readonly kinds?: readonly StepKind[];
  /** Let a swarm switch off some optional kinds for a whole history (default true). */
  readonly swarmKinds?: boolean;
}

export const DEFAULT_MAX_STEPS = 40;

export const startArb: fc.Arbitrary<StartPick> = fc.record({
  transition: fc.nat(7),
  daysBefore: fc.oneof(fc.nat(3), fc.integer({ min: 0, max: 45 })),
  offsetMs: fc.oneof(fc.constant(0), fc.nat(DAY_MS - 1)),
});

/** The raw plan of a history (policy, world, start, steps); `buildHistory` turns it into events. */
export function historyPlanArb(options: HistoryOptions = {}): fc.Arbitrary<HistoryPlan> {
  const kinds = options.kinds;
  const optional = OPTIONAL_STEP_KINDS.filter((k) => kinds === undefined || kinds.includes(k));
  return fc.record({
    policy: options.swarmPolicy === false ? fc.constant(options.policy ?? {}) : policyArb(options.policy),
    world: worldArb(options.prefix ?? ''),
    start: startArb,
    disabled: options.swarmKinds === false ? fc.constant([]) : fc.subarray([...optional], { maxLength: 4 }),
    steps: fc.array(stepArb(kinds), { maxLength: options.maxSteps ?? DEFAULT_MAX_STEPS, size: 'max' }),
    worldEvents: fc.constant('emit' as const),
  });
}

/**
 * Whole histories biased to the edges (see `steps.ts` `Timing` and `build-history.ts`): raw
 * EVENTS.md events in time order (repeats aside) and the policy line they are evaluated under.
 */
export function historyArb(options: HistoryOptions = {}): fc.Arbitrary<History> {
  return historyPlanArb(options).map(buildHistory);
}
