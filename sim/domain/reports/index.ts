/**
 * The seller's and affiliate's reports (docs/reports.md): an incremental book fed with each
 * answered event, and the reports read from it. Pure (domain layer), so the reference model's
 * side (`affsim report`) and the platform server share one definition of every figure.
 */
export type { BookAnswer } from './book-rows.js';
export { cellAt, cellText, toCsv } from './flatten.js';
export { formatDay, LocalDays, parseDay } from './local-days.js';
export {
  type BookLimits,
  DEFAULT_BOOK_LIMITS,
  type DecisionOf,
  ReportBook,
  UNBOUNDED_BOOK_LIMITS,
} from './report-book.js';
export type { ReportBookState } from './report-book-state.js';
export { reportJson } from './report-json.js';
export {
  AFFILIATE_REPORTS,
  FILTERS,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  type ReportScope,
  STORE_REPORTS,
} from './report-query.js';
export type { Row } from './report-rows.js';
export {
  type ReportOutcome,
  type ReportResult,
  reportFilters,
  reportNames,
  runReport,
} from './run-report.js';
