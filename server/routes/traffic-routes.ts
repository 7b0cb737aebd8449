import type { Hono } from 'hono';
import { eventSchemas } from '../../sim/domain/events.js';
import * as s from '../contract/schemas.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { decodeLink } from '../http/promotion-link.js';
import { parseOr400 } from '../http/read-json.js';
import { sendAnswer, submitEvent } from '../http/submit-event.js';

/**
 * Buyer traffic: following a promotion link records the click (R5–R8) and redirects to the product
 * (or the store), as real tracking links do. The click's event id and instant come from the query,
 * so a simulator can replay months of traffic in seconds and retries stay idempotent (R17).
 */
export function trafficRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'get',
    path: '/r/:linkId',
    tag: 'Buyer traffic',
    summary: 'Follow a promotion link: records the click and redirects to the product (click)',
    params: s.linkParams,
    query: s.clickQuery,
    responses: {
      302: { description: 'Click recorded (qualifying or not, R5); `Location` is the product or store page' },
      400: { description: 'Missing or invalid query field' },
      404: { description: 'Not a promotion link' },
      409: { description: 'R17: the event id was already used for another event' },
      422: { description: 'R16: the affiliate, store or product is unknown at the click instant' },
    },
  });
  app.get('/r/:linkId', function followLink(c) {
    const { linkId } = parseOr400(s.linkParams, c.req.param(), 'params');
    const link = decodeLink(linkId);
    if (link === undefined) throw new ProblemError(makeProblem('not-found', 404, 'not a promotion link'));
    const query = parseOr400(s.clickQuery, c.req.query(), 'query');
    const at = /^\d+$/.test(query.at) ? Number(query.at) : query.at;
    const event = parseOr400(
      eventSchemas.click,
      {
        id: query.id,
        type: 'click',
        at,
        buyerId: query.buyerId,
        affiliateId: link.affiliateId,
        storeId: link.storeId,
        productId: link.productId,
        channel: link.channel,
      },
      'query',
    );
    // Built before the click is applied: nothing that could throw may run after it (the ids are
    // validated, so encoding cannot fail, but an applied click must always get its answer).
    const store = `/stores/${encodeURIComponent(link.storeId)}`;
    const location =
      link.productId === null ? store : `${store}/products/${encodeURIComponent(link.productId)}`;
    const rendered = submitEvent(deps, event);
    if (rendered.status !== 200) return sendAnswer(c, rendered);
    if (rendered.repeat) c.header('idempotent-replayed', 'true');
    return c.redirect(location, 302);
  });
}
