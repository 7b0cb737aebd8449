import type { Rng } from '../world/rng.js';

/**
 * Seller instants the buyer side packs traffic around (joins, withdrawals, setting changes),
 * sorted by time in typed arrays, so "an edge in the next fifteen days" is two binary searches.
 */
export class EdgeIndex {
  readonly atMs: Float64Array;
  readonly storeIndex: Int32Array;
  readonly productIndex: Int32Array;

  constructor(edges: readonly { atMs: number; storeIndex: number; productIndex: number }[]) {
    const sorted = [...edges].sort((a, b) => a.atMs - b.atMs || a.storeIndex - b.storeIndex);
    this.atMs = Float64Array.from(sorted, (e) => e.atMs);
    this.storeIndex = Int32Array.from(sorted, (e) => e.storeIndex);
    this.productIndex = Int32Array.from(sorted, (e) => e.productIndex);
  }

  get size(): number {
    return this.atMs.length;
  }

  /** A uniformly chosen edge with `fromMs <= at < toMs`, as its position, or −1 if there is none. */
  pickIn(fromMs: number, toMs: number, rng: Rng): number {
    const lo = this.#lowerBound(fromMs);
    const hi = this.#lowerBound(toMs);
    return lo >= hi ? -1 : rng.int(lo, hi - 1);
  }

  #lowerBound(ms: number): number {
    let lo = 0;
    let hi = this.atMs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.atMs[mid] as number) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
