import { z } from 'zod';
import { count, probability } from './knob-types.js';

/** `share` of buyer sessions are followed by one more session of the shape. */
const shapeShare = probability.default(0);

/**
 * Adversarial traffic (issue 11): shapes no ordinary marketplace makes often, aimed at the one-rule
 * bugs of a platform. Every shape is off by default (each share 0), so a scenario that does not
 * name them generates exactly the traffic it did before. Each shape draws from its own streams of
 * randomness: switching one on changes nothing else of the run. Every count is bounded here.
 */
export const adversarialKnobs = z.strictObject({
  /**
   * Share of the rate settings (join default rate, `defaultRateSet`, `mainProductSet`,
   * `categoryRateSet`) whose rate is drawn on the policy's `rateBounds` (min, max: accepted) or
   * just outside them (min − 1, max + 1: refused R1, R4). A join keeps a rate on a bound; its
   * out-of-bounds attempt is an extra join 1 ms before it, which R1 refuses.
   */
  rateBoundsShare: probability.default(0),
  /**
   * Share of the setting changes (default rate, main product set or removed, category rate) that a
   * buyer's orders of exactly the affected product precede on the same day. The simulator sends a
   * day's seller events before its buyer events, so those orders arrive after the change they
   * precede: their rates must be the ones before it (R4 settings are versioned by time, R10, R11).
   */
  sameDaySettingShare: probability.default(0),
  /**
   * Share of the withdrawals and of the rejoins placed on the edge of another span of the policy
   * (the other membership span, or the window), where a platform that confuses the spans errs:
   * when that edge is before the true one, an attempt at it −1/0/+1 ms (refused R2, R1); when after,
   * the withdrawal or rejoin itself 1 ms before it (accepted).
   */
  wrongSpanShare: probability.default(0),
  /** Several affiliates click the same (buyer, store) at one instant (R8: the click recorded later is the later click). */
  sameInstantClicks: z.strictObject({ share: shapeShare, affiliates: count(2, 100).default(6) }).prefault({}),
  /** One affiliate floods clicks just before a checkout, the last at the order's instant or 1 ms before (R8). */
  clickFlood: z.strictObject({ share: shapeShare, clicks: count(2, 1_000).default(50) }).prefault({}),
  /** A chain of re-clicks into one store, each inside the previous click's window (R6, R8 first-click chains). */
  longChain: z.strictObject({ share: shapeShare, clicks: count(2, 1_000).default(200) }).prefault({}),
  /** A buyer clicks into many stores, then orders in some of them (R7: windows are per (buyer, store)). */
  multiStoreBuyers: z.strictObject({ share: shapeShare, stores: count(2, 1_000).default(200) }).prefault({}),
  /** A burst of orders at one edge −1, 0, +1 ms: a window end (R6), a join (R5) or a withdrawal (R9). */
  edgeBursts: z.strictObject({ share: shapeShare, orders: count(2, 300).default(12) }).prefault({}),
});

export type AdversarialKnobs = z.output<typeof adversarialKnobs>;
