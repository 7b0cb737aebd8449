import type { Scenario } from '../sim/scenario/define-scenario.js';
import adversarial from './adversarial.js';
import baseline from './baseline.js';
import blackFriday from './black-friday.js';
import boundaryStorm from './boundary-storm.js';
import calendarDays from './calendar-days.js';
import firstClick from './first-click.js';
import legacyCategoryRates from './legacy-category-rates.js';
import postWithdrawalHonor from './post-withdrawal-honor.js';
import rateChurn from './rate-churn.js';
import withdrawalWave from './withdrawal-wave.js';

/** The built-in scenarios by name (issue 5, "Scenarios"); `baseline` is the default run. */
export const BUILT_IN_SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze(
  Object.fromEntries(
    [
      baseline,
      boundaryStorm,
      withdrawalWave,
      rateChurn,
      blackFriday,
      legacyCategoryRates,
      firstClick,
      calendarDays,
      postWithdrawalHonor,
      adversarial,
    ].map((s) => [s.name, s]),
  ),
);

export const DEFAULT_SCENARIO = 'baseline';

export function builtInScenario(name: string): Scenario | undefined {
  return Object.hasOwn(BUILT_IN_SCENARIOS, name) ? BUILT_IN_SCENARIOS[name] : undefined;
}
