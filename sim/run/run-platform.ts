import type { Policy } from '../domain/policy.js';
import type { Replayer } from './replay-history.js';

/**
 * The run's port to the platform under test: the coordinator opens it once the scenario's policy is
 * known, hands its URL to the workers and closes it at the end. Which platform it is — affsim's own
 * in-process, a remote affsim, the user's service behind an adapter — is the caller's choice
 * (sim/targets/run-platforms.ts); the run never imports a platform.
 */
export interface RunPlatform {
  /** What result.json names as the target. */
  readonly label: string;
  /** A user's `defineTarget` file the workers load; affsim's own API when absent. */
  readonly adapterFile?: string;
  /** How long a worker's request may wait for the platform's answer (`--target-timeout`). */
  readonly timeoutMs?: number;
  open(policy: Policy): Promise<OpenPlatform>;
  /**
   * A way to replay histories on this target from a clean start, for shrinking violations after
   * the run (shrink-violations.ts); a string says why there is none (no `reset`, a shared target).
   */
  replayer(policy: Policy, open: OpenPlatform, sharded: boolean): Promise<Replayer | string>;
}

export interface OpenPlatform {
  readonly baseUrl: string;
  /** The bearer token the workers send (R18: the platform's ingestion token); none when absent. */
  readonly token?: string | undefined;
  close(): Promise<void>;
}
