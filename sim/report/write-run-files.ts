import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULT_FILE } from '../run/read-result-dirs.js';
import { resultJson } from '../run/result-json.js';
import type { RunResult } from '../run/run-result.js';
import { renderHtmlReport } from './html-report.js';
import { junitXml } from './junit-xml.js';

export const REPORT_FILE = 'report.html';
export const JUNIT_FILE = 'junit.xml';

export interface RunFiles {
  readonly resultFile: string;
  readonly reportFile: string;
  readonly junitFile: string;
}

/**
 * Writes a run's (or a merge's) output files into `outDir`, creating it: the canonical
 * `result.json`, the self-contained `report.html` and `junit.xml` for CI.
 */
export async function writeRunFiles(outDir: string, result: RunResult): Promise<RunFiles> {
  await mkdir(outDir, { recursive: true });
  const files: RunFiles = {
    resultFile: join(outDir, RESULT_FILE),
    reportFile: join(outDir, REPORT_FILE),
    junitFile: join(outDir, JUNIT_FILE),
  };
  await Promise.all([
    writeFile(files.resultFile, resultJson(result)),
    writeFile(files.reportFile, renderHtmlReport(result)),
    writeFile(files.junitFile, junitXml(result)),
  ]);
  return files;
}
