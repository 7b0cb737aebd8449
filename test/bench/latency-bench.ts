import { LatencyHistogram } from '../../sim/run/latency-histogram.js';

/**
 * What recording a run's request latencies costs (issue 12): one number per request in an array,
 * as the workers kept them before, against the HDR histogram they keep now. `BENCH_REQUESTS`
 * (default 3.7 million, the requests of the run that died) changes the count. Run with
 * `node --expose-gc` for heap figures that are not blurred by garbage.
 */
const requests = Number(process.env.BENCH_REQUESTS ?? 3_700_000);
const gc = (globalThis as { gc?: () => void }).gc;

/** A latency-like value: mostly a few ms, a tail of hundreds, a few seconds-long stalls. */
function latency(i: number): number {
  const u = ((i * 2654435761) % 1_000_003) / 1_000_003;
  return u < 0.9 ? 0.3 + u * 10 : u < 0.999 ? 10 + (u - 0.9) * 5_000 : 500 + (u - 0.999) * 15_000_000;
}

function measure(name: string, fill: () => { keep: unknown; summary: string }): void {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  const { keep, summary } = fill();
  const ms = performance.now() - t;
  gc?.();
  const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
  console.log(
    `${name.padEnd(26)} ${ms.toFixed(0).padStart(6)} ms  ${((ms * 1e6) / requests).toFixed(0).padStart(4)} ns/request  heap +${heapMb.toFixed(1)} MB  ${summary}`,
  );
  void keep;
}

console.log(
  `${requests.toLocaleString('en-US')} request latencies${gc ? '' : ' (no --expose-gc: heap figures are rough)'}`,
);
measure('array (before)', () => {
  const samples: number[] = [];
  for (let i = 0; i < requests; i += 1) samples.push(latency(i));
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
  return { keep: samples, summary: `p50 ${at(0.5).toFixed(1)} p99 ${at(0.99).toFixed(1)} ms` };
});
measure('HDR histogram (now)', () => {
  const h = LatencyHistogram.empty();
  for (let i = 0; i < requests; i += 1) h.record(latency(i));
  const s = h.summary();
  return {
    keep: h,
    summary: `p50 ${s.p50} p99 ${s.p99} ms; counts ${(h.footprintBytes / 1024).toFixed(0)} KiB, encoded ${h.encode().length} chars`,
  };
});
