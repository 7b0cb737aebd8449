import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { fmix32, hashPath } from './derive-seed.js';

/**
 * A small seeded random source over pure-rand's xoroshiro128+ with the distributions the simulator
 * needs. Never `Math.random()` (STYLE.md, Simulator): every draw comes from a generator whose state
 * was derived from the master seed and the stream's path (`derive-seed.ts`).
 */
export class Rng {
  readonly #gen: RandomGenerator;

  constructor(gen: RandomGenerator) {
    this.#gen = gen;
  }

  /** A generator for the stream named by `path` under the master `seed`. */
  static derive(seed: number, ...path: readonly number[]): Rng {
    const h = hashPath(seed, ...path);
    // Four distinct words of state; xoroshiro only needs them not all zero, which `| 1` ensures.
    const state = [fmix32(h ^ 0x243f6a88) | 1, fmix32(h ^ 0x85a308d3), fmix32(h ^ 0x13198a2e), fmix32(h)];
    return new Rng(xoroshiro128plusFromState(state));
  }

  /** Uniform in [0, 1) with 32 bits of resolution (plenty for behaviour; money is drawn with `int`). */
  float(): number {
    return (this.#gen.next() >>> 0) / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick: no items to pick from');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Exponential with the given mean: the gaps of a Poisson process. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Standard normal by Box–Muller (one of the pair is discarded: simpler state, deterministic). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape `sigma`: prices and dwell times are skewed that way. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** Number of failures before the first success: "one more line with probability p" as a count. */
  geometric(continueProbability: number, max: number): number {
    let n = 0;
    while (n < max && this.chance(continueProbability)) n += 1;
    return n;
  }
}
