import type { Policy } from '../domain/policy.js';
import type { OpenPlatform, RunPlatform } from '../run/run-platform.js';
import { type AcknowledgedCheck, checkAcknowledged } from './crash-check.js';
import { type CrashCounts, CrashProxy } from './crash-proxy.js';
import { expectPlatformPolicy } from './expect-platform-policy.js';
import { type ServiceCommand, ServiceProcess } from './service-process.js';

export interface CrashRunOptions {
  /** Kill the service roughly every this many acknowledged events. */
  readonly everyN: number;
  readonly seed: number;
  /** How long a restart may take, and so how long a request waits for the service to be back. */
  readonly restartTimeoutMs: number;
  /** The service's command for the scenario's policy. */
  readonly command: (policy: Policy) => ServiceCommand;
  readonly label: string;
  /** Whether the service speaks affsim's API (GET /policy is checked); a `--target-cmd` service must too. */
  readonly timeoutMs?: number;
  /** The service's ingestion token (R18), sent by the workers and the final check. */
  readonly token?: string | undefined;
}

export interface CrashOutcome extends CrashCounts, AcknowledgedCheck {}

/**
 * `affsim run --crash-every N`: the service runs as a child process behind a CrashProxy that kills
 * and restarts it while the run's workers send traffic. Closing the platform kills it once more,
 * restarts it and checks every acknowledged event against the restarted service (crash-check.ts);
 * `outcome()` then holds the counts for result.json. Not shrunk: a replay would need a clean
 * service, and the violations of a crash run are judged on the run itself.
 */
export function crashRunPlatform(o: CrashRunOptions): RunPlatform & { outcome(): CrashOutcome | undefined } {
  let outcome: CrashOutcome | undefined;
  return {
    label: o.label,
    ...(o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs }),
    outcome: () => outcome,
    async open(policy): Promise<OpenPlatform> {
      const service = await ServiceProcess.create(o.command(policy), o.restartTimeoutMs);
      await service.start();
      const proxy = new CrashProxy(service, o.everyN, o.seed, o.restartTimeoutMs);
      const baseUrl = await proxy.listen();
      try {
        await expectPlatformPolicy(baseUrl, policy, 'scenario', o.timeoutMs);
      } catch (e) {
        await proxy.close();
        await service.stop();
        throw e;
      }
      let closed = false;
      return {
        baseUrl,
        token: o.token,
        async close() {
          if (closed) return;
          closed = true;
          try {
            proxy.disarm();
            if (proxy.failure === undefined) {
              // The last kill: whatever the run ended with is read back from what the service stored.
              await proxy.crash();
              if (proxy.failure === undefined)
                outcome = { ...proxy.counts(), ...(await checkAcknowledged(proxy, o.token)) };
            }
          } finally {
            await proxy.close();
            await service.stop();
          }
          if (proxy.failure !== undefined) throw proxy.failure;
        },
      };
    },
    async replayer() {
      return 'not shrunk: a crash run is judged on the run itself (its target restarts from its own data)';
    },
  };
}
