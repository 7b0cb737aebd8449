import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * The default run: every knob at its realistic default (see sim/scenario/*-knobs.ts for sources),
 * 1 % of buyer events retried by their client (R17: same id, same payload, later) and 0.1 % of
 * their ids reused for another event (R17 refuses the reuse).
 */
export default defineScenario({
  name: 'baseline',
  description: 'Ninety days of an ordinary marketplace under the default policy (400 stores, 50,000 buyers)',
  days: 90,
  buyers: { retries: { share: 0.01, conflictShare: 0.001 } },
});
