// Types of the vendored k6-jslib-summary (k6-summary.js), as far as the scripts use it.

export interface TextSummaryOptions {
  /** Prefix of every line. */
  readonly indent?: string;
  /** ANSI colours; only for a terminal. */
  readonly enableColors?: boolean;
}

export interface JUnitOptions {
  /** The test suite's name. */
  readonly name?: string;
  /** Every test case's class name. */
  readonly classname?: string;
}

/** k6's usual end-of-test summary as text, from handleSummary's data. */
export function textSummary(data: object, options?: TextSummaryOptions): string;

/** A JUnit XML report with one test case per threshold (failed thresholds are failures). */
export function jUnit(data: object, options?: JUnitOptions): string;
