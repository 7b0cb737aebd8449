import type { BreakpointAnalysis } from './breakpoint-analysis.js';

/**
 * The first line of a breakpoint run: the highest rate that held, how fast and how correct it was
 * there, and what broke first. "Correct under load" leads because it is the figure a plain load
 * tool cannot give: the share of answers that matched the reference model at that rate.
 */
export function breakpointLine(analysis: BreakpointAnalysis): string {
  const [first, ...later] = analysis.breaks;
  const held = analysis.held;
  const broke =
    first === undefined
      ? 'no threshold broke before the ramp ended (raise MAX_RATE to find the breaking point)'
      : `broke at ${rate(first.rate)} req/s: ${first.threshold} (${first.detail}, second ${first.second})${
          later.length === 0
            ? ''
            : `; then ${later.map((b) => `${b.threshold} at ${rate(b.rate)} req/s (second ${b.second})`).join(', ')}`
        }`;
  if (held === undefined) return `correct under load: no rate held; ${broke}`;
  const ms = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(v < 10 ? 1 : 0));
  // No whole-answer check counted means no answer was judged: never say "100 %" of nothing.
  const share = held.answers === 0 ? 'no answer checked' : `${percent(held.correctShare)} correct answers`;
  return `correct under load: ${rate(held.rate)} req/s held with ${share} (p50 ${ms(held.p50Ms)} p95 ${ms(held.p95Ms)} p99 ${ms(held.p99Ms)} ms); ${broke}`;
}

const rate = (r: number): string => (r >= 100 ? String(Math.round(r)) : r.toFixed(1));

/** One decimal, rounded down: 99.96 % is not "100.0 %", a single wrong answer must show. */
export function percent(share: number): string {
  return `${(Math.floor(share * 1000) / 10).toFixed(1)} %`;
}
