import type { FaultSpec } from '../run/fault-spec.js';
import { NO_FAULTS } from '../run/merge-faults.js';
import type { FaultCounts, RunFaults } from '../run/run-result.js';
import type { Shard } from '../traffic/shard.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';

/** What happens to one attempt of a request (fault-spec.ts says what each means). */
export type AttemptFault =
  | { readonly kind: 'drop-before' }
  | { readonly kind: 'drop-after' }
  | { readonly kind: 'dup' }
  /** `applied`: the target got the request before the client gave up (the answer is lost either way). */
  | { readonly kind: 'timeout'; readonly applied: boolean };

export interface AttemptPlan {
  /** Wait this long before sending (0: none). */
  readonly delayMs: number;
  readonly fault: AttemptFault | undefined;
}

/** What the HTTP client asks of its faults (target-context.ts): a plan per attempt, and a retry seen. */
export interface RequestFaults {
  attempt(mayFail: boolean): AttemptPlan;
  retried(): void;
}

const CLEAN: AttemptPlan = Object.freeze({ delayMs: 0, fault: undefined });

/**
 * The faults of one worker's connection (`affsim run --faults`), drawn from the run's seed and the
 * worker's shard, so a run with the same seed, spec and workers injects the same faults: the
 * worker's requests are a fixed sequence (one at a time, in the traffic's order), and each draw is
 * the next of its stream. Two streams, so the events a reorder draws for do not shift the request
 * faults. It counts what it injected and every retry, for result.json's `faults`.
 */
export class FaultInjector implements RequestFaults {
  readonly #spec: FaultSpec;
  readonly #requests: Rng;
  readonly #reorders: Rng;
  readonly #injected: { -readonly [K in keyof FaultCounts]: number } = { ...NO_FAULTS };
  #retries = 0;

  constructor(spec: FaultSpec, seed: number, shard: Shard) {
    this.#spec = spec;
    this.#requests = Rng.derive(seed, SALT.faults, 0, shard.index, shard.count);
    this.#reorders = Rng.derive(seed, SALT.faults, 1, shard.index, shard.count);
  }

  /**
   * The plan for a request's next attempt. `mayFail` is false on its last attempt: the injector
   * never fails every attempt of a request (consecutive failures stay under the retry budget), so
   * a faulted run completes; a duplicate or a delay fails nothing and may still come.
   */
  attempt(mayFail: boolean): AttemptPlan {
    const s = this.#spec;
    const delayMs = this.#delay();
    const u = this.#requests.float();
    // Slices of one uniform draw: drop before, drop after, timeout, then dup.
    const [before, after, timeout] = [
      s.dropBefore,
      s.dropBefore + s.dropAfter,
      s.dropBefore + s.dropAfter + s.timeout,
    ];
    let fault: AttemptFault | undefined;
    if (u < timeout && !mayFail) fault = undefined;
    else if (u < before) fault = { kind: 'drop-before' };
    else if (u < after) fault = { kind: 'drop-after' };
    else if (u < timeout) fault = { kind: 'timeout', applied: this.#requests.chance(0.5) };
    else if (u < timeout + s.dup) fault = { kind: 'dup' };
    if (delayMs > 0) this.#injected.delay += 1;
    if (fault !== undefined) this.#injected[COUNTED[fault.kind]] += 1;
    return fault === undefined && delayMs === 0 ? CLEAN : { delayMs, fault };
  }

  #delay(): number {
    const d = this.#spec.delay;
    if (d === undefined || d.ms === 0) return 0;
    if (d.jitter) return this.#requests.int(0, d.ms);
    return this.#requests.chance(d.share) ? d.ms : 0;
  }

  /** Whether to swap the next independent pair of events (fault-reordering.ts); counted when so. */
  swap(): boolean {
    if (this.#spec.reorder === 0 || !this.#reorders.chance(this.#spec.reorder)) return false;
    this.#injected.reorder += 1;
    return true;
  }

  get reorders(): boolean {
    return this.#spec.reorder > 0;
  }

  /** A request is tried again (after an injected fault or a real failure). */
  retried(): void {
    this.#retries += 1;
  }

  report(): RunFaults {
    return { spec: this.#spec.text, injected: { ...this.#injected }, retries: this.#retries };
  }
}

const COUNTED = {
  'drop-before': 'dropBefore',
  'drop-after': 'dropAfter',
  dup: 'dup',
  timeout: 'timeout',
} as const satisfies Record<AttemptFault['kind'], keyof FaultCounts>;
