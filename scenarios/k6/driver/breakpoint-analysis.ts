import { BUDGETS } from '../lib/budgets.js';
import type { Endpoint } from '../lib/endpoint.js';
import { type Timeline, type TimelineSecond, wrongAnswers } from './k6-timeline.js';
import { LatencyHistogram } from './latency-histogram.js';

/** The four conditions of a breakpoint run (scenarios/k6/lib/breakpoint.ts), as a second breaks them. */
export type BreakpointThreshold = 'wrong answer' | 'failed request' | 'dropped iteration' | 'p99 over budget';

export interface BreakpointCriteria {
  /** The endpoint whose rate is ramped (its `endpoint` tag). */
  readonly endpoint: string;
  readonly p99BudgetMs: number;
  /**
   * p99 must be over budget this many seconds in a row to count as broken (the first of them is
   * the break): one slow second (a GC pause, a busy CI neighbour) does not decide a breaking point.
   */
  readonly slowSeconds: number;
  /** A rate "held" when it was the mean over this many consecutive seconds, not one lucky second. */
  readonly sustainSeconds: number;
  /**
   * Endpoints that may be ramped first, alone, in the same run (attribution.ts's baseline: `/ping`
   * or the adapter's health endpoint): their phase is analysed on its own, with its own budget.
   */
  readonly baselineEndpoints?: readonly Endpoint[];
  /** The ramp k6 ran (each phase's), for the rate it was offering when a threshold broke. */
  readonly ramp?: RampShape;
}

export interface RampShape {
  readonly startRate: number;
  readonly maxRate: number;
  readonly rampSeconds: number;
}

export interface ThresholdBreak {
  readonly threshold: BreakpointThreshold;
  /** Seconds since the run's start. */
  readonly second: number;
  /** The endpoint's request rate (mean over the sustain window ending at that second), req/s. */
  readonly rate: number;
  /**
   * The arrival rate the ramp asked for at that second (when the ramp is known): above the rate
   * achieved once the service (or k6) falls behind, so both are shown.
   */
  readonly offeredRate?: number;
  readonly detail: string;
}

export interface HeldRate {
  /** Mean requests per second of the endpoint over the best window before the first break. */
  readonly rate: number;
  readonly fromSecond: number;
  readonly toSecond: number;
  readonly p50Ms: number | undefined;
  readonly p95Ms: number | undefined;
  readonly p99Ms: number | undefined;
  /** Correct answers over answers checked in that window (1 when none was checked wrong). */
  readonly correctShare: number;
  readonly answers: number;
}

export interface PhaseAnalysis {
  /** Each threshold's first break, earliest first; empty when the whole ramp held. */
  readonly breaks: readonly ThresholdBreak[];
  /** Undefined when the run broke in its first second (or measured nothing). */
  readonly held: HeldRate | undefined;
}

export interface BreakpointAnalysis extends PhaseAnalysis {
  /**
   * The baseline's own ramp, run first in the same run: how far the trivial endpoint went on this
   * machine with this k6, the ceiling the endpoint's breaking point is to be read against.
   */
  readonly baseline?: PhaseAnalysis & { readonly endpoint: string };
}

/**
 * A breakpoint run's analysis: when a baseline endpoint was ramped before the ramped endpoint (its
 * requests all come before the endpoint's first), each phase is analysed alone.
 */
export function analyseBreakpoint(
  timeline: Timeline,
  criteria: BreakpointCriteria,
  failedInK6: readonly BreakpointThreshold[] = [],
): BreakpointAnalysis {
  const seconds = timeline.seconds;
  const start = seconds.findIndex((s) => (s.endpoints[criteria.endpoint]?.requests ?? 0) > 0);
  const before = start > 0 ? seconds.slice(0, start) : [];
  const baseline = (criteria.baselineEndpoints ?? []).find((e) =>
    before.some((s) => (s.endpoints[e]?.requests ?? 0) > 0),
  );
  if (baseline === undefined) return analysePhase(seconds, criteria, failedInK6);
  return {
    ...analysePhase(seconds.slice(start), criteria, failedInK6),
    baseline: {
      endpoint: baseline,
      ...analysePhase(before, { ...criteria, endpoint: baseline, p99BudgetMs: BUDGETS[baseline].p99Ms }, []),
    },
  };
}

/**
 * Where a ramp broke, from the per-second series rather than k6's cumulative thresholds (a
 * cumulative p99 lags the second it went over by as long as the fast seconds before outweigh it).
 * The held window ends before the first break; when nothing broke, the last (partial) second is
 * left out of it.
 */
function analysePhase(
  seconds: readonly TimelineSecond[],
  criteria: BreakpointCriteria,
  failedInK6: readonly BreakpointThreshold[],
): PhaseAnalysis {
  const rateAt = (end: number) =>
    meanRate(seconds, criteria, Math.max(0, end - criteria.sustainSeconds + 1), end);
  const rampStart = seconds.findIndex((s) => (s.endpoints[criteria.endpoint]?.requests ?? 0) > 0);
  const offeredAt = (i: number) => {
    const ramp = criteria.ramp;
    if (ramp === undefined || rampStart < 0) return {};
    const progress = Math.min(1, Math.max(0, (i - rampStart) / ramp.rampSeconds));
    return { offeredRate: ramp.startRate + (ramp.maxRate - ramp.startRate) * progress };
  };
  /** Breaks and held windows name the run's own seconds, whichever phase they are in. */
  const secondOf = (i: number) => (seconds[i] as TimelineSecond).second;
  const breaks: ThresholdBreak[] = [];
  const breakAt = (threshold: BreakpointThreshold, i: number, detail: string) =>
    breaks.push({ threshold, second: secondOf(i), rate: rateAt(i), ...offeredAt(i), detail });
  const first = (
    threshold: BreakpointThreshold,
    broken: (s: TimelineSecond, i: number) => string | undefined,
  ) => {
    for (let i = 0; i < seconds.length; i++) {
      const detail = broken(seconds[i] as TimelineSecond, i);
      if (detail !== undefined) {
        breakAt(threshold, i, detail);
        return;
      }
    }
  };
  // Failed checks of answers that never came (status 0: cut off by k6's own abort) are no break.
  first('wrong answer', (s) => {
    const wrong = wrongAnswers(s);
    const otherChecks = s.checksFailed - s.answersWrong - s.answersWithoutStatus;
    if (wrong > 0) return `${wrong} wrong answer${wrong === 1 ? '' : 's'}`;
    return otherChecks > 0 && s.answersWithoutStatus === 0
      ? `${otherChecks} failed check${otherChecks === 1 ? '' : 's'}`
      : undefined;
  });
  first('failed request', (s) => {
    const failed = Object.values(s.endpoints).reduce((n, e) => n + e.failed, 0);
    return failed > 0 ? `${failed} failed request${failed === 1 ? '' : 's'}` : undefined;
  });
  first('dropped iteration', (s) =>
    s.droppedIterations > 0
      ? `${s.droppedIterations} dropped iteration${s.droppedIterations === 1 ? '' : 's'}`
      : undefined,
  );
  first('p99 over budget', (_s, i) => {
    const run = seconds.slice(i, i + criteria.slowSeconds).map((s) => p99Of(s, criteria.endpoint));
    if (run.length < criteria.slowSeconds || !run.every((p) => p !== undefined && p > criteria.p99BudgetMs)) {
      return undefined;
    }
    return `p99 ${run.map((p) => Math.round(p as number)).join(', ')} ms in ${criteria.slowSeconds} seconds in a row (budget ${criteria.p99BudgetMs} ms)`;
  });
  if (failedInK6.includes('p99 over budget') && !breaks.some((b) => b.threshold === 'p99 over budget')) {
    const lastSlow = trailingSlowRun(seconds, criteria);
    if (lastSlow !== undefined)
      breakAt(
        'p99 over budget',
        lastSlow,
        `p99 over ${criteria.p99BudgetMs} ms from second ${secondOf(lastSlow)} until k6 stopped the run (its cumulative p99 was over budget)`,
      );
  }
  breaks.sort((a, b) => a.second - b.second);
  const end = breaks.length === 0 ? seconds.length - 1 : (breaks[0] as ThresholdBreak).second - secondOf(0);
  return { breaks, held: heldRate(seconds, criteria, end) };
}

/**
 * k6 aborts on its cumulative p99, which can cross the budget before `slowSeconds` slow seconds
 * in a row: then the break is the start of the last run of slow seconds, the one k6 stopped in.
 */
function trailingSlowRun(
  seconds: readonly TimelineSecond[],
  criteria: BreakpointCriteria,
): number | undefined {
  const slow = (i: number) =>
    (p99Of(seconds[i] as TimelineSecond, criteria.endpoint) ?? 0) > criteria.p99BudgetMs;
  let last = seconds.length - 1;
  while (last >= 0 && !slow(last)) last--;
  if (last < 0) return undefined;
  let first = last;
  while (first > 0 && slow(first - 1)) first--;
  return first;
}

/**
 * The best sustain window in seconds [0, end) whose pooled p99 kept the budget: the highest mean
 * rate, the latest on a tie.
 */
function heldRate(
  seconds: readonly TimelineSecond[],
  criteria: BreakpointCriteria,
  end: number,
): HeldRate | undefined {
  if (end <= 0) return undefined;
  const width = Math.min(criteria.sustainSeconds, end);
  const latencyOf = (window: readonly TimelineSecond[]) =>
    LatencyHistogram.mergedOf(
      window.flatMap((s) => {
        const e = s.endpoints[criteria.endpoint];
        return e === undefined ? [] : [e.latency];
      }),
    );
  let best: { from: number; rate: number; latency: LatencyHistogram } | undefined;
  for (let from = 0; from + width <= end; from++) {
    const rate = meanRate(seconds, criteria, from, from + width - 1);
    if (best !== undefined && rate < best.rate) continue;
    const latency = latencyOf(seconds.slice(from, from + width));
    if ((latency.quantile(0.99) ?? 0) <= criteria.p99BudgetMs) best = { from, rate, latency };
  }
  if (best === undefined || best.rate === 0) return undefined;
  const window = seconds.slice(best.from, best.from + width);
  const latency = best.latency;
  const correct = window.reduce((n, s) => n + s.answersCorrect, 0);
  const wrong = window.reduce((n, s) => n + wrongAnswers(s), 0);
  return {
    rate: best.rate,
    fromSecond: (window[0] as TimelineSecond).second,
    toSecond: (window[window.length - 1] as TimelineSecond).second,
    p50Ms: latency.quantile(0.5),
    p95Ms: latency.quantile(0.95),
    p99Ms: latency.quantile(0.99),
    correctShare: correct + wrong === 0 ? 1 : correct / (correct + wrong),
    answers: correct + wrong,
  };
}

function meanRate(
  seconds: readonly TimelineSecond[],
  criteria: BreakpointCriteria,
  from: number,
  to: number,
): number {
  let requests = 0;
  for (let i = from; i <= to; i++) requests += seconds[i]?.endpoints[criteria.endpoint]?.requests ?? 0;
  return requests / (to - from + 1);
}

function p99Of(s: TimelineSecond, endpoint: string): number | undefined {
  return s.endpoints[endpoint]?.latency.quantile(0.99);
}

/** attribution.ts's breakpoint mode: its ramped endpoint and that endpoint's p99 budget. */
export const ATTRIBUTION_BREAKPOINT: BreakpointCriteria = {
  endpoint: 'attribution',
  p99BudgetMs: BUDGETS.attribution.p99Ms,
  slowSeconds: 3,
  sustainSeconds: 3,
  baselineEndpoints: ['ping', 'health'],
};
