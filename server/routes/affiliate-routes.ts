import type { Hono } from 'hono';
import { toDecisionJson } from '../../sim/domain/decision.js';
import * as s from '../contract/schemas.js';
import type { RouteDeps } from '../http/deps.js';
import { eventRoute } from '../http/event-route.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { encodeLink } from '../http/promotion-link.js';
import { parseOr400, readJson } from '../http/read-json.js';

const TAG = 'Affiliate portal';

/** The affiliate portal: registration, promotion links, and R18-scoped reports (an affiliate reads only its own). */
export function affiliateRoutes(app: Hono, deps: RouteDeps): void {
  eventRoute(app, deps, {
    method: 'post',
    path: '/affiliates/:affiliateId/registration',
    tag: TAG,
    summary: 'Register an affiliate (affiliate.registered); answers the affiliate token',
    description:
      "Operator only (the ingestion token), as for stores: nobody can take another's affiliate id (R18). The answer's `token` is the affiliate's credential.",
    access: 'ingest',
    issues: (p) => ({ kind: 'affiliate', affiliateId: p.affiliateId }),
    params: s.affiliateParams,
    body: s.affiliateRegistrationBody.omit({ affiliateId: true }),
    toEvent: (b, p) => ({ ...b, type: 'affiliate.registered', affiliateId: p.affiliateId }),
  });

  deps.docs.add({
    method: 'post',
    path: '/affiliates/:affiliateId/links',
    tag: TAG,
    access: 'affiliate',
    summary: 'Create a promotion link into a store or one of its products',
    description:
      'Not an event: a link only names who promotes what. A click through it is (GET /r/{linkId}).',
    params: s.affiliateParams,
    body: s.promotionLinkBody,
    responses: { 201: { description: 'The link', schema: s.promotionLinkSchema } },
  });
  app.post('/affiliates/:affiliateId/links', async function createLink(c) {
    const { affiliateId } = parseOr400(s.affiliateParams, c.req.param(), 'params');
    const body = parseOr400(s.promotionLinkBody, await readJson(c), 'body');
    if (!deps.engine.hasAffiliate(affiliateId)) throw unknown('affiliate', affiliateId);
    const catalogue = deps.engine.storeCatalogue(body.storeId);
    if (catalogue === undefined) throw unknown('store', body.storeId);
    if (body.productId !== undefined && !catalogue.has(body.productId)) {
      throw unknown('product', `${body.productId} of store ${body.storeId}`);
    }
    const link = {
      affiliateId,
      storeId: body.storeId,
      productId: body.productId ?? null,
      channel: body.channel,
    };
    const linkId = encodeLink(link, deps.auth.linkKey);
    return c.json({ linkId, url: `/r/${linkId}`, ...link }, 201);
  });

  deps.docs.add({
    method: 'get',
    path: '/affiliates/:affiliateId/orders/:orderId',
    tag: TAG,
    access: 'affiliate',
    summary: "An order credited to this affiliate (R18: another affiliate's order is not found)",
    params: s.affiliateOrderParams,
    responses: { 200: { description: 'The decision', schema: s.decisionJsonSchema } },
  });
  app.get('/affiliates/:affiliateId/orders/:orderId', function affiliateOrder(c) {
    const { affiliateId, orderId } = parseOr400(s.affiliateOrderParams, c.req.param(), 'params');
    const decision = deps.engine.decision(orderId);
    if (decision === undefined || !decision.attributed || decision.affiliateId !== affiliateId) {
      throw new ProblemError(
        makeProblem('not-found', 404, `R18: affiliate ${affiliateId} has no order ${orderId}`, {
          rule: 'R18',
        }),
      );
    }
    return c.json(toDecisionJson(decision));
  });
}

function unknown(what: string, id: string): ProblemError {
  return new ProblemError(makeProblem('rule-violation', 422, `R16: unknown ${what} ${id}`, { rule: 'R16' }));
}
