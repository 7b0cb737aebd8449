import { z } from 'zod';
import { RATE_BPS_MAX } from '../domain/policy.js';
import { amount, count, intRange, probability } from './knob-types.js';

const rateRange = intRange(0, RATE_BPS_MAX);
const per30Days = amount(300);
const meanDays = amount(3650);

/**
 * Seller behaviour (issue 5, "Behaviour"): joins with default rates, main products, rate changes,
 * withdrawals (with premature attempts, R2) and rejoins (with attempts inside the cooldown, R1).
 * Rates are drawn inside the policy's `rateBounds`, except `invalidSettingProbability` of them.
 */
export const sellerKnobs = z.strictObject({
  /** Registered stores that never join: clicks into them are counted but never qualify (R5). */
  neverJoinShare: probability.default(0.08),
  /**
   * Stores already in the programme when the run starts: they join within its first hours (the
   * history cannot reach back), the others over `joinSpreadDays`. An assumption: the programme
   * has been running for years, so most stores that ever join are in it.
   */
  initialMemberShare: probability.default(0.6),
  /** Later joins are spread uniformly over the first days of the run. */
  joinSpreadDays: count(0, 3650).default(30),
  /**
   * Store default rates. AliExpress's published affiliate commission rates mostly sit at 3–10 %
   * by category (up to 50 % for promoted items); 3–15 % is an approximate default.
   */
  defaultRateBps: rateRange.default({ min: 300, max: 1_500 }),
  mainProducts: z
    .strictObject({
      /** Main products set right after a join. */
      initial: intRange(0, 1_000).default({ min: 0, max: 5 }),
      /** Main products carry the store's highest rates (seed 001, part 6): 10–50 % (assumption). */
      rateBps: rateRange.default({ min: 1_000, max: 5_000 }),
      /** Sets and removals of main products while a member, per store per 30 days (assumption). */
      changesPer30Days: per30Days.default(1),
    })
    .prefault({}),
  /** Default-rate changes while a member, per store per 30 days (assumption). */
  rateChangesPer30Days: per30Days.default(0.5),
  categoryRates: z
    .strictObject({
      /** Stores that (still) set category rates; they matter only under `categoryRates=enabled`. */
      storeShare: probability.default(0.1),
      initial: intRange(0, 1_000).default({ min: 1, max: 3 }),
      rateBps: rateRange.default({ min: 500, max: 2_000 }),
      changesPer30Days: per30Days.default(0.3),
    })
    .prefault({}),
  /** Rates outside `rateBounds` (R1, R4) and removals of products that are not main (R4). */
  invalidSettingProbability: probability.default(0.01),
  withdrawal: z
    .strictObject({
      /** Per membership: the store withdraws at some point after the minimum membership (R2). */
      probability: probability.default(0.2),
      /** Mean days between the earliest allowed withdrawal and the actual one (exponential). */
      delayDaysMean: meanDays.default(20),
      /** A withdrawing store first tries before `minMembershipDays` (rejected, R2). */
      prematureAttemptProbability: probability.default(0.3),
    })
    .prefault({}),
  rejoin: z
    .strictObject({
      /** Per withdrawal: the store joins again after the cooldown (R1). */
      probability: probability.default(0.4),
      /** Mean days between the end of the cooldown and the rejoin (exponential). */
      delayDaysMean: meanDays.default(7),
      /** A rejoining store first tries inside the cooldown (rejected, R1). */
      insideCooldownAttemptProbability: probability.default(0.3),
    })
    .prefault({}),
  /** Per withdrawal: a setting change while out of the programme (rejected, R4). */
  settingsWhileOutProbability: probability.default(0.1),
});

export type SellerKnobs = z.output<typeof sellerKnobs>;
