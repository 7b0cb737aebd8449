import type { Hono } from 'hono';
import type { AffEvent } from '../../sim/domain/events.js';
import { EVENT_RESPONSES } from '../contract/common-responses.js';
import * as s from '../contract/schemas.js';
import { forbidden } from '../http/auth.js';
import { cookieBuyer } from '../http/buyer-cookie.js';
import { tenantName } from '../http/credentials.js';
import type { RouteDeps } from '../http/deps.js';
import { eventInstant, eventRoute } from '../http/event-route.js';
import { parseOr400, readJson } from '../http/read-json.js';
import { sendAnswer, submitEvent } from '../http/submit-event.js';

const TAG = 'Orders';

/**
 * Orders: creation (attribution locked, R9–R11) by the buyer, completion and cancellation (R12,
 * R16) and refunds (R14) by the order's own store (R18: another store's order is 404).
 */
export function orderRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'post',
    path: '/orders',
    tag: TAG,
    access: 'buyer',
    summary: 'Create an order; its attribution and rates are decided and locked now (order.created)',
    description:
      'A buyer without a credential orders as the buyer of its signed `affsim_buyer` cookie (a new buyer when absent), now; `buyerId` and `at` are for the ingestion token only (403 otherwise, R18). A seller or affiliate token may not place orders (403).',
    body: s.orderBodyDoc,
    responses: EVENT_RESPONSES,
  });
  app.post('/orders', async function createOrder(c) {
    const tenant = c.get('tenant');
    const json = await readJson(c);
    if (tenant.kind === 'ingest') {
      const body = parseOr400(s.orderBody, json, 'body');
      const event = { ...body, at: eventInstant(tenant, body.at, deps), type: 'order.created' as const };
      return sendAnswer(c, submitEvent(deps, event as AffEvent, tenant));
    }
    if (tenant.kind !== 'public') {
      throw forbidden(
        `R18: POST /orders is for buyers (no credential) and the ingestion token, not the ${tenantName(tenant)}`,
      );
    }
    for (const field of ['buyerId', 'at'] as const) {
      if (json !== null && typeof json === 'object' && field in json) {
        throw forbidden(
          `R18: body.${field}: only the ingestion token may name an order's ${field === 'at' ? 'instant' : 'buyer'}; a buyer is its cookie, the instant the server's`,
          `body.${field}`,
        );
      }
    }
    const body = parseOr400(s.publicOrderBody, json, 'body');
    const buyerId = cookieBuyer(c, deps.auth.cookieKey);
    const event: AffEvent = { ...body, type: 'order.created', buyerId, at: deps.now() };
    return sendAnswer(c, submitEvent(deps, event, { kind: 'buyer', buyerId }));
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders/:orderId/completion',
    tag: TAG,
    access: 'order-seller',
    summary: 'Complete the order: commission becomes payable (order.completed, R12)',
    params: s.orderParams,
    body: s.orderEndBody,
    toEvent: (b, p) => ({ ...b, type: 'order.completed', orderId: p.orderId }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders/:orderId/cancellation',
    tag: TAG,
    access: 'order-seller',
    summary: 'Cancel the order: it earns nothing (order.cancelled, R12)',
    params: s.orderParams,
    body: s.orderEndBody,
    toEvent: (b, p) => ({ ...b, type: 'order.cancelled', orderId: p.orderId }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders/:orderId/refunds',
    tag: TAG,
    access: 'order-seller',
    summary: 'Refund part of an order line (order.refunded, R14)',
    params: s.orderParams,
    body: s.refundBody,
    toEvent: (b, p) => ({ ...b, type: 'order.refunded', orderId: p.orderId }),
  });
}
