import type { RunPlatform } from '../run/run-platform.js';
import { expectPlatformPolicy } from './expect-platform-policy.js';
import { listenInProcessPlatform } from './in-process-platform.js';

/** affsim's own platform, in-process on an ephemeral port, running the scenario's policy. */
export const inProcessRunPlatform: RunPlatform = {
  label: 'affsim (in-process)',
  open: (policy) => listenInProcessPlatform(policy),
};

/**
 * A running platform at `baseUrl`. Without an adapter it speaks affsim's API, so it must say it runs
 * the scenario's policy (GET /policy); a user's adapter speaks for a platform of its own.
 */
export function remoteRunPlatform(baseUrl: string, adapterFile?: string, timeoutMs?: number): RunPlatform {
  return {
    label: baseUrl,
    ...(adapterFile === undefined ? {} : { adapterFile }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    async open(policy) {
      if (adapterFile === undefined) await expectPlatformPolicy(baseUrl, policy, 'scenario', timeoutMs);
      return { baseUrl, close: async () => {} };
    },
  };
}
