import { jUnit, textSummary } from '../vendor/k6-summary.js';
import type { LoadConfig } from './config.js';

/**
 * handleSummary's outputs: k6's usual text summary on stdout, and beside it the summary data as
 * JSON and the thresholds as a JUnit report (one test case each), for CI to keep and display.
 */
export function summaryOutputs(script: string, data: object, config: LoadConfig): Record<string, string> {
  return {
    stdout: `${textSummary(data, { indent: ' ', enableColors: config.colors })}\n`,
    [`${config.summaryDir}/${script}-summary.json`]: JSON.stringify(data, null, 2),
    [`${config.summaryDir}/${script}-junit.xml`]: jUnit(data, {
      name: `affsim k6 ${script}`,
      classname: script,
    }),
  };
}
