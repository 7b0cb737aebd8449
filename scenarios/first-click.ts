import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * `credit=first-click` (R8): buyers often come back through another affiliate's link days later,
 * so chains of clicks from several affiliates are common, and re-clicks land at a window's end
 * −1 ms (the chain goes on) or 0/+1 ms (a new chain starts with a new first click).
 */
export default defineScenario({
  name: 'first-click',
  description: 'First-click credit with long chains of re-clicks through other affiliates',
  policy: { credit: 'first-click' },
  days: 60,
  world: { stores: 200, affiliates: 1_500, buyers: 25_000 },
  buyers: {
    reclick: { sameAffiliate: 0.15, otherAffiliate: 0.45, withinSessionShare: 0.3, laterDaysMean: 5 },
  },
  edges: {
    bias: 0.05,
    mix: { windowEnd: 2, windowReclick: 5, join: 0, withdrawal: 0, afterWithdrawal: 0, setting: 0 },
  },
});
