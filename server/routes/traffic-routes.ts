import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { eventSchemas } from '../../sim/domain/events.js';
import * as s from '../contract/schemas.js';
import { forbidden } from '../http/auth.js';
import { cookieBuyer } from '../http/buyer-cookie.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { decodeLink } from '../http/promotion-link.js';
import { parseOr400 } from '../http/read-json.js';
import { sendAnswer, submitEvent } from '../http/submit-event.js';
import type { EventScope } from '../http/tenant-scope.js';

/** Who clicks, when, under which id (R17) and in whose id scope: from the query only for the ingestion token (R18). */
function clickOf(
  c: Context,
  deps: RouteDeps,
): { id: string; buyerId: string; at: number | string; scope: EventScope } {
  const tenant = c.get('tenant');
  if (tenant.kind === 'ingest') {
    const query = parseOr400(s.clickQuery, c.req.query(), 'query');
    const at = /^\d+$/.test(query.at) ? Number(query.at) : query.at;
    return { id: query.id, buyerId: query.buyerId, at, scope: tenant };
  }
  const raw = c.req.query();
  for (const field of ['buyerId', 'at'] as const) {
    if (raw[field] !== undefined) {
      throw forbidden(
        `R18: query.${field}: only the ingestion token may name a click's ${field === 'at' ? 'instant' : 'buyer'}; a buyer is its cookie, the instant the server's`,
        `query.${field}`,
      );
    }
  }
  const query = parseOr400(s.publicClickQuery, raw, 'query');
  const buyerId = cookieBuyer(c, deps.auth.cookieKey);
  return {
    id: query.id ?? `click-${randomUUID()}`,
    buyerId,
    at: deps.now(),
    scope: { kind: 'buyer', buyerId },
  };
}

/**
 * Buyer traffic: following a promotion link records the click (R5–R8) and redirects to the product
 * (or the store), as real tracking links do. A buyer's click happens now, as the buyer of its
 * signed cookie; with the ingestion token the query names the event id, the buyer and the instant,
 * so a simulator can replay months of traffic in seconds and retries stay idempotent (R17). A link
 * whose signature does not hold is 404 (promotion-link.ts).
 */
export function trafficRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'get',
    path: '/r/:linkId',
    tag: 'Buyer traffic',
    access: 'buyer',
    summary: 'Follow a promotion link: records the click and redirects to the product (click)',
    description:
      'Without a credential the buyer is the signed `affsim_buyer` cookie (set when absent) and the instant the server time; `buyerId` and `at` are for the ingestion token only (403 otherwise, R18).',
    params: s.linkParams,
    query: s.clickQueryDoc,
    responses: {
      302: { description: 'Click recorded (qualifying or not, R5); `Location` is the product or store page' },
      400: { description: 'Missing or invalid query field' },
      403: { description: 'R18: `buyerId` or `at` without the ingestion token' },
      404: {
        description: 'Not a promotion link of this platform (unsigned, tampered, or signed by another key)',
      },
      409: { description: 'R17: the event id was already used for another event' },
      422: { description: 'R16: the affiliate, store or product is unknown at the click instant' },
    },
  });
  app.get('/r/:linkId', function followLink(c) {
    const { linkId } = parseOr400(s.linkParams, c.req.param(), 'params');
    const link = decodeLink(linkId, deps.auth.linkKey);
    if (link === undefined) throw new ProblemError(makeProblem('not-found', 404, 'not a promotion link'));
    const click = clickOf(c, deps);
    const event = parseOr400(
      eventSchemas.click,
      {
        id: click.id,
        type: 'click',
        at: click.at,
        buyerId: click.buyerId,
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
    const rendered = submitEvent(deps, event, click.scope);
    if (rendered.status !== 200) return sendAnswer(c, rendered);
    if (rendered.repeat) c.header('idempotent-replayed', 'true');
    return c.redirect(location, 302);
  });
}
