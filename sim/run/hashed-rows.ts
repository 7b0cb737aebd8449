/**
 * Rows found by a 128-bit key — a small tag (a store's number + 1, or 1) and a 96-bit hash of an id
 * (event-hash.ts) — for the checker's state that lives with a buyer or a (store, buyer) pair
 * (pair-channels.ts, credited-click.ts). The keys are kept per row in one typed array and found
 * through an open-addressing index of row numbers (linear probing, load ≤ ⅔, deletion by backward
 * shift, so rows that come and go leave no tombstones); freed rows are reused. The owner keeps its
 * own columns by row number and grows them when `capacity` grows (`onGrow`). Nothing per row for
 * the garbage collector to trace, where a Map of objects costs ~150 bytes a pair (issue 12: memory
 * follows the live state). A hash stands for the id: an accidental collision has odds ~n²/2⁹⁷,
 * as for the R17 ledger's ids (compact-id-ledger.ts).
 */
const K = 4;
const MIN_ROWS = 64;

export class HashedRows {
  #keys = new Uint32Array(MIN_ROWS * K);
  /** Row number + 1 per slot; 0 is an empty slot. The length is a power of two. */
  #index = new Uint32Array(MIN_ROWS * 2);
  #rows = 0;
  #size = 0;
  readonly #free: number[] = [];

  /** `onGrow(capacity)`: the rows now go up to `capacity`; the owner grows its columns to match. */
  constructor(private readonly onGrow: (capacity: number) => void = () => {}) {}

  get size(): number {
    return this.#size;
  }

  get capacity(): number {
    return this.#keys.length / K;
  }

  /** Bytes of the key table and index (the owner adds its columns'). */
  get bytes(): number {
    return this.#keys.byteLength + this.#index.byteLength;
  }

  /** The key's row, or -1. */
  find(tag: number, h0: number, h1: number, h2: number): number {
    const index = this.#index;
    const keys = this.#keys;
    const mask = index.length - 1;
    for (let slot = home(tag, h0, mask); ; slot = (slot + 1) & mask) {
      const entry = index[slot] as number;
      if (entry === 0) return -1;
      const at = (entry - 1) * K;
      if (keys[at] === tag && keys[at + 1] === h0 && keys[at + 2] === h1 && keys[at + 3] === h2)
        return entry - 1;
    }
  }

  /** A row for a key that has none (`find` gave -1): a freed row if any, else a new one. */
  add(tag: number, h0: number, h1: number, h2: number): number {
    let row = this.#free.pop();
    if (row === undefined) {
      row = this.#rows;
      if (row === this.capacity) this.#growRows();
      this.#rows += 1;
    }
    const at = row * K;
    const keys = this.#keys;
    keys[at] = tag;
    keys[at + 1] = h0;
    keys[at + 2] = h1;
    keys[at + 3] = h2;
    this.#size += 1;
    if (this.#size * 3 > this.#index.length * 2) this.#growIndex();
    else this.#place(this.#index, row);
    return row;
  }

  /** Frees the row and forgets its key. */
  remove(row: number): void {
    const index = this.#index;
    const mask = index.length - 1;
    const keys = this.#keys;
    let hole = home(keys[row * K] as number, keys[row * K + 1] as number, mask);
    while (index[hole] !== row + 1) hole = (hole + 1) & mask;
    // Backward shift: pull later entries of the probe run into the hole unless that would move
    // one before its home slot, so every remaining key stays reachable from its home.
    for (let next = (hole + 1) & mask; index[next] !== 0; next = (next + 1) & mask) {
      const r = (index[next] as number) - 1;
      const h = home(keys[r * K] as number, keys[r * K + 1] as number, mask);
      if (((next - h) & mask) >= ((next - hole) & mask)) {
        index[hole] = index[next] as number;
        hole = next;
      }
    }
    index[hole] = 0;
    keys.fill(0, row * K, row * K + K);
    this.#free.push(row);
    this.#size -= 1;
  }

  /** Copies the row's key (tag, h0, h1, h2) into `out`. */
  keyOf(row: number, out: Uint32Array): void {
    const keys = this.#keys;
    const at = row * K;
    out[0] = keys[at] as number;
    out[1] = keys[at + 1] as number;
    out[2] = keys[at + 2] as number;
    out[3] = keys[at + 3] as number;
  }

  /** Every row in use (tag ≠ 0), in row order; safe to `remove` the row given while iterating. */
  forEach(visit: (row: number) => void): void {
    const keys = this.#keys;
    for (let row = 0; row < this.#rows; row += 1) if (keys[row * K] !== 0) visit(row);
  }

  #place(index: Uint32Array, row: number): void {
    const mask = index.length - 1;
    let slot = home(this.#keys[row * K] as number, this.#keys[row * K + 1] as number, mask);
    while (index[slot] !== 0) slot = (slot + 1) & mask;
    index[slot] = row + 1;
  }

  /** By half: the rows are reused, so the table follows the peak of live rows. */
  #growRows(): void {
    const keys = new Uint32Array(Math.ceil(this.capacity * 1.5) * K);
    keys.set(this.#keys);
    this.#keys = keys;
    this.onGrow(this.capacity);
  }

  #growIndex(): void {
    const index = new Uint32Array(this.#index.length * 2);
    this.forEach((row) => {
      this.#place(index, row);
    });
    this.#index = index;
  }
}

/** The hash is already mixed; the tag is folded in so one buyer's stores spread. */
function home(tag: number, h0: number, mask: number): number {
  return (h0 ^ Math.imul(tag, 0x9e3779b1)) & mask;
}
