import { DAY_MS } from '../../sim/domain/instant.js';

/**
 * Rows filed by the day their state may be dropped, swept as time advances (pair expiry): one
 * doubly linked list per day through two row columns, so filing, refiling (a click moved the
 * window's end) and unfiling are O(1), and a sweep touches only the days that time passed.
 */
/** The wheel as plain data (a snapshot's part). */
export interface ExpiryWheelState {
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly dayOf: Int32Array;
  readonly heads: Map<number, number>;
  readonly firstOpenDay: number;
}

export class ExpiryWheel {
  #next: Int32Array;
  #prev: Int32Array;
  /** The day a row is filed under, or -1 (never filed, or unfiled). */
  #dayOf: Int32Array;
  /** Day number → first row of its list. */
  readonly #heads: Map<number, number>;
  /** Every day before this one has been swept; a row filed for a swept day goes here instead. */
  #firstOpenDay: number;

  constructor(state?: ExpiryWheelState) {
    this.#next = state?.next ?? new Int32Array(64);
    this.#prev = state?.prev ?? new Int32Array(64);
    this.#dayOf = state?.dayOf ?? new Int32Array(64).fill(-1);
    this.#heads = state?.heads ?? new Map();
    this.#firstOpenDay = state?.firstOpenDay ?? Number.NEGATIVE_INFINITY;
  }

  state(): ExpiryWheelState {
    return {
      next: this.#next,
      prev: this.#prev,
      dayOf: this.#dayOf,
      heads: this.#heads,
      firstOpenDay: this.#firstOpenDay,
    };
  }

  /** Files `row` under the day of `dropAtMs` (it may be dropped once time reaches the next day). */
  file(row: number, dropAtMs: number): void {
    if (row >= this.#next.length) this.#grow(row + 1);
    const day = Math.max(Math.floor(dropAtMs / DAY_MS), this.#firstOpenDay);
    if (this.#dayOf[row] === day) return;
    this.unfile(row);
    const head = this.#heads.get(day);
    this.#next[row] = head ?? -1;
    this.#prev[row] = -1;
    if (head !== undefined) this.#prev[head] = row;
    this.#heads.set(day, row);
    this.#dayOf[row] = day;
  }

  unfile(row: number): void {
    const day = this.#dayOf[row] as number;
    if (day < 0) return;
    const next = this.#next[row] as number;
    const prev = this.#prev[row] as number;
    if (prev >= 0) this.#next[prev] = next;
    else if (next >= 0) this.#heads.set(day, next);
    else this.#heads.delete(day);
    if (next >= 0) this.#prev[next] = prev;
    this.#dayOf[row] = -1;
  }

  /**
   * Calls `drop` for every row filed under a day that ended at or before `nowMs` and unfiles it.
   * The caller checks the row's own instant (a day's rows drop at the day's end at the latest).
   */
  sweep(nowMs: number, drop: (row: number) => void): void {
    const openDay = Math.floor(nowMs / DAY_MS);
    if (openDay <= this.#firstOpenDay) return;
    // The first sweep starts from the earliest day filed; later ones from where the last stopped.
    let day = Number.isFinite(this.#firstOpenDay)
      ? this.#firstOpenDay
      : Math.min(openDay, ...this.#heads.keys());
    // Set first: a row refiled during the sweep goes to an open day, not back into a swept list.
    this.#firstOpenDay = openDay;
    // Stops early once no list is left (a jump of years in time costs nothing).
    for (; day < openDay && this.#heads.size > 0; day += 1) {
      let row = this.#heads.get(day);
      while (row !== undefined && row >= 0) {
        const next = this.#next[row] as number;
        this.#dayOf[row] = -1;
        drop(row);
        row = next;
      }
      this.#heads.delete(day);
    }
  }

  #grow(min: number): void {
    const size = Math.max(min, Math.ceil(this.#next.length * 1.5));
    const grown = (column: Int32Array, fill: number) => {
      const next = new Int32Array(size).fill(fill);
      next.set(column);
      return next;
    };
    this.#next = grown(this.#next, -1);
    this.#prev = grown(this.#prev, -1);
    this.#dayOf = grown(this.#dayOf, -1);
  }
}
