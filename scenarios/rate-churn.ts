import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * Sellers keep changing default rates and main products (some out of `rateBounds`, R4), and orders
 * land at the very instant of a change ±1 ms: the rate resolved at creation must be the one in
 * force then (R10) and stay locked whatever changes later (R11).
 */
export default defineScenario({
  name: 'rate-churn',
  description:
    'Default rates and main products change several times a week; orders land on the changes (R10, R11)',
  days: 60,
  world: { stores: 200, affiliates: 1_500, buyers: 25_000 },
  sellers: {
    neverJoinShare: 0.02,
    rateChangesPer30Days: 8,
    mainProducts: { initial: { min: 2, max: 10 }, changesPer30Days: 12 },
    invalidSettingProbability: 0.05,
  },
  edges: {
    bias: 0.05,
    mix: { windowEnd: 1, windowReclick: 0, join: 0, withdrawal: 0, afterWithdrawal: 0, setting: 6 },
  },
});
