import { builtInScenario } from '../../scenarios/index.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { Scenario } from '../../sim/scenario/define-scenario.js';
import { withChanges } from '../../sim/scenario/with-changes.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';

/**
 * The first `count` events of the baseline scenario's simulation (recording order), with enough
 * buyers to reach that count (the baseline makes about ten events a buyer over its 90 days): the
 * benchmarks measure the traffic the simulator really sends, under the default policy.
 */
export function* benchEvents(count: number, seed: number): Generator<AffEvent> {
  const baseline = builtInScenario('baseline') as Scenario;
  const scenario = withChanges(baseline, { world: { buyers: Math.max(1, Math.ceil(count / 9)) } });
  let n = 0;
  for (const event of createSimulation(scenario, seed).events()) {
    if (n >= count) return;
    n += 1;
    yield event;
  }
}
