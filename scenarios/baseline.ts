import { defineScenario } from '../sim/scenario/define-scenario.js';

/** The default run: every knob at its realistic default (see sim/scenario/_*-knobs.ts for sources). */
export default defineScenario({
  name: 'baseline',
  description: 'Ninety days of an ordinary marketplace under the default policy (400 stores, 50,000 buyers)',
  days: 90,
});
