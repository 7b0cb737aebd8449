import type { Hono } from 'hono';
import * as s from '../contract/schemas.js';
import type { RouteDeps } from '../http/deps.js';
import { eventRoute } from '../http/event-route.js';

const TAG = 'Orders';

/** Orders: creation (attribution locked, R9–R11), completion and cancellation (R12, R16), refunds (R14). */
export function orderRoutes(app: Hono, deps: RouteDeps): void {
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders',
    tag: TAG,
    summary: 'Create an order; its attribution and rates are decided and locked now (order.created)',
    params: s.noParams,
    body: s.orderBody,
    toEvent: (b) => ({ ...b, type: 'order.created' }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders/:orderId/completion',
    tag: TAG,
    summary: 'Complete the order: commission becomes payable (order.completed, R12)',
    params: s.orderParams,
    body: s.orderEndBody,
    toEvent: (b, p) => ({ ...b, type: 'order.completed', orderId: p.orderId }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders/:orderId/cancellation',
    tag: TAG,
    summary: 'Cancel the order: it earns nothing (order.cancelled, R12)',
    params: s.orderParams,
    body: s.orderEndBody,
    toEvent: (b, p) => ({ ...b, type: 'order.cancelled', orderId: p.orderId }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/orders/:orderId/refunds',
    tag: TAG,
    summary: 'Refund part of an order line (order.refunded, R14)',
    params: s.orderParams,
    body: s.refundBody,
    toEvent: (b, p) => ({ ...b, type: 'order.refunded', orderId: p.orderId }),
  });
}
