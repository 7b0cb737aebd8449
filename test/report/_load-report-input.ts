import { ATTRIBUTION_BREAKPOINT, analyseBreakpoint } from '../../scenarios/k6/driver/breakpoint-analysis.js';
import { TimelineBuilder } from '../../scenarios/k6/driver/k6-timeline.js';
import type { LoadReportInput } from '../../sim/report/k6-load-report.js';
import { rampLines, requestLines } from '../k6/_k6-points.js';

/** A breakpoint run of 12 s that answers wrong from 70 req/s on, with a ping endpoint alongside. */
export function breakpointReportInput(): LoadReportInput {
  const ramp = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120];
  const lines = [
    ...rampLines(
      ramp,
      (second, n) => 2 + second * 3 + (n % 7),
      (second) => ({ wrong: second >= 6 }),
    ),
    ...ramp.flatMap((_, second) => requestLines(second * 1000 + 500, 1 + second / 10, { endpoint: 'ping' })),
  ];
  const builder = new TimelineBuilder();
  for (const line of lines) builder.addLine(line);
  const timeline = builder.finish();
  return {
    script: 'attribution',
    version: '0.0.0-test',
    timeline,
    thresholds: [
      { metric: 'checks', threshold: 'rate==1', ok: false },
      { metric: 'http_req_duration{endpoint:attribution}', threshold: 'p(99)<=250', ok: true },
      { metric: 'dropped_iterations', threshold: 'count==0', ok: true },
    ],
    breakpoint: {
      analysis: analyseBreakpoint(timeline, ATTRIBUTION_BREAKPOINT),
      criteria: ATTRIBUTION_BREAKPOINT,
    },
  };
}
