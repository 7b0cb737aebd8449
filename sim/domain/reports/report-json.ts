import type { ReportResult } from './run-report.js';

/** The JSON form of a report, shared by the server and `affsim report`: the tenant named plainly. */
export function reportJson(result: ReportResult, rows = result.rows): Record<string, unknown> {
  return {
    report: result.report,
    [result.scope === 'store' ? 'storeId' : 'affiliateId']: result.id,
    timeZone: result.timeZone,
    filters: result.filters,
    complete: result.complete,
    rows,
    nextCursor: result.nextCursor,
  };
}
