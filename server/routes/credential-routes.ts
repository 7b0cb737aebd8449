import type { Hono } from 'hono';
import { excerpt } from '../../sim/domain/excerpt.js';
import * as s from '../contract/schemas.js';
import type { IssuedTenant } from '../http/credentials.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { parseOr400, readJson } from '../http/read-json.js';

/**
 * The operator's credential desk: a new bearer token for a registered seller or affiliate, for the
 * ingestion token only. Tokens live in memory (only their digests), so after a restart of a
 * durable server, or for a tenant registered through `/events`, this is how its seller or
 * affiliate gets a credential again; every earlier token stays valid until the server stops.
 */
export function credentialRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'post',
    path: '/auth/tokens',
    tag: 'Credentials',
    access: 'ingest',
    summary: 'Issue a bearer token for a registered seller or affiliate (ingestion token only, R18)',
    body: s.tokenRequestBody,
    responses: {
      201: { description: 'The token (shown once; the platform keeps only its SHA-256 digest)' },
      422: { description: 'R16: no such store or affiliate is registered' },
    },
  });
  app.post('/auth/tokens', async function issueToken(c) {
    const body = parseOr400(s.tokenRequestBody, await readJson(c), 'body');
    const tenant: IssuedTenant = body;
    const known =
      tenant.kind === 'seller'
        ? deps.engine.storeCatalogue(tenant.storeId) !== undefined
        : deps.engine.hasAffiliate(tenant.affiliateId);
    if (!known) {
      const what = tenant.kind === 'seller' ? `store ${tenant.storeId}` : `affiliate ${tenant.affiliateId}`;
      throw new ProblemError(
        makeProblem('rule-violation', 422, `R16: unknown ${excerpt(what)}`, { rule: 'R16' }),
      );
    }
    return c.json({ ...tenant, token: deps.auth.tokens.issue(tenant) }, 201);
  });
}
