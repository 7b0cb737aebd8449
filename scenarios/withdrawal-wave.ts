import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * Nearly every store joins in the first week and most withdraw right after their 15 days: a wave
 * of withdrawals (many tried too early, R2) with orders still in flight (R15), then a wave of
 * rejoins (many tried inside the cooldown, R1) while buyers keep clicking (R5 non-qualifying).
 */
export default defineScenario({
  name: 'withdrawal-wave',
  description:
    'Most stores join in week one and withdraw right after 15 days; early attempts and rejoins follow',
  days: 75,
  world: { stores: 300, affiliates: 2_000, buyers: 30_000 },
  sellers: {
    neverJoinShare: 0.02,
    joinSpreadDays: 7,
    withdrawal: { probability: 0.8, delayDaysMean: 4, prematureAttemptProbability: 0.5 },
    rejoin: { probability: 0.5, delayDaysMean: 5, insideCooldownAttemptProbability: 0.5 },
    settingsWhileOutProbability: 0.3,
  },
  edges: {
    bias: 0.02,
    mix: { windowEnd: 1, windowReclick: 0, join: 1, withdrawal: 3, afterWithdrawal: 3, setting: 0 },
  },
});
