import type { Hono } from 'hono';
import * as s from '../contract/schemas.js';
import type { RouteDeps } from '../http/deps.js';
import { eventRoute } from '../http/event-route.js';

const TAG = 'Seller backend';

/** The seller backend (R1, R2, R4). R18: every route is under the seller's own store and acts on it only. */
export function sellerRoutes(app: Hono, deps: RouteDeps): void {
  eventRoute(app, deps, {
    method: 'post',
    path: '/sellers/:storeId/registration',
    tag: TAG,
    summary: 'Register the store and its catalogue (store.registered); answers the seller token',
    description:
      "Operator only (the ingestion token): a store is onboarded by the platform, so nobody can take another's store name (R18). The answer's `token` is the seller's credential.",
    access: 'ingest',
    issues: (p) => ({ kind: 'seller', storeId: p.storeId }),
    params: s.storeParams,
    body: s.storeRegistrationBody,
    toEvent: (b, p) => ({ ...b, type: 'store.registered', storeId: p.storeId }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/sellers/:storeId/membership/join',
    tag: TAG,
    access: 'seller',
    summary: 'Join the affiliate programme with a default rate (store.joined, R1)',
    params: s.storeParams,
    body: s.joinBody,
    toEvent: (b, p) => ({ ...b, type: 'store.joined', storeId: p.storeId }),
  });
  eventRoute(app, deps, {
    method: 'post',
    path: '/sellers/:storeId/membership/withdraw',
    tag: TAG,
    access: 'seller',
    summary: 'Withdraw from the programme (store.withdrew, R2)',
    params: s.storeParams,
    body: s.withdrawBody,
    toEvent: (b, p) => ({ ...b, type: 'store.withdrew', storeId: p.storeId }),
  });
  eventRoute(app, deps, {
    method: 'put',
    path: '/sellers/:storeId/default-rate',
    tag: TAG,
    access: 'seller',
    summary: 'Set the store default rate (store.defaultRateSet, R4)',
    params: s.storeParams,
    body: s.defaultRateBody,
    toEvent: (b, p) => ({ ...b, type: 'store.defaultRateSet', storeId: p.storeId }),
  });
  eventRoute(app, deps, {
    method: 'put',
    path: '/sellers/:storeId/main-products/:productId',
    tag: TAG,
    access: 'seller',
    summary: 'Make a product a main product with its rate (store.mainProductSet, R4)',
    params: s.storeProductParams,
    body: s.mainProductBody,
    toEvent: (b, p) => ({ ...b, type: 'store.mainProductSet', storeId: p.storeId, productId: p.productId }),
  });
  eventRoute(app, deps, {
    method: 'delete',
    path: '/sellers/:storeId/main-products/:productId',
    tag: TAG,
    access: 'seller',
    summary: 'Remove a main product (store.mainProductRemoved, R4)',
    params: s.storeProductParams,
    body: s.mainProductRemovalBody,
    toEvent: (b, p) => ({
      ...b,
      type: 'store.mainProductRemoved',
      storeId: p.storeId,
      productId: p.productId,
    }),
  });
  eventRoute(app, deps, {
    method: 'put',
    path: '/sellers/:storeId/category-rates/:categoryId',
    tag: TAG,
    access: 'seller',
    summary: 'Set a category rate (store.categoryRateSet, R4; used when categoryRates=enabled)',
    params: s.storeCategoryParams,
    body: s.categoryRateBody,
    toEvent: (b, p) => ({
      ...b,
      type: 'store.categoryRateSet',
      storeId: p.storeId,
      categoryId: p.categoryId,
    }),
  });
}
