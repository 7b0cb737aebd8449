import { DAY_MS } from '../domain/instant.js';
import type { BuyerKnobs } from '../scenario/buyer-knobs.js';
import type { Rng } from '../world/rng.js';
import { WeightedPicker } from '../world/weighted-picker.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

/**
 * Sessions per local hour: quiet at night, rising through the day, peaking in the evening, the
 * usual shape of e-commerce traffic curves (approximate, assumption).
 */
const LOCAL_HOUR_WEIGHTS = [
  1.0, 0.6, 0.4, 0.3, 0.3, 0.4, 0.7, 1.1, 1.5, 1.8, 2.0, 2.1, 2.2, 2.1, 2.0, 2.0, 2.1, 2.2, 2.5, 2.9, 3.2,
  3.2, 2.6, 1.7,
];
const hourPicker = new WeightedPicker(LOCAL_HOUR_WEIGHTS);

/** A session start inside the UTC day, following the buyer's local daily rhythm. */
export function sessionStartMs(rng: Rng, dayStartMs: number, utcOffsetHours: number): number {
  const localHour = hourPicker.index(rng.float());
  const utcHour = (((localHour - utcOffsetHours) % 24) + 24) % 24;
  return dayStartMs + utcHour * HOUR_MS + Math.floor(rng.float() * HOUR_MS);
}

/** Minutes later in the same session, or days later (a return visit through a link again). */
export function reclickDelayMs(rng: Rng, reclick: BuyerKnobs['reclick']): number {
  if (rng.chance(reclick.withinSessionShare)) return 1_000 + Math.floor(rng.exponential(10 * MINUTE_MS));
  return HOUR_MS + Math.floor(rng.exponential(reclick.laterDaysMean * DAY_MS));
}

/** Most orders follow the click within the day (log-normal minutes); the rest trail over days (capped). */
export function clickToOrderDelayMs(rng: Rng, knobs: BuyerKnobs['clickToOrder']): number {
  if (rng.chance(knobs.withinDayShare)) {
    const minutes = rng.logNormal(Math.max(knobs.withinDayMedianMinutes, 0.1), 1.1);
    return 1_000 + Math.floor(Math.min(minutes * MINUTE_MS, DAY_MS));
  }
  const days = Math.min(knobs.tailDaysMax, 1 + rng.exponential(knobs.tailDaysMean));
  return Math.floor(days * DAY_MS);
}

/** Inverse-CDF Poisson draw from one uniform; `max` bounds the count. */
export function poissonFromUnit(mean: number, unit: number, max: number): number {
  let p = Math.exp(-mean);
  let cdf = p;
  let k = 0;
  while (unit >= cdf && k < max) {
    k += 1;
    p *= mean / k;
    cdf += p;
  }
  return k;
}
