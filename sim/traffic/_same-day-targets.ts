import type { Scenario } from '../scenario/define-scenario.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';
import type { Store } from '../world/world.js';

/** A setting change that a buyer's orders of `productIndex` precede on the same day. */
export interface SameDayTarget {
  readonly atMs: number;
  readonly storeIndex: number;
  readonly productIndex: number;
  /** Its place among the store's targets: with the store, it names the target's buyer. */
  readonly seq: number;
}

/** Tries to find a product that a default-rate change affects (not a main product). */
const PICK_TRIES = 8;

/**
 * Chooses which of a store's setting changes get same-day orders (`adversarial.sameDaySettingShare`)
 * and of which product: the one a change affects. Its own stream per store, so choosing changes
 * none of the plan's other draws. The orders themselves are the buyer side's (same-day-orders).
 */
export class SameDayTargets {
  readonly targets: SameDayTarget[] = [];
  readonly #store: Store;
  readonly #share: number;
  readonly #rng: Rng;

  private constructor(store: Store, share: number, rng: Rng) {
    this.#store = store;
    this.#share = share;
    this.#rng = rng;
  }

  static of(store: Store, scenario: Scenario, seed: number): SameDayTargets | undefined {
    const share = scenario.adversarial.sameDaySettingShare;
    return share > 0
      ? new SameDayTargets(store, share, Rng.derive(seed, SALT.sameDaySettings, store.index))
      : undefined;
  }

  /** A main product set or removed: its own orders are the ones whose tier and rate it changes. */
  mainProduct(atMs: number, productIndex: number): void {
    if (this.#rng.chance(this.#share)) this.#add(atMs, productIndex);
  }

  /** A default-rate change: orders of a product that is not main resolve to the default rate. */
  defaultRate(atMs: number, mainProducts: ReadonlySet<number>): void {
    if (!this.#rng.chance(this.#share)) return;
    const count = this.#store.products.length;
    for (let i = 0; i < PICK_TRIES; i += 1) {
      const productIndex = this.#rng.int(0, count - 1);
      if (!mainProducts.has(productIndex)) {
        this.#add(atMs, productIndex);
        return;
      }
    }
  }

  /** A category rate: orders of a product of that category that is not main. */
  categoryRate(atMs: number, categoryId: string, mainProducts: ReadonlySet<number>): void {
    if (!this.#rng.chance(this.#share)) return;
    const candidates = this.#store.products.filter(
      (p) => p.categoryId === categoryId && !mainProducts.has(p.index),
    );
    if (candidates.length > 0) this.#add(atMs, this.#rng.pick(candidates).index);
  }

  #add(atMs: number, productIndex: number): void {
    this.targets.push({ atMs, storeIndex: this.#store.index, productIndex, seq: this.targets.length });
  }
}
