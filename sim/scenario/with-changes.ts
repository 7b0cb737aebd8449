import { defineScenario, type Scenario } from './define-scenario.js';
import type { ScenarioSpec } from './scenario-schema.js';

export interface ScenarioChanges {
  readonly days?: number;
  readonly world?: NonNullable<ScenarioSpec['world']>;
  readonly start?: ScenarioSpec['start'];
}

/**
 * The same scenario with other sizes or another period (tests run small worlds; a command line
 * may scale the baseline): the spec is changed and validated again, so every rule still holds.
 * Bursts that fall after a shortened period are dropped.
 */
export function withChanges(scenario: Scenario, changes: ScenarioChanges): Scenario {
  const spec = scenario.spec;
  const days = changes.days ?? scenario.days;
  return defineScenario({
    ...spec,
    ...(changes.days === undefined ? {} : { days }),
    ...(changes.start === undefined ? {} : { start: changes.start }),
    world: { ...spec.world, ...changes.world },
    bursts: spec.bursts?.filter((b) => b.fromDay < days),
  });
}
