import type { AffEvent } from '../../sim/domain/events.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import type { Outcome } from '../../sim/model/state.js';
import type { Scenario } from '../../sim/scenario/define-scenario.js';
import { withChanges } from '../../sim/scenario/with-changes.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';

/** Tests run the built-in scenarios on small worlds: the behaviour is the same, the run takes a fraction of a second. */
export const SMALL_WORLD = { stores: 60, affiliates: 300, buyers: 4_000 } as const;

export function small(scenario: Scenario, world: Record<string, number> = {}): Scenario {
  return withChanges(scenario, { world: { ...SMALL_WORLD, ...world } });
}

export interface Run {
  readonly scenario: Scenario;
  readonly events: AffEvent[];
  /** The reference model's outcome of every event, by event id (a retry's is its original's, R17). */
  readonly outcomes: Map<string, Outcome | 'repeat'>;
  readonly evaluation: ReturnType<typeof evaluateHistory>;
}

/** Generates a whole run (unsharded) and evaluates it with the reference model. */
export function run(scenario: Scenario, seed = 7): Run {
  const events = [...createSimulation(scenario, seed).events()];
  const outcomes = new Map<string, Outcome | 'repeat'>();
  const evaluation = evaluateHistory(events, scenario.policy, ({ event }, outcome) => {
    if (!outcomes.has(event.id)) outcomes.set(event.id, outcome);
  });
  return { scenario, events, outcomes, evaluation };
}

export function rejectedWith(r: Run, rule: string, type?: AffEvent['type']): AffEvent[] {
  return r.events.filter((e) => {
    const o = r.outcomes.get(e.id);
    return (
      o !== undefined &&
      o !== 'repeat' &&
      o.kind === 'rejected' &&
      o.rule === rule &&
      (!type || e.type === type)
    );
  });
}

export function accepted(r: Run, type: AffEvent['type']): AffEvent[] {
  return r.events.filter((e) => e.type === type && (r.outcomes.get(e.id) as Outcome).kind === 'accepted');
}
