import { DAY_MS, formatInstant } from '../sim/domain/instant.js';
import { defineScenario, type Scenario } from '../sim/scenario/define-scenario.js';
import { EDGE_KINDS } from '../sim/scenario/edge-knobs.js';
import type { ScenarioSpec } from '../sim/scenario/scenario-schema.js';
import { Rng } from '../sim/world/rng.js';
import { SALT } from '../sim/world/stream-salts.js';

export interface SwarmSizes {
  readonly days?: number;
  readonly stores?: number;
  readonly affiliates?: number;
  readonly buyers?: number;
}

const TIME_ZONES = [
  'America/Los_Angeles',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Shanghai',
  'America/Sao_Paulo',
];

/** The run name of the swarm: `affsim run swarm --seed N` draws its knobs from N. */
export const SWARM = 'swarm';

/**
 * A scenario whose knobs are drawn from the seed (swarm testing, TigerBeetle's `options_swarm`):
 * every policy option, the seller and buyer behaviour, client retries, edge packing and a burst
 * all vary, so runs explore corners no hand-written scenario thought of. It goes through
 * `defineScenario` like any other scenario. A seed gives the same scenario on every machine; a
 * new affsim version may draw differently (result.json records the version).
 */
export function swarmScenario(seed: number, sizes: SwarmSizes = {}): Scenario {
  const rng = Rng.derive(seed, SALT.swarm);
  const days = sizes.days ?? 45;
  const p = (lo: number, hi: number) => Math.round((lo + rng.float() * (hi - lo)) * 1000) / 1000;
  const start = Date.UTC(2026, 0, 1) + rng.int(0, 364) * DAY_MS + rng.pick([0, 8, 23]) * 3_600_000;
  return defineScenario({
    name: `swarm-${seed}`,
    description: `Knobs drawn from seed ${seed} (swarm testing)`,
    policy: {
      // Each span drawn on its own, from values that mostly differ, so a platform that confuses
      // them (a cooldown computed from minMembershipDays) errs; 15, the default, stays common.
      windowDays: rng.pick([1, 7, 10, 15, 15, 30]),
      minMembershipDays: rng.pick([0, 1, 10, 15, 15, 20]),
      rejoinCooldownDays: rng.pick([0, 7, 15, 15, 20, 30]),
      dayBoundary: rng.pick(['exact', 'calendar'] as const),
      timeZone: rng.pick(TIME_ZONES),
      credit: rng.pick(['last-click', 'first-click'] as const),
      postWithdrawalOrders: rng.pick(['uncharged', 'honor-click-window'] as const),
      categoryRates: rng.pick(['retired', 'enabled'] as const),
      rounding: rng.pick(['half-up', 'half-even', 'floor'] as const),
      rateBounds: rng.pick([
        { minBps: 1, maxBps: 9000 },
        { minBps: 100, maxBps: 5000 },
        { minBps: 1, maxBps: 10_000 },
      ]),
    },
    start: formatInstant(start),
    days,
    world: {
      stores: sizes.stores ?? 60,
      affiliates: sizes.affiliates ?? 300,
      buyers: sizes.buyers ?? 5_000,
    },
    sellers: {
      neverJoinShare: p(0, 0.3),
      joinSpreadDays: rng.int(0, days),
      rateChangesPer30Days: p(0, 10),
      invalidSettingProbability: p(0, 0.1),
      categoryRates: { storeShare: p(0, 1) },
      withdrawal: { probability: p(0, 1), delayDaysMean: p(0, 20), prematureAttemptProbability: p(0, 1) },
      rejoin: { probability: p(0, 1), delayDaysMean: p(0, 10), insideCooldownAttemptProbability: p(0, 1) },
      settingsWhileOutProbability: p(0, 0.5),
    },
    buyers: {
      sessionsPerDay: p(0.02, 0.3),
      organicShare: p(0, 0.5),
      productLinkShare: p(0, 1),
      reclick: { sameAffiliate: p(0, 0.5), otherAffiliate: p(0, 0.45), withinSessionShare: p(0, 1) },
      conversion: p(0.01, 0.2),
      cancelRate: p(0, 0.2),
      partialRefundRate: p(0, 0.2),
      fullRefundRate: p(0, 0.2),
      mistakeRate: p(0, 0.05),
      retries: {
        share: rng.pick([0, 0.01, 0.05]),
        meanDelayMinutes: rng.pick([1, 30, 1_440]),
        conflictShare: rng.pick([0, 0.001, 0.01]),
      },
    },
    bursts: rng.chance(0.5)
      ? [{ name: 'burst', fromDay: rng.int(0, days - 1), days: rng.int(1, 4), trafficMultiplier: p(1, 6) }]
      : [],
    edges: {
      bias: rng.pick([0, 0.01, 0.1, 0.5]),
      // windowEnd always weighs something: a mix of all zeros would not validate.
      mix: Object.fromEntries(EDGE_KINDS.map((k) => [k, rng.int(k === 'windowEnd' ? 1 : 0, 3)])) as Record<
        (typeof EDGE_KINDS)[number],
        number
      >,
    },
    // Drawn last, so every draw above stays where it was before the adversarial shapes existed.
    adversarial: rng.chance(0.3) ? {} : adversarialKnobs(rng, p),
  });
}

/**
 * The adversarial shapes at drawn rates, each off for some seeds: rates low enough that a seed's
 * events grow by a fifth or so (the `adversarial` scenario packs them densely).
 */
function adversarialKnobs(rng: Rng, p: (lo: number, hi: number) => number): ScenarioSpec['adversarial'] {
  const share = (...options: number[]) => rng.pick([0, ...options]);
  return {
    rateBoundsShare: share(0.05, 0.3),
    sameDaySettingShare: share(0.1, 0.5),
    wrongSpanShare: share(0.2, 0.7),
    sameInstantClicks: { share: share(0.005, 0.02), affiliates: rng.int(2, 12) },
    clickFlood: { share: share(0.002, 0.01), clicks: rng.int(2, 100) },
    longChain: { share: share(0.0005, 0.002), clicks: rng.int(20, 300) },
    multiStoreBuyers: { share: share(0.0005, 0.002), stores: rng.int(10, 300) },
    edgeBursts: { share: p(0, 0.02), orders: rng.int(2, 20) },
  };
}
