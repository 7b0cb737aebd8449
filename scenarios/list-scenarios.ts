import { BUILT_IN_SCENARIOS } from './index.js';
import { SWARM } from './swarm.js';

export interface ScenarioListing {
  readonly name: string;
  readonly description: string;
}

/** The built-in scenarios for `affsim scenarios`: name and one-line description, in definition order. */
export function listScenarios(): ScenarioListing[] {
  return [
    ...Object.values(BUILT_IN_SCENARIOS).map(({ name, description }) => ({ name, description })),
    {
      name: SWARM,
      description:
        'Every policy option and knob drawn from the seed, and printed (swarm testing; --seeds A..B runs many)',
    },
  ];
}
