import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../sim/run/latency-histogram.js';
import { mergeResults } from '../../sim/run/merge-results.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { fcParams } from '../fc-config.js';
import { fakeResult } from '../report/_fake-result.js';

/**
 * Why (issue 12): latencies were kept one number per request, so a run of millions of requests
 * grew without bound. A histogram keeps them in fixed memory; its percentiles must stay those
 * result.json always had (nearest rank, 0.1 ms), within its 3 significant digits, and workers'
 * and shards' histograms must add up to the histogram of all their requests.
 */

/** The exact nearest-rank percentile, as latencySummary computed it from every sample. */
function exact(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function histogramOf(samples: readonly number[]): LatencyHistogram {
  const h = LatencyHistogram.empty();
  for (const ms of samples) h.record(ms);
  return h;
}

const latencies = fc.array(
  fc.oneof(
    fc.double({ min: 0.01, max: 5, noNaN: true }),
    fc.double({ min: 5, max: 2_000, noNaN: true }),
    fc.double({ min: 2_000, max: 60_000, noNaN: true }),
  ),
  { minLength: 1, maxLength: 400 },
);

describe('LatencyHistogram', () => {
  it('gives the nearest-rank percentiles and the max within 3 significant digits (and 0.1 ms rounding)', () => {
    fc.assert(
      fc.property(latencies, (samples) => {
        const s = histogramOf(samples).summary();
        for (const [q, got] of [
          [0.5, s.p50],
          [0.95, s.p95],
          [0.99, s.p99],
        ] as const) {
          const want = exact(samples, q);
          // 1/1000 of the value (the histogram's resolution), and each side's rounding to 0.1 ms.
          expect(Math.abs(got - want)).toBeLessThanOrEqual(want / 1000 + 0.1 + 1e-9);
        }
        // Recorded in whole µs, then rounded to 0.1 ms.
        expect(Math.abs(s.max - Math.max(...samples))).toBeLessThanOrEqual(0.0505 + 1e-9);
        expect(s.p50).toBeLessThanOrEqual(s.p95);
        expect(s.p99).toBeLessThanOrEqual(s.max);
      }),
      fcParams(200),
    );
  });

  it('adds up: two halves added (through their encodings, as workers send them) are the whole', () => {
    fc.assert(
      fc.property(latencies, latencies, (a, b) => {
        const sum = LatencyHistogram.decode(histogramOf(a).encode());
        sum.add(LatencyHistogram.decode(histogramOf(b).encode()));
        // The encoding keeps counts, not the exact largest value: the max is its bucket's, to 3 digits.
        const whole = LatencyHistogram.decode(histogramOf([...a, ...b]).encode());
        expect(sum.count).toBe(a.length + b.length);
        expect(sum.summary()).toEqual(whole.summary());
        const max = Math.max(...a, ...b);
        expect(Math.abs(sum.summary().max - max)).toBeLessThanOrEqual(max / 1000 + 0.1);
      }),
      fcParams(100),
    );
  });

  it('is empty at first: zeros, as a run without requests has always said', () => {
    expect(LatencyHistogram.empty().summary()).toEqual({ p50: 0, p95: 0, p99: 0, max: 0 });
    expect(LatencyHistogram.decode(LatencyHistogram.empty().encode()).count).toBe(0);
  });

  it('keeps its memory whatever the number of requests', () => {
    const few = histogramOf(Array.from({ length: 1_000 }, (_, i) => 0.2 + (i % 997) * 1.3));
    const many = histogramOf(Array.from({ length: 200_000 }, (_, i) => 0.2 + (i % 997) * 1.3));
    expect(many.count).toBe(200_000);
    expect(many.footprintBytes).toBe(few.footprintBytes);
    expect(many.footprintBytes).toBeLessThan(256 * 1024);
    expect(many.encode().length).toBeLessThan(8 * 1024);
  });
});

describe('mergeResults: latency', () => {
  const withLatencies = (r: RunResult, samples: readonly number[]): RunResult => {
    const h = histogramOf(samples);
    return { ...r, timing: { ...r.timing, latencyMs: h.summary(), latencyHistogram: h.encode() } };
  };
  const a = Array.from({ length: 300 }, (_, i) => 1 + (i % 50) / 10);
  const b = Array.from({ length: 30 }, (_, i) => 400 + i);

  it('merges the shards histograms: percentiles of all requests together, not the largest shard percentile', () => {
    const m = mergeResults([
      withLatencies(fakeResult({ buyers: 90, shard: { index: 0, count: 2 } }), a),
      withLatencies(fakeResult({ buyers: 90, shard: { index: 1, count: 2 } }), b),
    ]);
    const all = LatencyHistogram.decode(histogramOf([...a, ...b]).encode());
    expect(m.timing.latencyMs).toEqual(all.summary());
    // The slow shard's p50 (~414 ms) is not the merged p50 (~3 ms): the old upper bound was far off.
    expect(m.timing.latencyMs.p50).toBeLessThan(10);
    const merged = LatencyHistogram.decode(m.timing.latencyHistogram as string);
    expect(merged.count).toBe(a.length + b.length);
    expect(merged.summary()).toEqual(all.summary());
  });

  it('falls back on the largest shard percentile when a result has no histogram (older files)', () => {
    const old = fakeResult({ buyers: 90, shard: { index: 1, count: 2 } });
    const m = mergeResults([
      withLatencies(fakeResult({ buyers: 90, shard: { index: 0, count: 2 } }), b),
      old,
    ]);
    expect(m.timing.latencyHistogram).toBeUndefined();
    expect(m.timing.latencyMs.p50).toBe(Math.max(histogramOf(b).summary().p50, old.timing.latencyMs.p50));
  });

  it('keeps one result histogram as it is, and names a result whose histogram does not decode', () => {
    const one = withLatencies(fakeResult({ buyers: 90 }), a);
    expect(mergeResults([one]).timing.latencyHistogram).toBe(one.timing.latencyHistogram);
    const broken = {
      ...withLatencies(fakeResult({ buyers: 90, shard: { index: 1, count: 2 } }), a),
      timing: { ...one.timing, latencyHistogram: 'bm90IGEgaGlzdG9ncmFt' },
    };
    expect(() =>
      mergeResults(
        [withLatencies(fakeResult({ buyers: 90, shard: { index: 0, count: 2 } }), a), broken],
        ['run/1/result.json', 'run/2/result.json'],
      ),
    ).toThrow(/^run\/2\/result\.json: timing\.latencyHistogram does not decode/);
  });
});
