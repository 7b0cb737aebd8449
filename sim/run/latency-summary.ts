/** Percentiles of request latencies (nearest rank), in ms with 0.1 ms precision. */
export function latencySummary(samplesMs: readonly number[]): {
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  if (samplesMs.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (q: number) =>
    round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1] as number) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
