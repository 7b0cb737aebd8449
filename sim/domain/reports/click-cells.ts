import type { Channel } from '../channels.js';
import { grown, IdNumbers } from '../columns.js';
import type { ClickCell } from './book-rows.js';

/**
 * The report book's click cells (one per local day, store, affiliate, channel and link: R5) as
 * typed-array columns. Clicks are nearly all the traffic, and nearly every click of a marketplace
 * opens a cell of its own, so a cell is a row of numbers (~100 bytes with its index and list
 * entries) instead of an object and a Map key string (~370 bytes). Ids are numbered once (a table
 * bounded by the population, not by the events); a cell is found through an open-addressing index
 * of row numbers keyed by its five numbers; each store and affiliate lists its rows in the order
 * they were opened, the order a Map of cells iterated in. Readers get ClickCell objects built on
 * read (`CellList.values()`): a report reads rarely, a click writes always.
 */
const NO_PRODUCT = -1;
const MIN_ROWS = 64;

/** A list of row numbers as plain data (a snapshot's part). */
export interface RowListState {
  readonly rows: Int32Array;
  readonly size: number;
}

/** A growable list of row numbers. */
class RowList {
  #rows: Int32Array;
  #size: number;

  constructor(state?: RowListState) {
    this.#rows = state?.rows ?? new Int32Array(8);
    this.#size = state?.size ?? 0;
  }

  state(): RowListState {
    return { rows: this.#rows, size: this.#size };
  }

  get size(): number {
    return this.#size;
  }

  push(row: number): void {
    if (this.#size === this.#rows.length) {
      const rows = new Int32Array(Math.ceil(this.#rows.length * 1.5));
      rows.set(this.#rows);
      this.#rows = rows;
    }
    this.#rows[this.#size] = row;
    this.#size += 1;
  }

  at(i: number): number {
    return this.#rows[i] as number;
  }
}

/** One store's or affiliate's cells, in the order they were opened. */
export class CellList {
  readonly #rows: RowList;

  /** `state`: a snapshot's list of rows of `table`. */
  constructor(
    private readonly table: ClickCells,
    state?: RowListState,
  ) {
    this.#rows = new RowList(state);
  }

  state(): RowListState {
    return this.#rows.state();
  }

  get size(): number {
    return this.#rows.size;
  }

  add(row: number): void {
    this.#rows.push(row);
  }

  *values(): IterableIterator<ClickCell> {
    for (let i = 0; i < this.#rows.size; i += 1) yield this.table.cell(this.#rows.at(i));
  }
}

/** The cells as plain data (a snapshot's part). */
export interface ClickCellsState {
  readonly names: readonly string[];
  readonly day: Int32Array;
  readonly store: Int32Array;
  readonly affiliate: Int32Array;
  readonly channel: Int32Array;
  readonly product: Int32Array;
  readonly qualifying: Int32Array;
  readonly notQualifying: Int32Array;
  readonly firstAtMs: Float64Array;
  readonly lastAtMs: Float64Array;
  readonly index: Uint32Array;
  readonly rows: number;
}

export class ClickCells {
  /** Every id, channel and product in one table: the same string is the same number in any column. */
  readonly #names: IdNumbers;
  #day: Int32Array;
  #store: Int32Array;
  #affiliate: Int32Array;
  #channel: Int32Array;
  #product: Int32Array;
  #qualifying: Int32Array;
  #notQualifying: Int32Array;
  #firstAtMs: Float64Array;
  #lastAtMs: Float64Array;
  /** Row number + 1 per slot; 0 is an empty slot. The length is a power of two, load ≤ ½. */
  #index: Uint32Array;
  #rows: number;

  /** `state`: a snapshot's cells, taken as they are. */
  constructor(state?: ClickCellsState) {
    const column = (c: Int32Array | undefined) => c ?? new Int32Array(MIN_ROWS);
    this.#names = new IdNumbers(state?.names);
    this.#day = column(state?.day);
    this.#store = column(state?.store);
    this.#affiliate = column(state?.affiliate);
    this.#channel = column(state?.channel);
    this.#product = column(state?.product);
    this.#qualifying = column(state?.qualifying);
    this.#notQualifying = column(state?.notQualifying);
    this.#firstAtMs = state?.firstAtMs ?? new Float64Array(MIN_ROWS);
    this.#lastAtMs = state?.lastAtMs ?? new Float64Array(MIN_ROWS);
    this.#index = state?.index ?? new Uint32Array(MIN_ROWS * 2);
    this.#rows = state?.rows ?? 0;
  }

  /** Every column as it is (not copied: serialize it before the next click). */
  state(): ClickCellsState {
    return {
      names: this.#names.names(),
      day: this.#day,
      store: this.#store,
      affiliate: this.#affiliate,
      channel: this.#channel,
      product: this.#product,
      qualifying: this.#qualifying,
      notQualifying: this.#notQualifying,
      firstAtMs: this.#firstAtMs,
      lastAtMs: this.#lastAtMs,
      index: this.#index,
      rows: this.#rows,
    };
  }
  /** The key and empty slot of the last `find` that missed: what `open` opens. */
  readonly #missed = new Int32Array(6);

  get size(): number {
    return this.#rows;
  }

  /** Bytes of the columns and the index (the lists and the id table come on top). */
  get bytes(): number {
    const columns = [this.#day, this.#store, this.#affiliate, this.#channel, this.#product];
    const counts = [this.#qualifying, this.#notQualifying, this.#firstAtMs, this.#lastAtMs];
    return [...columns, ...counts, this.#index].reduce((sum, c) => sum + c.byteLength, 0);
  }

  /** The cell's row, or -1 when it has none yet (then `open` opens it). */
  find(
    day: number,
    storeId: string,
    affiliateId: string,
    channel: Channel,
    productId: string | null,
  ): number {
    const names = this.#names;
    const s = names.number(storeId);
    const a = names.number(affiliateId);
    const c = names.number(channel);
    const p = productId === null ? NO_PRODUCT : names.number(productId);
    const index = this.#index;
    const mask = index.length - 1;
    let slot = home(day, s, a, c, p) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = index[slot] as number;
      if (entry === 0) break;
      const r = entry - 1;
      if (
        this.#day[r] === day &&
        this.#store[r] === s &&
        this.#affiliate[r] === a &&
        this.#channel[r] === c &&
        this.#product[r] === p
      )
        return r;
    }
    const k = this.#missed;
    k[0] = day;
    k[1] = s;
    k[2] = a;
    k[3] = c;
    k[4] = p;
    k[5] = slot;
    return -1;
  }

  /** Opens the cell the last `find` missed, with no clicks yet: its row. */
  open(): number {
    const k = this.#missed;
    const r = this.#rows;
    if (r === this.#day.length) this.#grow();
    this.#day[r] = k[0] as number;
    this.#store[r] = k[1] as number;
    this.#affiliate[r] = k[2] as number;
    this.#channel[r] = k[3] as number;
    this.#product[r] = k[4] as number;
    this.#qualifying[r] = 0;
    this.#notQualifying[r] = 0;
    this.#firstAtMs[r] = Number.POSITIVE_INFINITY;
    this.#lastAtMs[r] = Number.NEGATIVE_INFINITY;
    this.#rows += 1;
    this.#index[k[5] as number] = r + 1;
    if (this.#rows * 2 > this.#index.length) this.#growIndex();
    return r;
  }

  /** Counts one click at `atMs` into the row. */
  count(row: number, qualifying: boolean, atMs: number): void {
    if (qualifying) this.#qualifying[row] = (this.#qualifying[row] as number) + 1;
    else this.#notQualifying[row] = (this.#notQualifying[row] as number) + 1;
    if (atMs < (this.#firstAtMs[row] as number)) this.#firstAtMs[row] = atMs;
    if (atMs > (this.#lastAtMs[row] as number)) this.#lastAtMs[row] = atMs;
  }

  /** The row as a ClickCell (a new object: reading it changes nothing). */
  cell(row: number): ClickCell {
    const names = this.#names;
    const p = this.#product[row] as number;
    return {
      day: this.#day[row] as number,
      storeId: names.name(this.#store[row] as number) as string,
      affiliateId: names.name(this.#affiliate[row] as number) as string,
      channel: names.name(this.#channel[row] as number) as Channel,
      productId: p === NO_PRODUCT ? null : (names.name(p) as string),
      qualifying: this.#qualifying[row] as number,
      notQualifying: this.#notQualifying[row] as number,
      firstAtMs: this.#firstAtMs[row] as number,
      lastAtMs: this.#lastAtMs[row] as number,
    };
  }

  #grow(): void {
    const size = Math.ceil(this.#day.length * 1.5);
    this.#day = grown(this.#day, size, Int32Array);
    this.#store = grown(this.#store, size, Int32Array);
    this.#affiliate = grown(this.#affiliate, size, Int32Array);
    this.#channel = grown(this.#channel, size, Int32Array);
    this.#product = grown(this.#product, size, Int32Array);
    this.#qualifying = grown(this.#qualifying, size, Int32Array);
    this.#notQualifying = grown(this.#notQualifying, size, Int32Array);
    this.#firstAtMs = grown(this.#firstAtMs, size, Float64Array);
    this.#lastAtMs = grown(this.#lastAtMs, size, Float64Array);
  }

  #growIndex(): void {
    const index = new Uint32Array(this.#index.length * 2);
    const mask = index.length - 1;
    for (let r = 0; r < this.#rows; r += 1) {
      let slot =
        home(
          this.#day[r] as number,
          this.#store[r] as number,
          this.#affiliate[r] as number,
          this.#channel[r] as number,
          this.#product[r] as number,
        ) & mask;
      while (index[slot] !== 0) slot = (slot + 1) & mask;
      index[slot] = r + 1;
    }
    this.#index = index;
  }
}

/** A multiplicative mix of the five numbers (murmur3's finalizer), spread over the index. */
function home(day: number, s: number, a: number, c: number, p: number): number {
  let h = Math.imul(day, 0x9e3779b1);
  h = Math.imul(h ^ s, 0x85ebca6b) + a;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) + Math.imul(c, 31) + p;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h ^ (h >>> 16);
}
