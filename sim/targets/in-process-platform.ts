import { createPlatform } from '../../server/app.js';
import { UNBOUNDED_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine, type Engine } from '../../server/engine/engine.js';
import { DEFAULT_PAIR_EXPIRY_LAG_MS } from '../../server/engine/engine-types.js';
import { createMutantEngine, findMutant, type MutantInfo, mutantNames } from '../../server/mutants/index.js';
import { startServer } from '../../server/serve.js';
import type { Policy } from '../domain/policy.js';
import type { TargetContext } from '../run/define-target.js';
import type { Replayer } from '../run/replay-history.js';
import { TargetError } from '../run/target-error.js';
import { affsimTarget } from './affsim-target.js';
import type { PlatformSend } from './platform-send.js';

/**
 * affsim's own platform as an adapter: the one place on the client side that reaches into server/
 * (the layering rule in .dependency-cruiser.cjs allows it here and in the CLI only).
 */

export interface InProcessOptions {
  /**
   * A mutant of the zoo (server/mutants/) to run instead of the platform's engine: a platform
   * that breaks one rule on purpose. Throws on an unknown name, naming the valid ones.
   */
  readonly mutant?: string | undefined;
}

/** The zoo's mutants, for the CLI and tests (sim/ reaches server/ only through this file). */
export { findMutant, type MutantInfo, mutantNames };

/**
 * A fresh engine for `options` (a mutant's, when named). Without capacity limits: this platform
 * lives for one run, whose size `--max-events` bounds; `affsim serve`'s limits guard a server
 * that outlives its clients. `pairExpiryLagMs`: the run's platform expires pairs as `affsim serve`
 * does by default (the run's workers are paced within the lag, sim/run/day-pacing.ts), so a long
 * run or a soak keeps only live pairs; a history's platform (check, shrinking) keeps them all, as
 * its events may come in any order its recording has.
 */
function engineFor(policy: Policy, options: InProcessOptions, pairExpiryLagMs?: number): Engine {
  return options.mutant === undefined
    ? createEngine(policy, undefined, UNBOUNDED_CAPACITY, { pairExpiryLagMs })
    : createMutantEngine(options.mutant, policy, UNBOUNDED_CAPACITY);
}

/** A fresh platform with credentials on (R18); its clients send its ingestion token, as a remote client would. */
function appFor(policy: Policy, options: InProcessOptions) {
  // A run's platform: nobody reads its reports, so it keeps no report book (it costs every event).
  const platform = createPlatform({ policy, engine: engineFor(policy, options), reports: false });
  return { app: platform.app, authorization: `Bearer ${platform.ingestToken}` };
}

/** The platform without a socket (`app.request`): for `affsim check --engine server` and tests. */
export function inProcessPlatform(policy: Policy, options: InProcessOptions = {}): PlatformSend {
  const { app, authorization } = appFor(policy, options);
  return async (path, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    return app.request(path, { ...init, headers });
  };
}

/** A platform on an ephemeral loopback port, for runs whose workers need a URL. */
export interface ListeningPlatform {
  readonly baseUrl: string;
  /** Its ingestion token (R18), for the run's workers. */
  readonly token: string | undefined;
  close(): Promise<void>;
}

export async function listenInProcessPlatform(
  policy: Policy,
  options: InProcessOptions = {},
): Promise<ListeningPlatform> {
  const engine = engineFor(policy, options, DEFAULT_PAIR_EXPIRY_LAG_MS);
  const server = await startServer({ port: 0, policy, engine, reports: false });
  return { baseUrl: server.url, token: server.ingestToken, close: () => server.close() };
}

/**
 * affsim's own platform for replays (shrinking a violation's history): affsim's API adapter over
 * `app.request`, no socket; `reset` swaps in a fresh platform, so every replay starts empty.
 */
export function inProcessReplayer(policy: Policy, options: InProcessOptions = {}): Replayer {
  let platform = appFor(policy, options);
  const ctx: TargetContext = {
    baseUrl: 'http://affsim.in-process',
    policy,
    async request(method, path, body) {
      const { app, authorization } = platform;
      const response = await app.request(path, {
        method,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status >= 500) throw new TargetError(`${method} ${path}: answered ${response.status}`);
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // Not JSON: the adapter sees the text.
      }
      return { status: response.status, headers: Object.fromEntries(response.headers), body: parsed };
    },
  };
  return {
    target: affsimTarget,
    ctx,
    reset: async () => {
      platform = appFor(policy, options);
    },
    close: async () => {},
  };
}
