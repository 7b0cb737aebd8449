import type { BreakpointAnalysis } from '../../scenarios/k6/driver/breakpoint-analysis.js';
import { type Timeline, wrongAnswers } from '../../scenarios/k6/driver/k6-timeline.js';

/** What the load report's script charts: one array entry per second of the run. */
export interface LoadReportData {
  readonly seconds: number[];
  readonly endpoints: {
    readonly name: string;
    readonly requests: number[];
    readonly p50: (number | null)[];
    readonly p95: (number | null)[];
    readonly p99: (number | null)[];
  }[];
  readonly checksFailed: number[];
  readonly answersWrong: number[];
  readonly requestsFailed: number[];
  readonly dropped: number[];
  /** Seconds where a breakpoint threshold broke, for the dashed lines on the charts. */
  readonly breaks: { readonly label: string; readonly second: number }[];
}

const round = (ms: number | undefined): number | null =>
  ms === undefined ? null : Math.round(ms * 100) / 100;

export function loadReportData(
  timeline: Timeline,
  breakpoint: BreakpointAnalysis | undefined,
): LoadReportData {
  const s = timeline.seconds;
  return {
    seconds: s.map((x) => x.second),
    endpoints: timeline.endpoints.map((name) => ({
      name,
      requests: s.map((x) => x.endpoints[name]?.requests ?? 0),
      p50: s.map((x) => round(x.endpoints[name]?.latency.quantile(0.5))),
      p95: s.map((x) => round(x.endpoints[name]?.latency.quantile(0.95))),
      p99: s.map((x) => round(x.endpoints[name]?.latency.quantile(0.99))),
    })),
    checksFailed: s.map((x) => x.checksFailed),
    answersWrong: s.map(wrongAnswers),
    requestsFailed: s.map((x) => Object.values(x.endpoints).reduce((n, e) => n + e.failed, 0)),
    dropped: s.map((x) => x.droppedIterations),
    breaks: [
      ...(breakpoint?.baseline?.breaks ?? []).map((b) => ({
        label: `baseline: ${b.threshold}`,
        second: b.second,
      })),
      ...(breakpoint?.breaks ?? []).map((b) => ({ label: b.threshold, second: b.second })),
    ],
  };
}
