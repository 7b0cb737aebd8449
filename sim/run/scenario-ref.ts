import { BUILT_IN_SCENARIOS, builtInScenario } from '../../scenarios/index.js';
import { SWARM, swarmScenario } from '../../scenarios/swarm.js';
import { defineScenario, type Scenario, ScenarioError } from '../scenario/define-scenario.js';
import { type ScenarioChanges, withChanges } from '../scenario/with-changes.js';
import { loadUserModule, UserModuleError } from './load-user-module.js';

/** Which scenario a run uses, in a form that crosses to worker threads (they load it again). */
export type ScenarioRef =
  | { readonly builtIn: string }
  | { readonly file: string }
  /** The swarm: knobs drawn from this seed (the run's `--seed`). */
  | { readonly swarm: number };

/**
 * `baseline` names a built-in scenario, `swarm` the swarm drawn from the run's seed; anything with
 * a slash or a `.ts`/`.js` ending is a file.
 */
export function scenarioRef(arg: string, seed = 1): ScenarioRef {
  if (arg === SWARM) return { swarm: seed };
  return /[/\\]|\.[cm]?[jt]s$/.test(arg) ? { file: arg } : { builtIn: arg };
}

export class ScenarioLoadError extends Error {}

/** Loads and validates a scenario, then applies the command line's size changes (validated again). */
export async function loadScenario(ref: ScenarioRef, changes: ScenarioChanges = {}): Promise<Scenario> {
  let scenario: Scenario;
  if ('swarm' in ref) scenario = swarmScenario(ref.swarm);
  else if ('builtIn' in ref) {
    const found = builtInScenario(ref.builtIn);
    if (!found) {
      throw new ScenarioLoadError(
        `unknown scenario "${ref.builtIn}" (built in: ${Object.keys(BUILT_IN_SCENARIOS).join(', ')}; ${SWARM}, drawn from the seed; or a path to a .ts file)`,
      );
    }
    scenario = found;
  } else {
    try {
      const exported = await loadUserModule(ref.file, 'scenario');
      // A file may export the result of defineScenario or a bare spec: both go through validation.
      const spec = isScenario(exported) ? exported.spec : exported;
      scenario = defineScenario(spec as Parameters<typeof defineScenario>[0]);
    } catch (e) {
      if (e instanceof UserModuleError || e instanceof ScenarioError) throw new ScenarioLoadError(e.message);
      throw e;
    }
  }
  const hasChanges = changes.days !== undefined || changes.world !== undefined || changes.start !== undefined;
  try {
    return hasChanges ? withChanges(scenario, changes) : scenario;
  } catch (e) {
    if (e instanceof ScenarioError) throw new ScenarioLoadError(e.message);
    throw e;
  }
}

function isScenario(value: unknown): value is Scenario {
  return (
    typeof value === 'object' && value !== null && 'spec' in value && 'policy' in value && 'startMs' in value
  );
}
