/**
 * my-scenario.scenario.ts: a marketplace of your own for affsim to simulate, every decision checked.
 *
 *   npx affsim run ./my-scenario.scenario.ts                  # against affsim's own platform
 *   npx affsim run ./my-scenario.scenario.ts --seed 7         # another seed, another run
 *   npx affsim run ./my-scenario.scenario.ts --target URL --target-adapter ./my-service.target.ts
 *
 * Every knob but `name` and `description` has a default: delete a line to get its default back,
 * or add any other knob from node_modules/affsim/docs/scenario-knobs.md (each with its unit, its
 * default and what it does). Nested objects merge with their defaults. A bad value is named
 * (`buyers.conversion: expected a probability in 0..1`) and the run exits 2.
 */
import { defineScenario } from 'affsim';

export default defineScenario({
  // Kebab-case, at most 60 characters: results, reports and replays show it.
  name: 'my-scenario',
  // One line, at most 160 characters.
  description: 'Four weeks of a small marketplace with a sales weekend',
  // The first instant of day 0: ISO-8601 with a zone designator, or epoch ms (default 2026-01-05).
  start: '2026-03-02T00:00:00.000Z',
  // The simulated period in days (default 90; `--days N` overrides it).
  days: 28,

  // The rule book's policy (node_modules/affsim/docs/policy.md). A platform reached with --target
  // must run the same one: `affsim serve --policy credit=first-click`, or your service's settings.
  policy: {
    windowDays: 15, // the attribution window (R6; default 15)
    credit: 'last-click', // or 'first-click' (R8)
    // postWithdrawalOrders: 'honor-click-window', // default 'uncharged' (R9)
    // categoryRates: 'enabled', // default 'retired' (R10)
    // dayBoundary: 'calendar', // default 'exact' (N × 24 h); calendar days in `timeZone`
    // rateBounds: '100..5000', // allowed rates in basis points (default 1..9000)
  },

  // The population (`--buyers N` overrides `buyers`).
  world: {
    stores: 40, // default 400
    affiliates: 300, // default 3000
    buyers: 3000, // default 50 000
    price: { medianCents: 2500 }, // the median product price (default 1500)
  },

  // Stores: joining, rates, withdrawals.
  sellers: {
    neverJoinShare: 0.1, // stores that never join: their clicks never qualify (R5; default 0.08)
    rateChangesPer30Days: 1, // default-rate changes per store (R10, R11; default 0.5)
    withdrawal: { probability: 0.3 }, // memberships that end in a withdrawal (R2; default 0.2)
    rejoin: { probability: 0.5 }, // withdrawals followed by a rejoin after the cooldown (R1; default 0.4)
  },

  // Buyers: sessions, clicks, orders and what happens to them.
  buyers: {
    sessionsPerDay: 0.1, // mean sessions per buyer per day (default 0.08)
    conversion: 0.04, // affiliate sessions that end in an order (default 0.03)
    reclick: { otherAffiliate: 0.15 }, // another affiliate's click after a click (R8; default 0.1)
    completionDays: { min: 3, max: 14 }, // days from an order to its completion (R12; default 10..40)
    cancelRate: 0.03, // default 0.03
    fullRefundRate: 0.04, // refunded in full: a reversal after completion (R14; default 0.04)
    partialRefundRate: 0.06, // one line refunded in part (R13, R14; default 0.06)
  },

  // Sales events: more sessions and conversions on their days. `fromDay` must lie inside `days`
  // (keep it below a `--days N` you run with).
  bursts: [{ name: 'sales weekend', fromDay: 5, days: 2, trafficMultiplier: 3, conversionMultiplier: 1.5 }],

  // Traffic packed at the rules' boundaries (window ends, joins, withdrawals, rate changes), ±1 ms.
  edges: {
    bias: 0.05, // the share of sessions that are edge sessions (default 0.002)
    mix: { windowEnd: 2 }, // which boundaries, by weight; the others keep weight 1
  },
});
