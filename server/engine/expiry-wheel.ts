import { DAY_MS } from '../../sim/domain/instant.js';
import {
  CHUNK_BITS,
  CHUNK_MASK,
  type ChunkedColumn,
  capacityOf,
  chunkedColumn,
  reserveRows,
} from './row-chunks.js';

/**
 * Rows filed by the day their state may be dropped, swept as time advances (pair expiry): one
 * doubly linked list per day through two row columns, so filing, refiling (a click moved the
 * window's end) and unfiling are O(1), and a sweep touches only the days that time passed. The
 * columns are in chunks (row-chunks.ts), as the pair table's rows are.
 */
/** The wheel as plain data (a snapshot's part). */
export interface ExpiryWheelState {
  readonly next: Int32Array[];
  readonly prev: Int32Array[];
  readonly dayOf: Int32Array[];
  readonly heads: Map<number, number>;
  readonly firstOpenDay: number;
}

export class ExpiryWheel {
  readonly #next: ChunkedColumn<Int32Array>;
  readonly #prev: ChunkedColumn<Int32Array>;
  /** The day a row is filed under, or -1 (never filed, or unfiled). */
  readonly #dayOf: ChunkedColumn<Int32Array>;
  readonly #columns: readonly ChunkedColumn[];
  /** Day number → first row of its list. */
  readonly #heads: Map<number, number>;
  /** Every day before this one has been swept; a row filed for a swept day goes here instead. */
  #firstOpenDay: number;

  constructor(state?: ExpiryWheelState) {
    this.#next = chunkedColumn(Int32Array, 1, -1, state?.next);
    this.#prev = chunkedColumn(Int32Array, 1, -1, state?.prev);
    this.#dayOf = chunkedColumn(Int32Array, 1, -1, state?.dayOf);
    this.#columns = [this.#next, this.#prev, this.#dayOf];
    this.#heads = state?.heads ?? new Map();
    this.#firstOpenDay = state?.firstOpenDay ?? Number.NEGATIVE_INFINITY;
  }

  state(): ExpiryWheelState {
    return {
      next: this.#next.chunks,
      prev: this.#prev.chunks,
      dayOf: this.#dayOf.chunks,
      heads: this.#heads,
      firstOpenDay: this.#firstOpenDay,
    };
  }

  /** Files `row` under the day of `dropAtMs` (it may be dropped once time reaches the next day). */
  file(row: number, dropAtMs: number): void {
    if (row >= capacityOf(this.#next)) reserveRows(this.#columns, row);
    const day = Math.max(Math.floor(dropAtMs / DAY_MS), this.#firstOpenDay);
    if (at(this.#dayOf, row) === day) return;
    this.unfile(row);
    const head = this.#heads.get(day);
    put(this.#next, row, head ?? -1);
    put(this.#prev, row, -1);
    if (head !== undefined) put(this.#prev, head, row);
    this.#heads.set(day, row);
    put(this.#dayOf, row, day);
  }

  unfile(row: number): void {
    if (row >= capacityOf(this.#dayOf)) return;
    const day = at(this.#dayOf, row);
    if (day < 0) return;
    const next = at(this.#next, row);
    const prev = at(this.#prev, row);
    if (prev >= 0) put(this.#next, prev, next);
    else if (next >= 0) this.#heads.set(day, next);
    else this.#heads.delete(day);
    if (next >= 0) put(this.#prev, next, prev);
    put(this.#dayOf, row, -1);
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
        const next = at(this.#next, row);
        put(this.#dayOf, row, -1);
        drop(row);
        row = next;
      }
      this.#heads.delete(day);
    }
  }
}

function at(column: ChunkedColumn<Int32Array>, row: number): number {
  return (column.chunks[row >>> CHUNK_BITS] as Int32Array)[row & CHUNK_MASK] as number;
}

function put(column: ChunkedColumn<Int32Array>, row: number, value: number): void {
  (column.chunks[row >>> CHUNK_BITS] as Int32Array)[row & CHUNK_MASK] = value;
}
