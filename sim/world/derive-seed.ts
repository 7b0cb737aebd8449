/**
 * Seed derivation: every stream of randomness (a store, a buyer on a day, the world's names) gets
 * its own seed hashed from the master seed and a path of small integers, so a stream depends only
 * on its own path and never on how many draws other streams made before it (STYLE.md, Simulator:
 * one seed drives everything). That is what makes a buyer's events identical in every shard.
 */

/** The largest master seed accepted: any safe non-negative integer (split into two 32-bit words). */
export const SEED_MAX = Number.MAX_SAFE_INTEGER;

/** murmur3's 32-bit finalizer: full avalanche, so neighbouring paths give unrelated seeds. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of the master seed and a path of non-negative integers (salts, indices, days). */
export function hashPath(seed: number, ...path: readonly number[]): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ Math.imul(Math.floor(seed / 0x1_0000_0000) >>> 0, 0x27d4eb2f));
  for (const part of path) h = fmix32((h + Math.imul(part >>> 0, 0x9e3779b1) + 0x7f4a7c15) | 0);
  return h;
}

/** A uniform number in [0, 1) straight from a path, for decisions that need one draw (and no generator). */
export function unitFromPath(seed: number, ...path: readonly number[]): number {
  return hashPath(seed, ...path) / 0x1_0000_0000;
}

export function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in 0..${SEED_MAX}, got ${seed}`);
  }
}
