import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * The default run: every knob at its realistic default (see sim/scenario/*-knobs.ts for sources),
 * and 1 % of buyer events retried by their client (R17: same id, same payload, later).
 */
export default defineScenario({
  name: 'baseline',
  description: 'Ninety days of an ordinary marketplace under the default policy (400 stores, 50,000 buyers)',
  days: 90,
  buyers: { retries: { share: 0.01 } },
});
