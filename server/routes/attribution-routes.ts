import type { Hono } from 'hono';
import { DECISION_ANSWER_BYTES_MAX, DECISION_ANSWER_LINES_MAX } from '../../sim/domain/api-limits.js';
import { type Decision, toDecisionJson } from '../../sim/domain/decision.js';
import { excerpt } from '../../sim/domain/excerpt.js';
import * as s from '../contract/schemas.js';
import { seesOrder } from '../http/access-guard.js';
import type { Tenant } from '../http/credentials.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { parseOr400, readJson } from '../http/read-json.js';

const TAG = 'Attribution';

/**
 * The answer of a bulk decision query, built within its budgets: each distinct order once, its
 * lines counted before its JSON is built and its JSON's bytes counted as it is, so a query past a
 * budget stops at the first order past it, having built no more than the budget.
 */
function decisionsAnswer(deps: RouteDeps, orderIds: readonly string[], tenant: Tenant): string {
  const parts: string[] = [];
  let lines = 0;
  let bytes = 0;
  for (const id of new Set(orderIds)) {
    const d = visibleDecision(deps, id, tenant);
    if (d === undefined) {
      parts.push('null');
      continue;
    }
    lines += d.lines.length;
    if (lines > DECISION_ANSWER_LINES_MAX)
      throw tooLarge('decisionLines', DECISION_ANSWER_LINES_MAX, 'order lines');
    const json = JSON.stringify(toDecisionJson(d));
    bytes += Buffer.byteLength(json) + 1;
    if (bytes > DECISION_ANSWER_BYTES_MAX)
      throw tooLarge('decisionBytes', DECISION_ANSWER_BYTES_MAX, 'bytes');
    parts.push(json);
  }
  return `{"decisions":[${parts.join(',')}]}`;
}

/**
 * An order's decision if the tenant may see it (R18: the ingestion token, the order's store, or
 * the affiliate it credits); undefined otherwise, exactly as for an order that does not exist.
 */
function visibleDecision(deps: RouteDeps, orderId: string, tenant: Tenant): Decision | undefined {
  const d = deps.engine.decision(orderId);
  if (d === undefined) return undefined;
  return seesOrder(tenant, deps.engine.orderStoreId(orderId), d.attributed ? d.affiliateId : null)
    ? d
    : undefined;
}

function tooLarge(limit: string, max: number, what: string): ProblemError {
  return new ProblemError(
    makeProblem(
      'answer-too-large',
      413,
      `the decisions asked for hold more than ${max} ${what} (${limit}); ask for fewer orders at once`,
      { limit, max },
    ),
  );
}

/** The attribution endpoint: an order's Decision (RULES.md, "Decision"), and what-if evaluations that create nothing. */
export function attributionRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'get',
    path: '/orders/:orderId/attribution',
    tag: TAG,
    access: 'tenant',
    summary: "The order's decision: attribution, locked rates, commission and status (R8–R15)",
    params: s.orderParams,
    responses: { 200: { description: 'The decision', schema: s.decisionJsonSchema } },
  });
  app.get('/orders/:orderId/attribution', function orderAttribution(c) {
    const { orderId } = parseOr400(s.orderParams, c.req.param(), 'params');
    const decision = visibleDecision(deps, orderId, c.get('tenant'));
    if (decision === undefined) {
      // The same answer for an order that does not exist and one of another tenant (R18).
      throw new ProblemError(
        makeProblem('not-found', 404, `R16: unknown order ${excerpt(orderId)} (R18: or not yours)`, {
          rule: 'R16',
        }),
      );
    }
    return c.json(toDecisionJson(decision));
  });

  deps.docs.add({
    method: 'post',
    path: '/attribution/decisions',
    tag: TAG,
    access: 'tenant',
    summary: "The decisions of many orders at once (null for an unknown order id, or another tenant's, R18)",
    description: `Each distinct id is answered once, in the order first asked (a repeated id adds nothing). The answer may hold at most ${DECISION_ANSWER_LINES_MAX} order lines and ${DECISION_ANSWER_BYTES_MAX} bytes; past either, 413 naming the limit (\`limit\`, \`max\`): ask for fewer orders at once.`,
    body: s.decisionQueryBody,
    responses: {
      200: { description: 'Decisions of the distinct ids, in the order first asked' },
      413: { description: 'The answer would pass a limit', schema: s.problemSchema },
    },
  });
  app.post('/attribution/decisions', async function bulkDecisions(c) {
    const { orderIds } = parseOr400(s.decisionQueryBody, await readJson(c), 'body');
    return c.body(decisionsAnswer(deps, orderIds, c.get('tenant')), 200, {
      'content-type': 'application/json',
    });
  });

  deps.docs.add({
    method: 'post',
    path: '/attribution/what-if',
    tag: TAG,
    access: 'tenant',
    summary: 'The decision an order (buyer, store, lines, at) would get; creates nothing',
    description:
      "Evaluated with the rules of order creation (R8–R10, R13) as of `at`, which must not be before the pair's latest click (the platform keeps only that click).",
    body: s.whatIfBody,
    responses: { 200: { description: 'The would-be decision', schema: s.whatIfAnswerSchema } },
  });
  app.post('/attribution/what-if', async function whatIf(c) {
    const query = parseOr400(s.whatIfBody, await readJson(c), 'body');
    // A what-if reads the buyer's clicks at a store: the store's seller (or ingestion) only (R18).
    if (!seesOrder(c.get('tenant'), query.storeId, null)) {
      throw new ProblemError(
        makeProblem('not-found', 404, `R18: no store ${excerpt(query.storeId)} for this credential`, {
          rule: 'R18',
        }),
      );
    }
    const answer = deps.engine.whatIf(query);
    if (!answer.ok) {
      const kind = answer.rule === 'R16' ? 'rule-violation' : 'what-if-unavailable';
      throw new ProblemError(makeProblem(kind, 422, answer.message, { rule: answer.rule }));
    }
    const { orderId: _, ...decision } = toDecisionJson(answer.decision);
    return c.json(decision);
  });
}
