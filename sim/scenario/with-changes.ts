import { formatInstant } from '../domain/instant.js';
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
 * Bursts that fall after a shortened period are dropped. The description, whose figures are the
 * written scenario's, says what was changed: `… (overridden: 3,000 buyers, 30 days)`.
 */
export function withChanges(scenario: Scenario, changes: ScenarioChanges): Scenario {
  const spec = scenario.spec;
  const days = changes.days ?? scenario.days;
  const changed = defineScenario({
    ...spec,
    ...(changes.days === undefined ? {} : { days }),
    ...(changes.start === undefined ? {} : { start: changes.start }),
    world: { ...spec.world, ...changes.world },
    bursts: spec.bursts?.filter((b) => b.fromDay < days),
  });
  const overridden = overriddenFigures(scenario, changed);
  if (overridden.length === 0) return changed;
  // Set after validation: the spec keeps the written description (and its length limit).
  return Object.freeze({
    ...changed,
    description: `${spec.description} (overridden: ${overridden.join(', ')})`,
  });
}

const COUNT = new Intl.NumberFormat('en-US');

/** What differs from the written scenario, in the words of a description. */
function overriddenFigures(scenario: Scenario, changed: Scenario): string[] {
  const written = defineScenario(scenario.spec);
  const figures: string[] = [];
  for (const key of ['stores', 'affiliates', 'buyers'] as const) {
    const n = changed.world[key];
    if (n !== written.world[key]) figures.push(`${COUNT.format(n)} ${n === 1 ? key.slice(0, -1) : key}`);
  }
  if (changed.days !== written.days)
    figures.push(`${COUNT.format(changed.days)} day${changed.days === 1 ? '' : 's'}`);
  if (changed.startMs !== written.startMs)
    figures.push(`from ${formatInstant(changed.startMs).slice(0, 10)}`);
  return figures;
}
