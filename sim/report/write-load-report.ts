import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  analyseBreakpoint,
  type BreakpointAnalysis,
  type BreakpointCriteria,
  type BreakpointThreshold,
} from '../../scenarios/k6/driver/breakpoint-analysis.js';
import { readK6Timeline } from '../../scenarios/k6/driver/k6-results.js';
import { renderLoadReport } from './k6-load-report.js';
import { type ThresholdOutcome, thresholdOutcomes } from './k6-summary-thresholds.js';

export interface LoadReportRequest {
  readonly script: string;
  readonly resultsDir: string;
  /** k6's `--out json` file of the run; removed once aggregated (the timeline is what is kept). */
  readonly pointsFile: string;
  readonly version: string;
  readonly breakpoint?: BreakpointCriteria;
}

export interface WrittenLoadReport {
  readonly htmlPath: string;
  readonly analysis: BreakpointAnalysis | undefined;
}

/**
 * After a k6 run: its points aggregated per second, its summary's thresholds, for a breakpoint run
 * the analysis, all into `<resultsDir>/<script>.html`. The raw points file goes: at 1000 req/s it
 * grows by megabytes a second, and the per-second aggregate is what the report shows.
 */
export async function writeLoadReport(request: LoadReportRequest): Promise<WrittenLoadReport> {
  const timeline = await readK6Timeline(request.pointsFile);
  const summaryFile = join(request.resultsDir, `${request.script}-summary.json`);
  let thresholds: ThresholdOutcome[] | undefined;
  let thresholdsNote: string | undefined;
  try {
    thresholds = thresholdOutcomes(await readFile(summaryFile, 'utf8'), summaryFile);
  } catch (error) {
    thresholdsNote =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `${summaryFile} is missing: k6 wrote no summary (stopped before its end?)`
        : (error as Error).message;
  }
  const analysis = request.breakpoint
    ? analyseBreakpoint(timeline, request.breakpoint, failedBreakpointThresholds(thresholds ?? []))
    : undefined;
  const htmlPath = join(request.resultsDir, `${request.script}.html`);
  await writeFile(
    htmlPath,
    renderLoadReport({
      script: request.script,
      version: request.version,
      timeline,
      thresholds,
      ...(thresholdsNote === undefined ? {} : { thresholdsNote }),
      ...(analysis && request.breakpoint ? { breakpoint: { analysis, criteria: request.breakpoint } } : {}),
    }),
  );
  await rm(request.pointsFile, { force: true });
  return { htmlPath, analysis };
}

/** Which of the breakpoint's conditions k6 itself judged failed (scenarios/k6/lib/breakpoint.ts). */
function failedBreakpointThresholds(outcomes: readonly ThresholdOutcome[]): BreakpointThreshold[] {
  const byMetric: [RegExp, BreakpointThreshold][] = [
    // The aborting thresholds are on the ramped scenario's sub-metrics (lib/breakpoint.ts).
    [/^checks(\{|$)/, 'wrong answer'],
    [/^http_req_failed(\{|$)/, 'failed request'],
    [/^dropped_iterations(\{|$)/, 'dropped iteration'],
    [/^http_req_duration\{/, 'p99 over budget'],
  ];
  return outcomes.flatMap((o) =>
    o.ok ? [] : byMetric.filter(([pattern]) => pattern.test(o.metric)).map(([, threshold]) => threshold),
  );
}
