/**
 * A value versioned by time (R4): each version holds from its instant until the next one. Events
 * may arrive out of time order across stores and buyers, so a buyer event asks for the value as of
 * its own `at`, not the latest one. Versions are kept sorted; appending in time order is O(1) and a
 * lookup is a binary search, O(log n).
 */
export class Versioned<T> {
  readonly #atMs: number[];
  readonly #values: T[];

  /** `state`: the versions of a snapshot (engine-snapshot.ts), taken as they are. */
  constructor(state?: VersionedState<T>) {
    this.#atMs = state === undefined ? [] : state.atMs;
    this.#values = state === undefined ? [] : state.values;
  }

  /** The versions as plain arrays, for a snapshot (not copied: serialize them before the next `set`). */
  state(): VersionedState<T> {
    return { atMs: this.#atMs, values: this.#values };
  }

  /**
   * Adds a version from `atMs`. A version at an instant already present goes after it: among
   * equal instants the one recorded later wins ("Order of evaluation": ties in recording order).
   */
  set(atMs: number, value: T): void {
    const index = this.#upperBound(atMs);
    if (index === this.#atMs.length) {
      this.#atMs.push(atMs);
      this.#values.push(value);
    } else {
      this.#atMs.splice(index, 0, atMs);
      this.#values.splice(index, 0, value);
    }
  }

  /** The value in force at `atMs` (the last version at or before it), or undefined before the first. */
  at(atMs: number): T | undefined {
    const index = this.#upperBound(atMs) - 1;
    return index < 0 ? undefined : this.#values[index];
  }

  get size(): number {
    return this.#atMs.length;
  }

  /** Index of the first version strictly after `atMs`. */
  #upperBound(atMs: number): number {
    const times = this.#atMs;
    // Fast path: almost every event is at or after the latest version.
    const n = times.length;
    if (n === 0 || (times[n - 1] as number) <= atMs) return n;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) <= atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** A Versioned's versions as plain data (a snapshot's part). */
export interface VersionedState<T> {
  readonly atMs: number[];
  readonly values: T[];
}
