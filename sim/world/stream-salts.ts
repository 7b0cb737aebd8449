/**
 * The first element of every seed path (`derive-seed.ts`): one salt per stream of randomness, so
 * that, say, store 3's catalogue and store 3's seller timeline never share draws. Never renumber
 * a salt: that would change every world and every history generated from a given seed.
 */
export const SALT = Object.freeze({
  names: 1,
  catalogue: 2,
  affiliate: 3,
  buyerMarket: 4,
  buyerActivity: 5,
  sellerPlan: 6,
  buyerSessions: 7,
  buyerDay: 8,
  swarm: 9,
  buyerRetries: 10,
  /** Adversarial traffic (sim/scenario/adversarial-knobs.ts): one stream per shape. */
  boundRates: 11,
  wrongSpan: 12,
  sameDaySettings: 13,
  sameDayBuyer: 14,
  sameDayOrders: 15,
  adversarialSessions: 16,
  /** `affsim run --faults` (sim/targets/fault-injector.ts): one stream per worker's shard. */
  faults: 17,
});
