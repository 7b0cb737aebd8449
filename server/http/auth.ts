import { createHmac, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerToken, type Tenant, type TokenKeeper, TokenStore } from './credentials.js';
import { makeProblem, type Problem, ProblemError } from './problem.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who the request acts as (R18), set by `authenticate` from its credential alone. */
    tenant: Tenant;
  }
}

/**
 * How a platform authenticates (`createPlatform({auth})`):
 * - `{ingestToken}`: bearer tokens (R18). The ingestion token may submit any event with a
 *   simulated `at`; sellers and affiliates get theirs when registered. `linkKey` signs promotion
 *   links and buyer cookies (random at start when absent: links then die with the process).
 * - `{noAuth: true}`: every request acts as the ingestion token (`affsim serve --no-auth`, local
 *   experiments only). Links are still signed.
 */
export type PlatformAuth =
  | {
      readonly ingestToken: string;
      readonly linkKey?: string | undefined;
      /** Where issued tokens are kept across restarts (`--data-dir`); in memory only when absent. */
      readonly tokenKeeper?: TokenKeeper | undefined;
    }
  | { readonly noAuth: true; readonly linkKey?: string | undefined };

/** `--no-auth`, for tests and local experiments that do not exercise the credentials. */
export const NO_AUTH: PlatformAuth = { noAuth: true };

/** What the routes need of the credentials: who may do what, and the keys that sign what the server hands out. */
export interface AuthState {
  /** `--no-auth`: every request is the ingestion tenant. */
  readonly open: boolean;
  readonly tokens: TokenStore;
  readonly linkKey: Buffer;
  readonly cookieKey: Buffer;
}

export function authState(auth: PlatformAuth): AuthState {
  const linkKey = auth.linkKey === undefined ? randomBytes(32) : Buffer.from(auth.linkKey, 'utf8');
  return {
    open: 'noAuth' in auth,
    tokens: 'noAuth' in auth ? new TokenStore(undefined) : new TokenStore(auth.ingestToken, auth.tokenKeeper),
    linkKey,
    // Its own key, derived: a signed link is never a valid buyer cookie nor the other way round.
    cookieKey: createHmac('sha256', linkKey).update('affsim buyer cookie').digest(),
  };
}

const INGEST: Tenant = { kind: 'ingest' };
const PUBLIC: Tenant = { kind: 'public' };

/**
 * Sets the request's tenant from its `Authorization: Bearer` header: none is `public`; one that is
 * not a bearer token or not a token of this platform is 401, on every route (a client with a bad
 * token learns it at once, also where no token is needed). The token is never logged or echoed.
 */
export function authenticate(auth: AuthState): MiddlewareHandler {
  return async function authenticateMiddleware(c, next) {
    if (auth.open) {
      c.set('tenant', INGEST);
      return next();
    }
    const token = bearerToken(c.req.header('authorization'));
    if (token === undefined) c.set('tenant', PUBLIC);
    else {
      const tenant = token === null ? undefined : auth.tokens.resolve(token);
      if (tenant === undefined) {
        throw unauthorized(
          c,
          token === null
            ? 'R18: the Authorization header is not a bearer token (`Authorization: Bearer <token>`)'
            : "R18: the bearer token is not valid on this platform (affsim serve's ingestion token, or one it issued)",
        );
      }
      c.set('tenant', tenant);
    }
    return next();
  };
}

/** A 401 with the challenge RFC 6750 asks for. */
export function unauthorized(c: Context, detail: string): ProblemError {
  c.header('www-authenticate', 'Bearer realm="affsim"');
  return new ProblemError(makeProblem('unauthorized', 401, detail, { rule: 'R18' }));
}

/** A credential of the wrong kind for what was asked; `field` names the part of the request only the ingestion token may send. */
export function forbidden(detail: string, field?: string): ProblemError {
  const errors = field === undefined ? {} : { errors: [{ path: field, message: detail }] };
  return new ProblemError(makeProblem('forbidden', 403, detail, { rule: 'R18', ...errors }));
}

/** Another tenant's object, said as "not found" so its existence does not leak (R18). */
export function notVisible(detail: string): Problem {
  return makeProblem('not-found', 404, detail, { rule: 'R18' });
}
