import type { Replayer } from '../run/replay-history.js';
import type { RunPlatform } from '../run/run-platform.js';
import { expectPlatformPolicy } from './expect-platform-policy.js';
import { type InProcessOptions, inProcessReplayer, listenInProcessPlatform } from './in-process-platform.js';
import { loadAdapter, serviceReplayer } from './replayers.js';

const SHARED = 'not shrunk: a machine of a sharded run (--shard) never resets the target the others use';

/**
 * affsim's own platform, in-process on an ephemeral port, running the scenario's policy; with
 * `mutant`, a mutant of the zoo instead (its runs and its shrinking replays), named in the label.
 */
export function inProcessRunPlatform(options: InProcessOptions = {}): RunPlatform {
  return {
    label:
      options.mutant === undefined ? 'affsim (in-process)' : `affsim (in-process, mutant ${options.mutant})`,
    open: (policy) => listenInProcessPlatform(policy, options),
    // Each replay gets a fresh in-process platform, so even a sharded run's machine can shrink.
    replayer: async (policy) => inProcessReplayer(policy, options),
  };
}

/**
 * A running platform at `baseUrl`. Without an adapter it speaks affsim's API, so it must say it runs
 * the scenario's policy (GET /policy); a user's adapter speaks for a platform of its own.
 */
export function remoteRunPlatform(
  baseUrl: string,
  adapterFile?: string,
  timeoutMs?: number,
  /** The bearer token the workers send (`--target-token`, $AFFSIM_TARGET_TOKEN). */
  token?: string,
): RunPlatform {
  return {
    label: baseUrl,
    ...(adapterFile === undefined ? {} : { adapterFile }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    async open(policy) {
      if (adapterFile === undefined) await expectPlatformPolicy(baseUrl, policy, 'scenario', timeoutMs);
      return { baseUrl, token, close: async () => {} };
    },
    async replayer(policy, _open, sharded): Promise<Replayer | string> {
      if (adapterFile === undefined)
        return 'not shrunk: affsim cannot empty a running platform it reaches by URL alone; give an adapter with reset(ctx) to shrink';
      if (sharded) return SHARED;
      const target = await loadAdapter(adapterFile);
      if (target.reset === undefined)
        return `not shrunk: the adapter ${adapterFile} has no reset(ctx), so a history cannot be replayed on a clean service`;
      return serviceReplayer(target, baseUrl, policy, timeoutMs, undefined, token);
    },
  };
}
