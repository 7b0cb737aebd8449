import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCENARIOS } from '../../scenarios/index.js';
import { swarmScenario } from '../../scenarios/swarm.js';
import { canonicalPayload, eventSchemas } from '../../sim/domain/events.js';
import { formatEventLine } from '../../sim/history/write-history.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import type { Scenario } from '../../sim/scenario/define-scenario.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { small } from './_small.js';

/** Every generated event, in the wire form of EVENTS.md, passes the schema and parses back to itself. */
function schemaProblems(scenario: Scenario, seed: number): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const firstAt = new Map<string, number>();
  for (const event of createSimulation(scenario, seed).events()) {
    // An id may come again only as a client retry (the same event exactly) or a reuse (the same
    // event at a later instant, which R17 refuses); the first one keeps the id.
    const original = ids.get(event.id);
    if (
      original !== undefined &&
      original !== canonicalPayload(event) &&
      original !== canonicalPayload({ ...event, at: firstAt.get(event.id) as number })
    )
      problems.push(`${event.id}: id used twice for different events`);
    if (original === undefined) {
      ids.set(event.id, canonicalPayload(event));
      firstAt.set(event.id, event.at);
    }
    const parsed = eventSchemas[event.type].safeParse(JSON.parse(formatEventLine(event)));
    if (!parsed.success) problems.push(`${event.id}: ${parsed.error.message}`);
    else if (canonicalPayload(parsed.data) !== canonicalPayload(event))
      problems.push(`${event.id}: parses differently`);
    if (problems.length > 5) break;
  }
  return problems;
}

describe('every event passes the schema (EVENTS.md)', () => {
  it.each(Object.keys(BUILT_IN_SCENARIOS))('%s', (name) => {
    expect(schemaProblems(small(BUILT_IN_SCENARIOS[name] as Scenario, { buyers: 800 }), 1)).toEqual([]);
  });

  // Why: seed 6 once drew minMembershipDays=0 with calendar days, whose span ends before the join
  // itself, and the planner put a withdrawal before the run's start; many seeds keep such corners in view.
  it('swarm seeds 1..40 generate valid histories on small worlds', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const scenario = swarmScenario(seed, { buyers: 100, stores: 12, affiliates: 20, days: 30 });
      expect(schemaProblems(scenario, seed), `swarm seed ${seed}`).toEqual([]);
    }
  });

  // Why: randomized knobs (swarm) reach policies and rates no built-in scenario uses.
  it.each([1, 2, 3, 4, 5, 6])('swarm scenario %i, also through the reference model', (seed) => {
    const scenario = swarmScenario(seed, { buyers: 800, stores: 30, affiliates: 80, days: 40 });
    expect(schemaProblems(scenario, seed)).toEqual([]);
    const evaluation = evaluateHistory([...createSimulation(scenario, seed).events()], scenario.policy);
    expect(evaluation.decisions.length).toBeGreaterThan(0);
  });
});
