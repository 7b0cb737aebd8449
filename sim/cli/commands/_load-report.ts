import { join } from 'node:path';
import { ATTRIBUTION_BREAKPOINT } from '../../../scenarios/k6/driver/breakpoint-analysis.js';
import { breakpointLine } from '../../../scenarios/k6/driver/breakpoint-line.js';
import { pointsFileName } from '../../../scenarios/k6/driver/k6-results.js';
import type { BreakpointConfig } from '../../../scenarios/k6/lib/breakpoint-config.js';
import { writeLoadReport } from '../../report/write-load-report.js';

/** The `--out json=…` file k6 writes each script's points to, under the results directory. */
export const pointsFile = (resultsDir: string, script: string): string =>
  join(resultsDir, pointsFileName(script));

export interface ReportedRun {
  /** Lines for the terminal: the "correct under load" line first for a breakpoint run. */
  readonly lines: readonly string[];
  /** A breakpoint run's exit status (see LOAD_USAGE); undefined for a normal run. */
  readonly breakpointCode: number | undefined;
}

/**
 * After one k6 run: writes `<script>.html` and, for a breakpoint run, judges it. A breakpoint run
 * is meant to end by a threshold failing (k6 exit 99): it passes (0) when some rate held with
 * every checked answer correct, fails (1) when none did; any other k6 exit (a script error, k6
 * killed) stands. A report that cannot be written is one line, never a stack trace.
 */
export async function reportRun(
  script: string,
  resultsDir: string,
  k6Code: number,
  breakpoint: BreakpointConfig | undefined,
  version: string,
): Promise<ReportedRun> {
  try {
    const written = await writeLoadReport({
      script,
      resultsDir,
      pointsFile: pointsFile(resultsDir, script),
      version,
      ...(breakpoint ? { breakpoint: { ...ATTRIBUTION_BREAKPOINT, ramp: breakpoint } } : {}),
    });
    const report = `load report: ${written.htmlPath}`;
    if (!breakpoint || written.analysis === undefined) return { lines: [report], breakpointCode: undefined };
    const held = written.analysis.held;
    const passed = held !== undefined && held.answers > 0 && held.correctShare === 1;
    const code = k6Code === 0 || k6Code === 99 ? (passed ? 0 : 1) : k6Code;
    return { lines: [breakpointLine(written.analysis), report], breakpointCode: code };
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'k6 wrote no points' : (error as Error).message;
    return {
      lines: [`load report: not written (${why})`],
      breakpointCode: breakpoint ? (k6Code === 0 || k6Code === 99 ? 3 : k6Code) : undefined,
    };
  }
}
