import type { Policy } from '../domain/policy.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';
import { spanEndMs } from './span-end.js';

/** A membership change the plan places, and its refused attempts before it. */
export interface PlacedChange {
  readonly atMs: number;
  readonly attemptsMs: readonly number[];
}

/**
 * Withdrawals and rejoins on the edge of another span of the policy (`adversarial.wrongSpanShare`):
 * a platform that computes the rejoin cooldown from `minMembershipDays` (or the window) errs only
 * there. Its own stream per store. When the other span's edge comes before the true one, an
 * attempt at it −1/0/+1 ms, which the rules refuse (R2, R1); when after, the change itself 1 ms
 * before it, which they accept. Equal spans tell nothing apart, so they are skipped.
 */
export class WrongSpans {
  readonly #share: number;
  readonly #policy: Policy;
  readonly rng: Rng;

  private constructor(share: number, policy: Policy, rng: Rng) {
    this.#share = share;
    this.#policy = policy;
    this.rng = rng;
  }

  static of(scenario: Scenario, seed: number, storeIndex: number): WrongSpans | undefined {
    const share = scenario.adversarial.wrongSpanShare;
    return share > 0
      ? new WrongSpans(share, scenario.policy, Rng.derive(seed, SALT.wrongSpan, storeIndex))
      : undefined;
  }

  /** R2: a withdrawal after a join at `fromMs`, whose true edge is `minMembershipDays` after it. */
  withdrawal(fromMs: number, atMs: number): PlacedChange {
    const { minMembershipDays, rejoinCooldownDays, windowDays } = this.#policy;
    return this.#place(fromMs, atMs, minMembershipDays, [rejoinCooldownDays, windowDays]);
  }

  /** R1: a rejoin after a withdrawal at `fromMs`, whose true edge is `rejoinCooldownDays` after it. */
  rejoin(fromMs: number, atMs: number): PlacedChange {
    const { minMembershipDays, rejoinCooldownDays, windowDays } = this.#policy;
    return this.#place(fromMs, atMs, rejoinCooldownDays, [minMembershipDays, windowDays]);
  }

  #place(fromMs: number, atMs: number, trueDays: number, otherDays: readonly number[]): PlacedChange {
    const unchanged = { atMs, attemptsMs: [] };
    if (!this.rng.chance(this.#share)) return unchanged;
    const edgeOf = (days: number) => Math.max(fromMs, spanEndMs(fromMs, days, this.#policy));
    const trueEdgeMs = edgeOf(trueDays);
    const wrong = otherDays.map(edgeOf).filter((e) => e !== trueEdgeMs);
    if (wrong.length === 0) return unchanged;
    const edgeMs = this.rng.pick(wrong);
    if (edgeMs > trueEdgeMs) return { atMs: edgeMs - 1, attemptsMs: [] };
    const attemptMs = edgeMs + this.rng.int(-1, 1);
    return attemptMs > fromMs && attemptMs < trueEdgeMs ? { atMs, attemptsMs: [attemptMs] } : unchanged;
  }
}
