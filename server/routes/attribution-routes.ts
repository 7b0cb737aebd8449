import type { Hono } from 'hono';
import { toDecisionJson } from '../../sim/domain/decision.js';
import * as s from '../contract/schemas.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { parseOr400, readJson } from '../http/read-json.js';

const TAG = 'Attribution';

/** The attribution endpoint: an order's Decision (RULES.md, "Decision"), and what-if evaluations that create nothing. */
export function attributionRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'get',
    path: '/orders/:orderId/attribution',
    tag: TAG,
    summary: "The order's decision: attribution, locked rates, commission and status (R8–R15)",
    params: s.orderParams,
    responses: { 200: { description: 'The decision', schema: s.decisionJsonSchema } },
  });
  app.get('/orders/:orderId/attribution', function orderAttribution(c) {
    const { orderId } = parseOr400(s.orderParams, c.req.param(), 'params');
    const decision = deps.engine.decision(orderId);
    if (decision === undefined) {
      throw new ProblemError(makeProblem('not-found', 404, `R16: unknown order ${orderId}`, { rule: 'R16' }));
    }
    return c.json(toDecisionJson(decision));
  });

  deps.docs.add({
    method: 'post',
    path: '/attribution/decisions',
    tag: TAG,
    summary: 'The decisions of many orders at once (null for an unknown order id)',
    body: s.decisionQueryBody,
    responses: { 200: { description: 'Decisions in the order asked' } },
  });
  app.post('/attribution/decisions', async function bulkDecisions(c) {
    const { orderIds } = parseOr400(s.decisionQueryBody, await readJson(c), 'body');
    const decisions = orderIds.map((id) => {
      const d = deps.engine.decision(id);
      return d === undefined ? null : toDecisionJson(d);
    });
    return c.json({ decisions });
  });

  deps.docs.add({
    method: 'post',
    path: '/attribution/what-if',
    tag: TAG,
    summary: 'The decision an order (buyer, store, lines, at) would get; creates nothing',
    description:
      "Evaluated with the rules of order creation (R8–R10, R13) as of `at`, which must not be before the pair's latest click (the platform keeps only that click).",
    body: s.whatIfBody,
    responses: { 200: { description: 'The would-be decision', schema: s.whatIfAnswerSchema } },
  });
  app.post('/attribution/what-if', async function whatIf(c) {
    const query = parseOr400(s.whatIfBody, await readJson(c), 'body');
    const answer = deps.engine.whatIf(query);
    if (!answer.ok) {
      const kind = answer.rule === 'R16' ? 'rule-violation' : 'what-if-unavailable';
      throw new ProblemError(makeProblem(kind, 422, answer.message, { rule: answer.rule }));
    }
    const { orderId: _, ...decision } = toDecisionJson(answer.decision);
    return c.json(decision);
  });
}
