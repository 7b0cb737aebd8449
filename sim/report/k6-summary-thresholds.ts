/** One threshold of a k6 run as its summary JSON (`<script>-summary.json`, lib/summary.ts) reports it. */
export interface ThresholdOutcome {
  /** The metric, with its tag filter when it has one: `http_req_duration{endpoint:attribution}`. */
  readonly metric: string;
  /** The expression as written in the script: `p(99)<250`. */
  readonly threshold: string;
  readonly ok: boolean;
}

interface SummaryJson {
  readonly metrics?: Record<string, { readonly thresholds?: Record<string, { readonly ok?: unknown }> }>;
}

/**
 * The thresholds of k6's summary data, in the summary's order. A file that is not k6 summary data
 * gives an error naming it: the load report says so instead of showing an empty table.
 */
export function thresholdOutcomes(summaryText: string, file: string): ThresholdOutcome[] {
  let data: SummaryJson;
  try {
    data = JSON.parse(summaryText) as SummaryJson;
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message})`);
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    typeof data.metrics !== 'object' ||
    data.metrics === null
  ) {
    throw new Error(`${file}: no "metrics" object; not a k6 summary written by handleSummary?`);
  }
  return Object.entries(data.metrics).flatMap(([metric, m]) =>
    Object.entries(m.thresholds ?? {}).map(([threshold, r]) => ({ metric, threshold, ok: r.ok === true })),
  );
}
