/**
 * Request durations of one second (or of several, merged) as a log-bucketed histogram: each bucket
 * is 1 % wider than the one below, so a quantile read from it is at most 1 % above the exact one,
 * and its size depends on the spread of the durations, not on their number. That is what lets the
 * per-second timeline of a 10 000 req/s run stay small (the idea of HdrHistogram, which is not a
 * dependency), and what lets the seconds that held a rate be merged for their percentiles.
 */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** Below 1 µs every duration is the same bucket: k6 reports milliseconds with µs precision. */
const FLOOR_MS = 0.001;

export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(ms: number, times = 1): void {
    if (!Number.isFinite(ms)) return;
    const index = ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / LOG_GROWTH);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + times);
    this.total += times;
  }

  merge(other: LatencyHistogram): void {
    for (const [index, n] of other.buckets) {
      this.buckets.set(index, (this.buckets.get(index) ?? 0) + n);
    }
    this.total += other.total;
  }

  /**
   * The q-quantile (0 < q ≤ 1) by the nearest-rank rule: the upper edge of the bucket holding the
   * ⌈q·n⌉-th smallest duration. Undefined when the histogram is empty.
   */
  quantile(q: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (const index of [...this.buckets.keys()].sort((a, b) => a - b)) {
      seen += this.buckets.get(index) ?? 0;
      if (seen >= rank) return index === 0 ? FLOOR_MS : FLOOR_MS * GROWTH ** index;
    }
    return undefined;
  }

  static mergedOf(histograms: readonly LatencyHistogram[]): LatencyHistogram {
    const merged = new LatencyHistogram();
    for (const h of histograms) merged.merge(h);
    return merged;
  }
}
