import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Policy } from '../sim/domain/policy.js';
import { createPlatform } from './app.js';
import type { Capacity } from './engine/capacity.js';
import type { Engine } from './engine/engine.js';
import type { PlatformAuth } from './http/auth.js';
import { createLogger, type Logger } from './http/logger.js';
import type { SnapshotStatus } from './http/metrics.js';
import {
  hardenServer,
  NODE_HTTP_LIMITS,
  type NodeHttpLimits,
  nodeServerOptions,
} from './http/node-limits.js';

export interface ServeOptions {
  readonly port: number;
  readonly host?: string;
  readonly policy: Policy;
  /** The capacity limits of the fresh engine (engine/capacity.ts); DEFAULT_CAPACITY when absent. */
  readonly capacity?: Capacity;
  /** Pair expiry of the fresh engine (engine-types.ts EngineOptions); off when absent. */
  readonly pairExpiryLagMs?: number | undefined;
  /** An engine that already holds state (benchmarks); a fresh one for `policy` when absent. */
  readonly engine?: Engine;
  readonly logger?: Logger;
  readonly version?: string;
  /** Called after every request, before its answer leaves (app.ts `commit`): the journal's commit. */
  readonly commit?: () => void;
  /** app.ts `snapshotStatus`: a data dir's snapshots, in /metrics. */
  readonly snapshotStatus?: () => SnapshotStatus | undefined;
  /** Node-level limits (timeouts, header size, connections); NODE_HTTP_LIMITS when absent. */
  readonly http?: Partial<NodeHttpLimits>;
  /** Credentials (app.ts `auth`): absent, a fresh random ingestion token, in `RunningServer.ingestToken`. */
  readonly auth?: PlatformAuth;
  /** Keep the report book (app.ts `reports`; default true). */
  readonly reports?: boolean;
}

export interface RunningServer {
  readonly url: string;
  /** The ingestion token its clients send (R18); undefined with NO_AUTH. */
  readonly ingestToken: string | undefined;
  /** Stops accepting connections and resolves once every in-flight request has been answered. */
  close(): Promise<void>;
}

/** How long a graceful close waits for in-flight requests before it cuts the remaining connections. */
export const SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 25;

/** Puts the platform on a port (0: any free port) with @hono/node-server. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const { app, ingestToken } = createPlatform({
    ...(options.auth ? { auth: options.auth } : {}),
    policy: options.policy,
    logger,
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.capacity ? { capacity: options.capacity } : {}),
    pairExpiryLagMs: options.pairExpiryLagMs,
    ...(options.version ? { version: options.version } : {}),
    ...(options.commit ? { commit: options.commit } : {}),
    ...(options.snapshotStatus ? { snapshotStatus: options.snapshotStatus } : {}),
    ...(options.reports === false ? { reports: false } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  const limits = { ...NODE_HTTP_LIMITS, ...options.http };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: options.port,
        hostname: host,
        serverOptions: nodeServerOptions(limits),
      },
      () => resolve(s as Server),
    ) as Server;
    hardenServer(s, limits, logger);
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    ingestToken,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // close() stops new connections and waits for in-flight requests. Keep-alive sockets are
        // closed as soon as they are idle (also those that finish a request after this point).
        const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
        const deadline = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearInterval(idleSweep);
          clearTimeout(deadline);
          logger.info('closed');
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
