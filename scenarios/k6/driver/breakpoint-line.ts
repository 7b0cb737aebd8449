import type { BreakpointAnalysis, ThresholdBreak } from './breakpoint-analysis.js';

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
      : `broke at ${rates(first)}: ${first.threshold} (${first.detail}, second ${first.second})${
          later.length === 0
            ? ''
            : `; then ${later.map((b) => `${b.threshold} at ${rates(b)} (second ${b.second})`).join(', ')}`
        }`;
  const tail = `${broke}${baselinePart(analysis)}`;
  if (held === undefined) return `correct under load: no rate held; ${tail}`;
  // No whole-answer check counted means no answer was judged: never say "100 %" of nothing.
  const share = held.answers === 0 ? 'no answer checked' : `${percent(held.correctShare)} correct answers`;
  return `correct under load: ${rate(held.rate)} req/s held with ${share} (${latencies(held)}); ${tail}`;
}

/**
 * The baseline's own ramp, run first: the rate the trivial endpoint held on this machine, through
 * this k6, in this run. An endpoint that breaks near it is limited by the machine or k6, not by itself.
 */
function baselinePart(analysis: BreakpointAnalysis): string {
  const b = analysis.baseline;
  if (b === undefined) return '';
  const held =
    b.held === undefined ? 'held no rate' : `held ${rate(b.held.rate)} req/s (${latencies(b.held)})`;
  const first = b.breaks[0];
  const end =
    first === undefined
      ? 'and never broke (its ceiling is higher)'
      : `and broke at ${rates(first)}: ${first.threshold}`;
  const share =
    analysis.held !== undefined && b.held !== undefined && b.held.rate > 0
      ? ` — the endpoint held ${Math.round((100 * analysis.held.rate) / b.held.rate)} % of it`
      : '';
  return `; baseline ${b.endpoint} in the same run ${held} ${end}${share}`;
}

const ms = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(v < 10 ? 1 : 0));
const latencies = (h: { p50Ms?: number; p95Ms?: number; p99Ms?: number }) =>
  `p50 ${ms(h.p50Ms)} p95 ${ms(h.p95Ms)} p99 ${ms(h.p99Ms)} ms`;

/** "1029 req/s" achieved, with the ramp's offered rate beside it when it is known and higher. */
const rates = (b: ThresholdBreak): string =>
  b.offeredRate === undefined || Math.round(b.offeredRate) <= Math.round(b.rate)
    ? `${rate(b.rate)} req/s`
    : `${rate(b.offeredRate)} req/s offered (${rate(b.rate)} achieved)`;

const rate = (r: number): string => (r >= 100 ? String(Math.round(r)) : r.toFixed(1));

/** One decimal, rounded down: 99.96 % is not "100.0 %", a single wrong answer must show. */
export function percent(share: number): string {
  return `${(Math.floor(share * 1000) / 10).toFixed(1)} %`;
}
