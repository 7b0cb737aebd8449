import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { idSchema } from '../../sim/domain/events.js';
import {
  AFFILIATE_REPORTS,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  type ReportScope,
  reportJson,
  runReport,
  STORE_REPORTS,
  toCsv,
} from '../../sim/domain/reports/index.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { parseOr400 } from '../http/read-json.js';

const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const reportQuery = z.object({
  from: z.string().optional().describe("First local day (YYYY-MM-DD in the policy's timeZone), inclusive"),
  to: z.string().optional().describe('Last local day, inclusive'),
  channel: z.string().optional().describe('A promotion channel (traffic, orders, transactions, links)'),
  affiliateId: z
    .string()
    .optional()
    .describe("An affiliate (the seller's traffic, orders, refunds, transactions)"),
  storeId: z.string().optional().describe("A store (the affiliate's reports)"),
  productId: z.string().optional().describe('A product'),
  status: z.string().optional().describe('Orders: a decision status; operations: accepted or rejected'),
  limit: z
    .string()
    .optional()
    .describe(`Rows per page, 1..${PAGE_LIMIT_MAX} (default ${PAGE_LIMIT_DEFAULT})`),
  cursor: z.string().optional().describe("The previous page's nextCursor"),
});

const reportSchema = z.object({
  report: z.string(),
  storeId: z.string().optional(),
  affiliateId: z.string().optional(),
  timeZone: z.string(),
  filters: z.record(z.string(), z.string()),
  complete: z.boolean(),
  rows: z.array(z.record(z.string(), z.unknown())),
  nextCursor: z.string().nullable(),
});

const storeReportParams = z.strictObject({ storeId: idSchema, type: z.enum(STORE_REPORTS) });
const affiliateReportParams = z.strictObject({ affiliateId: idSchema, type: z.enum(AFFILIATE_REPORTS) });

/**
 * The seller's and affiliate's reports (docs/reports.md), read from the report book the engine's
 * answers feed (server/reports). Tenant scoping (R18) comes from the `:storeId`/`:affiliateId`
 * path parameter: a report reads only that tenant's part of the book.
 */
export function reportRoutes(app: Hono, deps: RouteDeps): void {
  const responses = {
    200: {
      description:
        'One page of the report (JSON); with `Accept: text/csv`, the page as CSV with a header of dotted figure names and the next cursor in the `Next-Cursor` header',
      schema: reportSchema,
    },
    400: { description: 'A bad filter, limit or cursor: `errors[0].path` names it' },
    404: { description: 'R16: the store or affiliate is not registered' },
  };
  deps.docs.add({
    // R18: the store's own seller token (or the ingestion token); another store's reports are 404.
    access: 'seller',
    method: 'get',
    path: '/stores/:storeId/reports/:type',
    tag: 'Seller reports',
    summary: `A seller's report: ${STORE_REPORTS.join(', ')}`,
    params: storeReportParams,
    query: reportQuery,
    responses,
  });
  app.get('/stores/:storeId/reports/:type', function storeReport(c) {
    const { storeId, type } = parseOr400(storeReportParams, c.req.param(), 'params');
    return answer(c, deps, 'store', storeId, type);
  });
  deps.docs.add({
    // R18: the affiliate's own token (or the ingestion token); another affiliate's reports are 404.
    access: 'affiliate',
    method: 'get',
    path: '/affiliates/:affiliateId/reports/:type',
    tag: 'Affiliate portal',
    summary: `An affiliate's own report (R18): ${AFFILIATE_REPORTS.join(', ')}`,
    params: affiliateReportParams,
    query: reportQuery,
    responses,
  });
  app.get('/affiliates/:affiliateId/reports/:type', function affiliateReport(c) {
    const { affiliateId, type } = parseOr400(affiliateReportParams, c.req.param(), 'params');
    return answer(c, deps, 'affiliate', affiliateId, type);
  });
}

function answer(c: Context, deps: RouteDeps, scope: ReportScope, id: string, type: string): Response {
  if (deps.reports === undefined)
    throw new ProblemError(
      makeProblem('not-found', 404, 'this platform keeps no reports (it only answers a run)'),
    );
  const outcome = runReport(deps.reports, scope, id, type, c.req.query());
  if (!outcome.ok) {
    if (outcome.kind === 'unknown')
      throw new ProblemError(makeProblem('not-found', 404, outcome.message, { rule: 'R16' }));
    const path = outcome.field === 'type' ? 'params.type' : `query.${outcome.field}`;
    throw new ProblemError(
      makeProblem('invalid-request', 400, `${path}: ${outcome.message}`, {
        errors: [{ path, message: outcome.message }],
      }),
    );
  }
  const { result } = outcome;
  if (wantsCsv(c.req.header('accept'))) {
    const headers: Record<string, string> = { 'content-type': CSV_CONTENT_TYPE };
    if (result.nextCursor !== null) headers['next-cursor'] = result.nextCursor;
    return c.body(toCsv(result.columns, result.rows), 200, headers);
  }
  return c.json(reportJson(result));
}

/** CSV only when asked for (`Accept: text/csv`); JSON otherwise, also for `*\/*`. */
function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*text\/csv\s*(;|,|$)/i.test(accept);
}
