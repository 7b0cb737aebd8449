import { BUDGETS } from '../lib/budgets.js';
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
}

export interface ThresholdBreak {
  readonly threshold: BreakpointThreshold;
  /** Seconds since the run's start. */
  readonly second: number;
  /** The endpoint's request rate (mean over the sustain window ending at that second), req/s. */
  readonly rate: number;
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

export interface BreakpointAnalysis {
  /** Each threshold's first break, earliest first; empty when the whole ramp held. */
  readonly breaks: readonly ThresholdBreak[];
  /** Undefined when the run broke in its first second (or measured nothing). */
  readonly held: HeldRate | undefined;
}

/**
 * Where a ramp broke, from the per-second series rather than k6's cumulative thresholds (a
 * cumulative p99 lags the second it went over by as long as the fast seconds before outweigh it).
 * The held window ends before the first break; when nothing broke, the last (partial) second is
 * left out of it.
 */
export function analyseBreakpoint(
  timeline: Timeline,
  criteria: BreakpointCriteria,
  failedInK6: readonly BreakpointThreshold[] = [],
): BreakpointAnalysis {
  const seconds = timeline.seconds;
  const rateAt = (end: number) =>
    meanRate(seconds, criteria, Math.max(0, end - criteria.sustainSeconds + 1), end);
  const breaks: ThresholdBreak[] = [];
  const first = (
    threshold: BreakpointThreshold,
    broken: (s: TimelineSecond, i: number) => string | undefined,
  ) => {
    for (let i = 0; i < seconds.length; i++) {
      const detail = broken(seconds[i] as TimelineSecond, i);
      if (detail !== undefined) {
        breaks.push({ threshold, second: i, rate: rateAt(i), detail });
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
    if (lastSlow !== undefined) {
      breaks.push({
        threshold: 'p99 over budget',
        second: lastSlow,
        rate: rateAt(lastSlow),
        detail: `p99 over ${criteria.p99BudgetMs} ms from second ${lastSlow} until k6 stopped the run (its cumulative p99 was over budget)`,
      });
    }
  }
  breaks.sort((a, b) => a.second - b.second);
  const end = breaks[0]?.second ?? seconds.length - 1;
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
    fromSecond: best.from,
    toSecond: best.from + width - 1,
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
};
