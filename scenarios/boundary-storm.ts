import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * Half of all sessions sit on an edge: orders at window end −1/0/+1 ms (R6, R8), re-clicks at a
 * window's end (restart or new chain), clicks at joins, orders at withdrawals (R5, R9); half of the
 * withdrawals and rejoins land on the 15-day membership edges, after an attempt 1 ms early (R1, R2).
 */
export default defineScenario({
  name: 'boundary-storm',
  description:
    'Clicks, orders, withdrawals and rejoins packed at window ends and 15-day membership edges (±0/±1 ms)',
  days: 60,
  world: { stores: 120, affiliates: 600, buyers: 12_000 },
  sellers: {
    neverJoinShare: 0.02,
    joinSpreadDays: 20,
    withdrawal: { probability: 0.7, delayDaysMean: 3, prematureAttemptProbability: 0.6 },
    rejoin: { probability: 0.7, delayDaysMean: 2, insideCooldownAttemptProbability: 0.6 },
  },
  edges: {
    bias: 0.5,
    mix: { windowEnd: 3, windowReclick: 2, join: 1, withdrawal: 2, afterWithdrawal: 1, setting: 1 },
  },
});
