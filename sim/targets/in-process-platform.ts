import { createApp } from '../../server/app.js';
import { startServer } from '../../server/serve.js';
import type { Policy } from '../domain/policy.js';
import type { PlatformSend } from './platform-send.js';

/**
 * affsim's own platform as an adapter: the one place on the client side that reaches into server/
 * (the layering rule in .dependency-cruiser.cjs allows it here and in the CLI only).
 */

/** The platform without a socket (`app.request`): for `affsim check --engine server` and tests. */
export function inProcessPlatform(policy: Policy): PlatformSend {
  const app = createApp({ policy });
  return async (path, init) => app.request(path, init);
}

/** A platform on an ephemeral loopback port, for runs whose workers need a URL. */
export interface ListeningPlatform {
  readonly baseUrl: string;
  close(): Promise<void>;
}

export async function listenInProcessPlatform(policy: Policy): Promise<ListeningPlatform> {
  const server = await startServer({ port: 0, policy });
  return { baseUrl: server.url, close: () => server.close() };
}
