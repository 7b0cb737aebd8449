import { z } from 'zod';
import { CHANNELS } from '../domain/channels.js';
import { amount, count, intRange, probability } from './knob-types.js';

/**
 * Click channel weights (seed 001, part 4). Affiliate traffic is dominated by off-site publishers,
 * coupon/cashback ("shopping guide") and social sites first; in-site alliance zones bring about a
 * third. The split is an assumption (approximate), not a published AliExpress figure.
 */
export const DEFAULT_CHANNEL_MIX = Object.freeze({
  home: 8,
  'top-picks': 6,
  event: 6,
  search: 8,
  'best-selling': 5,
  multilingual: 2,
  media: 8,
  'shopping-guide': 13,
  vertical: 6,
  sns: 15,
  blog: 9,
  'mobile-banner': 5,
  email: 5,
  'pop-up': 2,
  floating: 2,
}) satisfies Record<(typeof CHANNELS)[number], number>;

const channelMix = z
  .partialRecord(z.enum(CHANNELS), amount(1_000_000))
  .refine((mix) => Object.values(mix).some((w) => (w ?? 0) > 0), {
    message: 'expected at least one channel with a positive weight',
  });

/**
 * Buyer behaviour (issue 5, "Behaviour"). Sources of the defaults (all approximate):
 * - conversion: e-commerce sessions convert at about 2–3 % (Fireclick index 2.4–3.3 %, quoted by
 *   amnavigator.com 2009; linkjolt.io benchmarks 2–3 %), and affiliate programmes at 2.5–3.5 %
 *   (same source); we take 3 % per affiliate session.
 * - click-to-order delay: "most sales are made within 24 hours – 7 days" of the click (Commission
 *   Factory, cookie-length help page); here 70 % the same day, the rest an exponential tail of days.
 * - cancellations: benchmark below 2 % of orders (hopstack.io glossary); 3 % here, since unpaid
 *   and seller-cancelled marketplace orders add to it.
 * - refunds: online return rates are quoted at 17–20 % of sales (NRF/Appriss 2024: 16.9 %;
 *   bestforecommerce.com 19.3 %), general merchandise 10–20 %; 10 % of orders here (6 % partial,
 *   4 % full), as cheap cross-border goods are refunded more often than returned.
 * - completion: marketplace orders complete when receipt is confirmed or auto-confirmed after the
 *   delivery window, about 10–40 days for cross-border parcels (assumption).
 */
export const buyerKnobs = z.strictObject({
  /**
   * Mean sessions per buyer per day, scaled by each buyer's heavy-tailed activity: about two or
   * three visits a month through promotion links or directly (assumption).
   */
  sessionsPerDay: amount(50).default(0.08),
  /** Sessions that are direct visits without an affiliate click (orders: no-click, or a window's). */
  organicShare: probability.default(0.1),
  organicConversion: probability.default(0.03),
  channelMix: channelMix.default(DEFAULT_CHANNEL_MIX),
  /**
   * Affiliates promote stores of the programme, so clicks go to stores that are members; this share
   * of sessions follows a stale link into any store, member or not (R5 non-qualifying clicks).
   */
  staleLinkShare: probability.default(0.03),
  /** Clicks through a product link (with productId) rather than a store link (R7). */
  productLinkShare: probability.default(0.7),
  /** A session also clicks into another store it does not buy from (R7, windows per store). */
  otherStoreClickProbability: probability.default(0.1),
  reclick: z
    .strictObject({
      /** After each click, another click by the same affiliate (R6 restarts the window). */
      sameAffiliate: probability.default(0.15),
      /** After each click, a click by another affiliate (last-click vs first-click credit, R8). */
      otherAffiliate: probability.default(0.1),
      /** Re-clicks within minutes; the others come days later (exponential). */
      withinSessionShare: probability.default(0.6),
      laterDaysMean: amount(3650).default(3),
    })
    .prefault({}),
  /** Probability that an affiliate session ends in an order. */
  conversion: probability.default(0.03),
  clickToOrder: z
    .strictObject({
      withinDayShare: probability.default(0.7),
      /** Median minutes from click to order for same-day orders (log-normal). */
      withinDayMedianMinutes: amount(1_440).default(25),
      /** Mean days of the tail (exponential, after the first day), capped at `tailDaysMax`. */
      tailDaysMean: amount(3650).default(4),
      tailDaysMax: amount(3650).default(30),
    })
    .prefault({}),
  basket: z
    .strictObject({
      /** After each line, one more line with this probability (geometric): mean 1.5 lines. */
      extraLineProbability: probability.default(0.35),
      linesMax: count(1, 1_000).default(8),
      quantityMax: count(1, 1_000).default(3),
    })
    .prefault({}),
  cancelRate: probability.default(0.03),
  partialRefundRate: probability.default(0.06),
  fullRefundRate: probability.default(0.04),
  completionDays: intRange(0, 3650).default({ min: 10, max: 40 }),
  /** Lifecycle mistakes a platform must refuse: a second completion, a refund over what is left (R14, R16). */
  mistakeRate: probability.default(0.003),
  /**
   * Client retries (R17): a buyer event delivered again, same id and same payload, as a client
   * does after a timeout or a lost answer. `share` of the events are retried once, after an
   * exponential delay (mean `meanDelayMinutes`, at most three days), so a retry often arrives after
   * the original's later events. `conflictShare` of the events have their id reused later for
   * another payload (a client bug): R17 refuses the reuse. Off by default; `baseline` retries 1 %
   * and reuses 0.1 % (mobile and web clients retry a small share of requests; an assumption, no
   * published figure).
   */
  retries: z
    .strictObject({
      share: probability.default(0),
      meanDelayMinutes: amount(4_320).default(30),
      conflictShare: probability.default(0),
    })
    .prefault({}),
});

export type BuyerKnobs = z.output<typeof buyerKnobs>;
