import type { AffEvent } from '../domain/events.js';
import { DAY_MS } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';
import type { Store } from '../world/world.js';
import { invalidRateBps, validRateBps } from './_rates.js';
import { StoreScript } from './_store-script.js';
import { planSettings, type SettingsPlanner } from './_store-settings.js';
import { spanEndMs } from './span-end.js';

const MINUTE_MS = 60_000;
/** Stores already in the programme join within the first hours of the run. */
const INITIAL_JOIN_SPREAD_MS = 6 * 3_600_000;
/** Join–withdraw–rejoin cycles of one store in one run (a limit on everything). */
export const MEMBERSHIP_CYCLES_MAX = 100;

/** A membership the plan intends: accepted by the rules if the plan is right (R1, R2). */
export interface PlannedMembership {
  readonly joinedAtMs: number;
  /** Undefined while still a member at the end of the run. */
  readonly withdrawnAtMs: number | undefined;
}

export interface StorePlan {
  readonly storeIndex: number;
  /** The store's events after its registration, in time order. */
  readonly events: readonly AffEvent[];
  readonly memberships: readonly PlannedMembership[];
  /** Instants of rate and main-product changes (productIndex −1 for a default rate): R10 edges. */
  readonly settings: readonly { readonly atMs: number; readonly productIndex: number }[];
}

/**
 * One store's seller behaviour (issue 5): join with a default rate, settings while a member, and
 * maybe a withdrawal (first a premature attempt, R2) and a rejoin (first an attempt inside the
 * cooldown, R1), cycle after cycle until the run ends. The plan knows the policy's spans, so the
 * memberships it records are the ones the rules will accept; with probability `edges.bias` the
 * withdrawal and rejoin sit exactly at the membership edge (attempt at edge − 1 ms, then + 0 or + 1).
 */
export function planStore(store: Store, scenario: Scenario, seed: number): StorePlan {
  const rng = Rng.derive(seed, SALT.sellerPlan, store.index);
  const { sellers: s, policy } = scenario;
  const script = new StoreScript(store);
  const memberships: PlannedMembership[] = [];
  const settings: SettingsPlanner = {
    store,
    scenario,
    rng,
    script,
    mainProducts: new Set(),
    setsCategoryRates: rng.chance(s.categoryRates.storeShare),
    edges: [],
  };
  if (rng.chance(s.neverJoinShare)) return { storeIndex: store.index, events: [], memberships, settings: [] };

  const spreadMs = rng.chance(s.initialMemberShare) ? INITIAL_JOIN_SPREAD_MS : s.joinSpreadDays * DAY_MS;
  let joinAtMs = scenario.startMs + MINUTE_MS + Math.floor(rng.float() * spreadMs);
  for (let cycle = 0; cycle < MEMBERSHIP_CYCLES_MAX && joinAtMs < scenario.endMs; cycle += 1) {
    if (rng.chance(s.invalidSettingProbability)) invalidJoin(script, joinAtMs, scenario, rng);
    script.add('store.joined', joinAtMs, { defaultRateBps: validRateBps(s.defaultRateBps, policy, rng) });
    const withdrawal = rng.chance(s.withdrawal.probability)
      ? planWithdrawal(joinAtMs, scenario, rng)
      : undefined;
    const memberUntilMs = Math.min(withdrawal?.atMs ?? scenario.endMs, scenario.endMs);
    planSettings(settings, joinAtMs, memberUntilMs, cycle === 0);
    if (withdrawal?.attemptAtMs !== undefined) script.add('store.withdrew', withdrawal.attemptAtMs, {});
    if (withdrawal === undefined || withdrawal.atMs >= scenario.endMs) {
      memberships.push({ joinedAtMs: joinAtMs, withdrawnAtMs: undefined });
      break;
    }
    script.add('store.withdrew', withdrawal.atMs, {});
    memberships.push({ joinedAtMs: joinAtMs, withdrawnAtMs: withdrawal.atMs });
    const rejoin = rng.chance(s.rejoin.probability) ? planRejoin(withdrawal.atMs, scenario, rng) : undefined;
    if (rejoin?.attemptAtMs !== undefined) {
      script.add('store.joined', rejoin.attemptAtMs, {
        defaultRateBps: validRateBps(s.defaultRateBps, policy, rng),
      });
    }
    if (rng.chance(s.settingsWhileOutProbability)) {
      // R4: a setting change while out of the programme is refused; placed before any rejoin.
      const nextJoinMs = rejoin?.atMs ?? scenario.endMs;
      const gapMs = Math.max(2, Math.min(2 * DAY_MS, Math.floor((nextJoinMs - withdrawal.atMs) / 2)));
      script.add('store.defaultRateSet', withdrawal.atMs + 1 + Math.floor(rng.float() * (gapMs - 1)), {
        rateBps: validRateBps(s.defaultRateBps, policy, rng),
      });
    }
    if (rejoin === undefined) break;
    joinAtMs = rejoin.atMs;
  }
  return { storeIndex: store.index, events: script.sorted(), memberships, settings: settings.edges };
}

interface Planned {
  readonly atMs: number;
  /** A refused attempt before `atMs` (R2 premature withdrawal, R1 rejoin inside the cooldown). */
  readonly attemptAtMs: number | undefined;
}

/**
 * R2: the earliest allowed withdrawal is `joinedAt + minMembershipDays` (policy spans), and never
 * before the join itself: a span of 0 calendar days ends at the start of the join's local day.
 */
function planWithdrawal(joinAtMs: number, scenario: Scenario, rng: Rng): Planned {
  const edgeMs = Math.max(joinAtMs, spanEndMs(joinAtMs, scenario.policy.minMembershipDays, scenario.policy));
  const knobs = scenario.sellers.withdrawal;
  if (rng.chance(scenario.edges.bias)) {
    return { atMs: edgeMs + rng.int(0, 1), attemptAtMs: edgeMs - 1 > joinAtMs ? edgeMs - 1 : undefined };
  }
  const attempt = rng.chance(knobs.prematureAttemptProbability) ? between(joinAtMs, edgeMs, rng) : undefined;
  return { atMs: edgeMs + Math.floor(rng.exponential(knobs.delayDaysMean) * DAY_MS), attemptAtMs: attempt };
}

/** R1: a rejoin is allowed from `withdrawnAt + rejoinCooldownDays` (policy spans), never before the withdrawal. */
function planRejoin(withdrawnAtMs: number, scenario: Scenario, rng: Rng): Planned {
  const edgeMs = Math.max(
    withdrawnAtMs,
    spanEndMs(withdrawnAtMs, scenario.policy.rejoinCooldownDays, scenario.policy),
  );
  const knobs = scenario.sellers.rejoin;
  if (rng.chance(scenario.edges.bias)) {
    return {
      atMs: edgeMs + rng.int(0, 1),
      attemptAtMs: edgeMs - 1 > withdrawnAtMs ? edgeMs - 1 : undefined,
    };
  }
  const attempt = rng.chance(knobs.insideCooldownAttemptProbability)
    ? between(withdrawnAtMs, edgeMs, rng)
    : undefined;
  return { atMs: edgeMs + Math.floor(rng.exponential(knobs.delayDaysMean) * DAY_MS), attemptAtMs: attempt };
}

/** An instant strictly between two, at least a minute from each, or undefined when they are too close. */
function between(fromMs: number, toMs: number, rng: Rng): number | undefined {
  const roomMs = toMs - fromMs - 2 * MINUTE_MS;
  if (roomMs <= 0) return undefined;
  return fromMs + MINUTE_MS + Math.floor(rng.float() * roomMs);
}

/** A join the rules refuse (R1): a rate outside `rateBounds` just before the real join, or a second join while a member. */
function invalidJoin(script: StoreScript, joinAtMs: number, scenario: Scenario, rng: Rng): void {
  const before = rng.chance(0.5) && joinAtMs - MINUTE_MS > scenario.startMs;
  script.add('store.joined', before ? joinAtMs - MINUTE_MS : joinAtMs + MINUTE_MS, {
    defaultRateBps: before
      ? invalidRateBps(scenario.policy, rng)
      : validRateBps(scenario.sellers.defaultRateBps, scenario.policy, rng),
  });
}
