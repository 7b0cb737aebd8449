import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { BODY_BYTES_MAX } from '../sim/domain/api-limits.js';
import { DEFAULT_POLICY, type Policy } from '../sim/domain/policy.js';
import { RouteDocs } from './contract/route-docs.js';
import { commitBeforeAnswer } from './durable/commit-middleware.js';
import type { Capacity } from './engine/capacity.js';
import { createEngine, type Engine } from './engine/engine.js';
import { accessGuard } from './http/access-guard.js';
import { type AuthState, authenticate, authState, type PlatformAuth } from './http/auth.js';
import { newToken } from './http/credentials.js';
import type { RouteDeps } from './http/deps.js';
import { jsonBodiesOnly } from './http/json-only.js';
import { createLogger } from './http/logger.js';
import { unmatchedHandler } from './http/method-not-allowed.js';
import { type AppMetrics, createMetrics, type SnapshotStatus } from './http/metrics.js';
import { makeProblem, ProblemError, problemResponse } from './http/problem.js';
import { requestLog } from './http/request-log.js';
import { hasReports, withReports } from './reports/reporting-engine.js';
import { affiliateRoutes } from './routes/affiliate-routes.js';
import { attributionRoutes } from './routes/attribution-routes.js';
import { credentialRoutes } from './routes/credential-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { opsRoutes } from './routes/ops-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { reportRoutes } from './routes/report-routes.js';
import { sellerRoutes } from './routes/seller-routes.js';
import { trafficRoutes } from './routes/traffic-routes.js';

export interface AppOptions {
  /** The engine to serve; a fresh one for `policy` (default: DEFAULT_POLICY) when absent. */
  readonly engine?: Engine;
  readonly policy?: Policy;
  /** The capacity limits of the fresh engine (engine/capacity.ts); DEFAULT_CAPACITY when absent. */
  readonly capacity?: Capacity;
  /** Pair expiry of the fresh engine (engine-types.ts EngineOptions); off when absent. */
  readonly pairExpiryLagMs?: number | undefined;
  readonly logger?: Logger;
  readonly version?: string;
  /**
   * Makes the events a request applied durable; called once per request, after its handler and
   * before its answer leaves (`affsim serve --data-dir`: the journaled engine's commit). Absent:
   * in memory only.
   */
  readonly commit?: () => void;
  /** A data dir's snapshot status, for `affsim_snapshot_*` in /metrics (the journaled engine's). */
  readonly snapshotStatus?: () => SnapshotStatus | undefined;
  /**
   * Credentials (R18, http/auth.ts): the ingestion token and the link key, or `NO_AUTH`. Absent:
   * bearer tokens with a fresh random ingestion token, returned as `PlatformApp.ingestToken`, so
   * a platform is never open unless asked to be.
   */
  readonly auth?: PlatformAuth;
  /** The server's clock (UTC ms) for events of tenants other than ingestion; Date.now when absent. */
  readonly now?: () => number;
  /**
   * Keep the report book (server/reports; default true). False for a platform that only answers a
   * run (`affsim run`, `check --engine server`): nobody reads its reports, and the book costs time
   * on every event. Its report routes then answer 404.
   */
  readonly reports?: boolean;
}

export interface PlatformApp {
  readonly app: Hono;
  readonly engine: Engine;
  readonly metrics: AppMetrics;
  /** The ingestion token (R18); undefined with NO_AUTH. */
  readonly ingestToken: string | undefined;
  /** The credentials, for issuing tenant tokens in process (tests). */
  readonly auth: AuthState;
}

/**
 * The platform as a Hono app, without a socket: tests and the simulator call `app.request(...)`;
 * `serve.ts` puts it on a port. Every error, from any route or middleware, leaves through
 * `onError` as one RFC 9457 problem; a bad request is always a 4xx.
 */
export function createPlatform(options: AppOptions = {}): PlatformApp {
  // The report book beside the engine (server/reports), unless `reports: false`; one already wrapped keeps its own.
  const bare =
    options.engine ??
    createEngine(options.policy ?? DEFAULT_POLICY, undefined, options.capacity, {
      pairExpiryLagMs: options.pairExpiryLagMs,
    });
  const engine = options.reports === false ? bare : withReports(bare);
  const logger = options.logger ?? createLogger();
  const metrics = createMetrics(engine, options.snapshotStatus);
  const given = options.auth ?? { ingestToken: newToken() };
  const auth = authState(given);
  const app = new Hono();
  // Declaring a route installs its access guard (R18), ahead of its handler.
  const docs = new RouteDocs((doc) => {
    app.on(doc.method.toUpperCase(), doc.path, accessGuard(doc, engine));
  });
  const deps: RouteDeps = {
    engine,
    ...(hasReports(engine) ? { reports: engine.reports } : {}),
    metrics,
    logger,
    docs,
    auth,
    now: options.now ?? Date.now,
  };

  app.use('*', metrics.middleware);
  app.use('*', requestLog(logger));
  app.use('*', authenticate(auth));
  app.use('*', jsonBodiesOnly());
  app.use(
    '*',
    bodyLimit({
      maxSize: BODY_BYTES_MAX,
      onError: (c) =>
        problemResponse(
          c,
          makeProblem('payload-too-large', 413, `the request body is over ${BODY_BYTES_MAX} bytes`),
        ),
    }),
  );

  if (options.commit) app.use('*', commitBeforeAnswer(options.commit));

  sellerRoutes(app, deps);
  affiliateRoutes(app, deps);
  trafficRoutes(app, deps);
  orderRoutes(app, deps);
  ingestRoutes(app, deps);
  attributionRoutes(app, deps);
  reportRoutes(app, deps);
  credentialRoutes(app, deps);
  opsRoutes(app, deps, options.version ?? '0.0.0');

  app.notFound(unmatchedHandler(app));
  app.onError((error, c) => {
    if (error instanceof ProblemError) return problemResponse(c, error.problem);
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(
        c,
        makeProblem('invalid-request', error.status as 400, error.message || 'bad request'),
      );
    }
    logger.error({ err: error, method: c.req.method, path: c.req.path }, 'unexpected error');
    return c.body(
      JSON.stringify({
        type: 'about:blank',
        title: 'Internal error',
        status: 500,
        detail: 'unexpected error; see the server log',
      }),
      500,
      { 'content-type': 'application/problem+json' },
    );
  });
  return { app, engine, metrics, auth, ingestToken: 'ingestToken' in given ? given.ingestToken : undefined };
}

/** The Hono app alone (STYLE.md: `createApp(deps)`). */
export function createApp(options: AppOptions = {}): Hono {
  return createPlatform(options).app;
}
