import type { AffEvent } from '../domain/events.js';
import { DAY_MS } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';
import type { Store } from '../world/world.js';
import { BoundRates } from './_bound-rates.js';
import { invalidRateBps, validRateBps } from './_rates.js';
import { type SameDayTarget, SameDayTargets } from './_same-day-targets.js';
import { StoreScript } from './_store-script.js';
import { planSettings, type SettingsPlanner } from './_store-settings.js';
import { type PlacedChange, WrongSpans } from './_wrong-span.js';
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
  /** Setting changes that same-day orders of the affected product precede (adversarial). */
  readonly sameDay: readonly SameDayTarget[];
}

/**
 * One store's seller behaviour (issue 5): join with a default rate, settings while a member, and
 * maybe a withdrawal (first a premature attempt, R2) and a rejoin (first an attempt inside the
 * cooldown, R1), cycle after cycle until the run ends. The plan knows the policy's spans, so the
 * memberships it records are the ones the rules will accept; with probability `edges.bias` the
 * withdrawal and rejoin sit exactly at the membership edge (attempt at edge − 1 ms, then + 0 or + 1).
 * The adversarial knobs add rates on the bounds, wrong-span edges and same-day targets, each from
 * its own stream, so with them off the plan is what it always was.
 */
export function planStore(store: Store, scenario: Scenario, seed: number): StorePlan {
  const rng = Rng.derive(seed, SALT.sellerPlan, store.index);
  const { sellers: s, policy } = scenario;
  const script = new StoreScript(store);
  const memberships: PlannedMembership[] = [];
  const boundRates = BoundRates.of(scenario, seed, store.index);
  const wrongSpans = WrongSpans.of(scenario, seed, store.index);
  const settings: SettingsPlanner = {
    store,
    scenario,
    rng,
    script,
    mainProducts: new Set(),
    setsCategoryRates: rng.chance(s.categoryRates.storeShare),
    edges: [],
    boundRates,
    sameDay: SameDayTargets.of(store, scenario, seed),
  };
  const plan = (): StorePlan => ({
    storeIndex: store.index,
    events: script.sorted(),
    memberships,
    settings: settings.edges,
    sameDay: settings.sameDay?.targets ?? [],
  });
  if (rng.chance(s.neverJoinShare)) return plan();

  const spreadMs = rng.chance(s.initialMemberShare) ? INITIAL_JOIN_SPREAD_MS : s.joinSpreadDays * DAY_MS;
  let joinAtMs = scenario.startMs + MINUTE_MS + Math.floor(rng.float() * spreadMs);
  for (let cycle = 0; cycle < MEMBERSHIP_CYCLES_MAX && joinAtMs < scenario.endMs; cycle += 1) {
    if (rng.chance(s.invalidSettingProbability)) invalidJoin(script, joinAtMs, scenario, rng);
    join(script, joinAtMs, validRateBps(s.defaultRateBps, policy, rng), boundRates);
    const planned = rng.chance(s.withdrawal.probability)
      ? planWithdrawal(joinAtMs, scenario, rng)
      : undefined;
    const withdrawal = planned && placed(planned, wrongSpans?.withdrawal(joinAtMs, planned.atMs));
    const memberUntilMs = Math.min(withdrawal?.atMs ?? scenario.endMs, scenario.endMs);
    planSettings(settings, joinAtMs, memberUntilMs, cycle === 0);
    for (const atMs of withdrawal?.attemptsMs ?? []) script.add('store.withdrew', atMs, {});
    if (withdrawal === undefined || withdrawal.atMs >= scenario.endMs) {
      memberships.push({ joinedAtMs: joinAtMs, withdrawnAtMs: undefined });
      break;
    }
    script.add('store.withdrew', withdrawal.atMs, {});
    memberships.push({ joinedAtMs: joinAtMs, withdrawnAtMs: withdrawal.atMs });
    const plannedRejoin = rng.chance(s.rejoin.probability)
      ? planRejoin(withdrawal.atMs, scenario, rng)
      : undefined;
    const rejoin =
      plannedRejoin && placed(plannedRejoin, wrongSpans?.rejoin(withdrawal.atMs, plannedRejoin.atMs));
    for (const [i, atMs] of (rejoin?.attemptsMs ?? []).entries()) {
      // The planned attempt inside the cooldown draws from the plan's stream, wrong-span ones from theirs.
      const rateRng = i === 0 && plannedRejoin?.attemptAtMs !== undefined ? rng : (wrongSpans?.rng ?? rng);
      script.add('store.joined', atMs, { defaultRateBps: validRateBps(s.defaultRateBps, policy, rateRng) });
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
  return plan();
}

/**
 * R1: a join at its drawn rate; with bound rates (adversarial) maybe one on a bound instead, and
 * maybe an attempt just outside the bounds 1 ms before it, which is refused.
 */
function join(script: StoreScript, atMs: number, drawnBps: number, boundRates: BoundRates | undefined): void {
  const bound = boundRates?.join(drawnBps);
  if (bound?.attemptBps !== undefined)
    script.add('store.joined', atMs - 1, { defaultRateBps: bound.attemptBps });
  script.add('store.joined', atMs, { defaultRateBps: bound?.rateBps ?? drawnBps });
}

/** The planned change moved or preceded by wrong-span attempts (adversarial), its own attempt first. */
function placed(planned: Planned, wrong: PlacedChange | undefined): PlacedChange {
  const own = planned.attemptAtMs === undefined ? [] : [planned.attemptAtMs];
  return { atMs: wrong?.atMs ?? planned.atMs, attemptsMs: [...own, ...(wrong?.attemptsMs ?? [])] };
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
