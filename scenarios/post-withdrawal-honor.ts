import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * `postWithdrawalOrders=honor-click-window` (RULES.md policy; seed 000 part 2 "the promotion link
 * clicked by the buyer will continue to be valid for the buyer within 15 days"): many stores
 * withdraw, and buyers who clicked while the store was a member order after it left, inside and
 * just past the click's window (R9).
 */
export default defineScenario({
  name: 'post-withdrawal-honor',
  description: 'Orders after a withdrawal still earn inside the window of a click made while a member',
  policy: { postWithdrawalOrders: 'honor-click-window' },
  days: 60,
  world: { stores: 200, affiliates: 1_500, buyers: 25_000 },
  sellers: { joinSpreadDays: 10, withdrawal: { probability: 0.6, delayDaysMean: 10 } },
  edges: {
    bias: 0.08,
    mix: { windowEnd: 1, windowReclick: 0, join: 0, withdrawal: 2, afterWithdrawal: 5, setting: 0 },
  },
});
