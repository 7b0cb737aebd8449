import { BUYER_MARKETS } from './_markets.js';
import { unitFromPath } from './derive-seed.js';
import { buyerId } from './ids.js';
import { SALT } from './stream-salts.js';
import { WeightedPicker } from './weighted-picker.js';
import type { BuyerProfile, World } from './world.js';

const marketPicker = new WeightedPicker(BUYER_MARKETS.map((m) => m.weight));

/** A buyer of the world, derived from the seed and its index alone (no state, any shard). */
export function buyerProfile(world: World, index: number): BuyerProfile {
  if (!Number.isInteger(index) || index < 0 || index >= world.buyerCount) {
    throw new RangeError(`buyer index ${index} is outside 0..${world.buyerCount - 1}`);
  }
  const market = BUYER_MARKETS[marketPicker.index(unitFromPath(world.seed, SALT.buyerMarket, index))];
  if (market === undefined) throw new Error('unreachable: market index out of range');
  return {
    index,
    buyerId: buyerId(index),
    country: market.country,
    locale: market.locale,
    utcOffsetHours: market.utcOffsetHours,
    activity: buyerActivity(world.seed, index),
  };
}

/** Exponential with mean 1: most buyers shop rarely, a few often (assumption). */
export function buyerActivity(seed: number, index: number): number {
  return -Math.log(1 - unitFromPath(seed, SALT.buyerActivity, index));
}
