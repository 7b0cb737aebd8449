import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * Traffic aimed at one-rule bugs (issue 11): a policy whose spans all differ (window 7, minimum
 * membership 10, rejoin cooldown 20 calendar days in Berlin, across the March DST change), so a
 * platform that confuses them errs on the edges where withdrawals and rejoins land (R1, R2);
 * rates on `rateBounds` and just outside (50 and 7,500 bps, 49 and 7,501: R1, R4) in every kind
 * of setting; setting changes and main-product removals preceded on their day by orders of the
 * affected product, which arrive after them (R4, R10, R11); several affiliates clicking at one
 * instant (R8 ties), click floods before checkouts, chains of hundreds of re-clicks (R6, R8), a
 * buyer across hundreds of stores (R7), and bursts of orders on window ends and membership edges.
 */
export default defineScenario({
  name: 'adversarial',
  description:
    'Spans 7/10/20 calendar days, rates on and just outside the bounds, same-day setting changes, click ties, floods, long chains, many-store buyers, edge bursts',
  policy: {
    windowDays: 7,
    minMembershipDays: 10,
    rejoinCooldownDays: 20,
    dayBoundary: 'calendar',
    timeZone: 'Europe/Berlin',
    categoryRates: 'enabled',
    rateBounds: { minBps: 50, maxBps: 7_500 },
  },
  start: '2026-03-09T00:00:00.000Z',
  days: 45,
  world: { stores: 250, affiliates: 800, buyers: 6_000 },
  sellers: {
    neverJoinShare: 0.03,
    joinSpreadDays: 10,
    rateChangesPer30Days: 4,
    mainProducts: { initial: { min: 1, max: 6 }, changesPer30Days: 6 },
    categoryRates: { storeShare: 0.4, changesPer30Days: 2 },
    invalidSettingProbability: 0.02,
    withdrawal: { probability: 0.6, delayDaysMean: 3, prematureAttemptProbability: 0.5 },
    rejoin: { probability: 0.7, delayDaysMean: 2, insideCooldownAttemptProbability: 0.5 },
    settingsWhileOutProbability: 0.2,
  },
  buyers: { retries: { share: 0.01, conflictShare: 0.002 } },
  edges: { bias: 0.25 },
  adversarial: {
    rateBoundsShare: 0.2,
    sameDaySettingShare: 0.5,
    wrongSpanShare: 0.6,
    sameInstantClicks: { share: 0.03, affiliates: 8 },
    clickFlood: { share: 0.02, clicks: 60 },
    longChain: { share: 0.004, clicks: 300 },
    multiStoreBuyers: { share: 0.003, stores: 200 },
    edgeBursts: { share: 0.03, orders: 12 },
  },
});
