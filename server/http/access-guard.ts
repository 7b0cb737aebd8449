import type { MiddlewareHandler } from 'hono';
import { excerpt } from '../../sim/domain/excerpt.js';
import type { RouteDoc } from '../contract/route-docs.js';
import type { Engine } from '../engine/engine.js';
import { forbidden, notVisible, unauthorized } from './auth.js';
import { type Tenant, tenantName } from './credentials.js';
import { ProblemError } from './problem.js';

/**
 * The guard of one route, from its declared access (contract/route-docs.ts `Access`), run before
 * its handler and before its body is read. The tenant comes from the credential only (auth.ts);
 * the path's id must be the tenant's own, else 404 as for an id that does not exist (R18: whether
 * another store, affiliate or order exists does not leak). A credential of the wrong kind for the
 * route (a seller token on the ingestion endpoint) is 403; no credential where one is needed, 401.
 */
export function accessGuard(doc: RouteDoc, engine: Engine): MiddlewareHandler {
  const { access } = doc;
  return async function guard(c, next) {
    if (access === 'public' || access === 'buyer') return next();
    const tenant = c.get('tenant');
    if (tenant.kind === 'public') {
      throw unauthorized(
        c,
        `R18: ${doc.method.toUpperCase()} ${doc.path} needs a credential (Authorization: Bearer <token>; affsim's clients send $AFFSIM_TARGET_TOKEN)`,
      );
    }
    if (tenant.kind === 'ingest' || access === 'tenant') return next();
    if (access === 'ingest') {
      throw forbidden(
        `R18: ${doc.method.toUpperCase()} ${doc.path} takes the ingestion token, not the token of the ${tenantName(tenant)}`,
      );
    }
    const param = (name: string) => c.req.param(name) ?? '';
    if (!owns(access, tenant, param, engine)) {
      const what =
        access === 'seller'
          ? `store ${param('storeId')}`
          : access === 'affiliate'
            ? `affiliate ${param('affiliateId')}`
            : `order ${param('orderId')}`;
      throw new ProblemError(notVisible(`R18: no ${excerpt(what)} for the ${tenantName(tenant)}`));
    }
    return next();
  };
}

function owns(
  access: 'seller' | 'affiliate' | 'order-seller',
  tenant: Exclude<Tenant, { kind: 'public' | 'ingest' }>,
  param: (name: string) => string,
  engine: Engine,
): boolean {
  switch (access) {
    case 'seller':
      return tenant.kind === 'seller' && param('storeId') === tenant.storeId;
    case 'affiliate':
      return tenant.kind === 'affiliate' && param('affiliateId') === tenant.affiliateId;
    case 'order-seller':
      return tenant.kind === 'seller' && engine.orderStoreId(param('orderId')) === tenant.storeId;
  }
}

/** Whether a tenant may read an order's decision: ingestion, the order's store, or the affiliate it credits (R18). */
export function seesOrder(
  tenant: Tenant,
  storeId: string | undefined,
  creditedAffiliateId: string | null | undefined,
): boolean {
  switch (tenant.kind) {
    case 'ingest':
      return true;
    case 'seller':
      return storeId !== undefined && storeId === tenant.storeId;
    case 'affiliate':
      return creditedAffiliateId != null && creditedAffiliateId === tenant.affiliateId;
    case 'public':
      return false;
  }
}
