import type { Policy } from '../domain/policy.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';

/**
 * Rates on the policy's `rateBounds` and just outside them (`adversarial.rateBoundsShare`): the
 * values where an off-by-one in R1 or R4 shows (`rateBounds` is inclusive). Its own stream per
 * store, so the rate drawn before is still drawn: the store's other draws stay where they were.
 */
export class BoundRates {
  readonly #share: number;
  readonly #policy: Policy;
  readonly #rng: Rng;

  private constructor(share: number, policy: Policy, rng: Rng) {
    this.#share = share;
    this.#policy = policy;
    this.#rng = rng;
  }

  /** The store's bound rates, or undefined when the scenario draws none. */
  static of(scenario: Scenario, seed: number, storeIndex: number): BoundRates | undefined {
    const share = scenario.adversarial.rateBoundsShare;
    return share > 0
      ? new BoundRates(share, scenario.policy, Rng.derive(seed, SALT.boundRates, storeIndex))
      : undefined;
  }

  /** A setting's rate: the drawn one, or with the share min, max (accepted), min − 1 or max + 1 (refused R4). */
  setting(drawnBps: number): number {
    if (!this.#rng.chance(this.#share)) return drawnBps;
    const { minBps, maxBps } = this.#policy.rateBounds;
    return this.#rng.pick([minBps, maxBps, minBps - 1, maxBps + 1]);
  }

  /**
   * A join's rate: the drawn one, or with the share min or max; then half the time an attempt
   * just before it at min − 1 or max + 1 (refused R1: a refused join would leave the store out).
   */
  join(drawnBps: number): { readonly rateBps: number; readonly attemptBps: number | undefined } {
    if (!this.#rng.chance(this.#share)) return { rateBps: drawnBps, attemptBps: undefined };
    const { minBps, maxBps } = this.#policy.rateBounds;
    const rateBps = this.#rng.pick([minBps, maxBps]);
    return {
      rateBps,
      attemptBps: this.#rng.chance(0.5) ? this.#rng.pick([minBps - 1, maxBps + 1]) : undefined,
    };
  }

  inBounds(rateBps: number): boolean {
    return rateBps >= this.#policy.rateBounds.minBps && rateBps <= this.#policy.rateBounds.maxBps;
  }
}
