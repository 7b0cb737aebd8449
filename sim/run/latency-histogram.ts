import * as hdr from 'hdr-histogram-js';

/**
 * Request latencies in an HDR histogram (hdr-histogram-js), in whole microseconds to 3 significant
 * digits: its memory depends on the range of the latencies, not on how many there were, so a run
 * of millions of requests keeps a few tens of kilobytes where it kept a number per request (issue
 * 12). Workers' histograms travel as compressed base64 (`encode`) and add up exactly (`add`), so a
 * machine's and a merge's percentiles are of all their requests together.
 */
export class LatencyHistogram {
  readonly #h: hdr.Histogram;

  private constructor(h: hdr.Histogram) {
    this.#h = h;
  }

  static empty(): LatencyHistogram {
    return new LatencyHistogram(hdr.build(SETTINGS));
  }

  /** A histogram `encode` wrote; an Error naming the problem for a string that is not one. */
  static decode(base64: string): LatencyHistogram {
    const h = hdr.decodeFromCompressedBase64(base64, SETTINGS.bitBucketSize, false);
    // A decoded histogram is sized to its own values; the next one added may reach further.
    h.autoResize = true;
    return new LatencyHistogram(h);
  }

  record(ms: number): void {
    this.#h.recordValue(Math.max(0, Math.round(ms * 1000)));
  }

  /** Adds another's counts to this one's. */
  add(other: LatencyHistogram): void {
    this.#h.add(other.#h);
  }

  get count(): number {
    return this.#h.totalCount;
  }

  /** The memory its counts take (hdr's estimate): it grows with the range of latencies, not their number. */
  get footprintBytes(): number {
    return this.#h.estimatedFootprintInBytes;
  }

  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.#h);
  }

  /**
   * Percentiles by nearest rank, in ms with 0.1 ms precision (as result.json has always had them),
   * within the histogram's 3 significant digits; never above the largest latency recorded.
   */
  summary(): { p50: number; p95: number; p99: number; max: number } {
    if (this.#h.totalCount === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
    const max = this.#h.maxValue;
    const at = (percentile: number) => msOf(Math.min(max, this.#h.getValueAtPercentile(percentile)));
    return { p50: at(50), p95: at(95), p99: at(99), max: msOf(max) };
  }
}

const SETTINGS = {
  bitBucketSize: 32,
  // The range grows with the largest latency seen, from 1 µs.
  autoResize: true,
  lowestDiscernibleValue: 1,
  numberOfSignificantValueDigits: 3,
  useWebAssembly: false,
} as const satisfies hdr.BuildRequest;

function msOf(us: number): number {
  return Math.round(us / 100) / 10;
}
