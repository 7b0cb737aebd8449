import { CHUNK_BITS, CHUNK_MASK } from './row-chunks.js';

/**
 * An open-addressing index from a (buyer, store) pair key to its row in the pair table: the key is
 * the store's number and a 96-bit hash of the buyer id (pair-table.ts says why a hash is enough),
 * kept once per row in the table's key column (4 words a row: store, hash ×3, in chunks:
 * row-chunks.ts), which every call is given. A slot is two words, the row + 1 (0 marks an empty slot) and the hash's second word as
 * a tag, so a probe past another pair reads the key column only when the tags agree (odds 2⁻³²).
 * Linear probing at load ≤ ⅔, and deletion by backward shift (no tombstones), so a table whose
 * pairs come and go (pair expiry) does not fill up with dead slots.
 *
 * The slots held the whole key before (5 words a slot): at 1.75 M live pairs in 4 M slots that was
 * 84 MB, the key column's 28 MB over again; two words make it 34 MB.
 */

/** Words per slot: row + 1, tag (the buyer hash's second word). */
const W = 2;
/** Words per row in the key column: store number, buyer hash ×3. */
const K = 4;
const MIN_SLOTS = 64;

/** The index as plain data (a snapshot's part). */
export interface PairIndexState {
  readonly slots: Uint32Array;
  readonly size: number;
}

export class PairIndex {
  #slots: Uint32Array;
  #mask: number;
  #size: number;

  constructor(state?: PairIndexState) {
    this.#slots = state?.slots ?? new Uint32Array(MIN_SLOTS * W);
    this.#mask = this.#slots.length / W - 1;
    this.#size = state?.size ?? 0;
  }

  state(): PairIndexState {
    return { slots: this.#slots, size: this.#size };
  }

  get size(): number {
    return this.#size;
  }

  /** The row whose key (in `keys`) is this one, or -1 when none is indexed. */
  get(keys: readonly Uint32Array[], store: number, h0: number, h1: number, h2: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let slot = homeSlot(store, h0, mask); ; slot = (slot + 1) & mask) {
      const at = slot * W;
      const entry = slots[at] as number;
      if (entry === 0) return -1;
      if (slots[at + 1] !== h1) continue;
      const row = entry - 1;
      const chunk = keys[row >>> CHUNK_BITS] as Uint32Array;
      const k = (row & CHUNK_MASK) * K;
      if (chunk[k] === store && chunk[k + 1] === h0 && chunk[k + 3] === h2) return row;
    }
  }

  /** Indexes `row` under the key written for it in `keys`; that key must not be indexed yet. */
  insert(keys: readonly Uint32Array[], row: number): void {
    if ((this.#size + 1) * 3 > (this.#mask + 1) * 2) this.#grow(keys);
    this.#place(this.#slots, this.#mask, keys, row);
    this.#size += 1;
  }

  /** Takes `row` (indexed under its key in `keys`) out of the index. */
  delete(keys: readonly Uint32Array[], row: number): void {
    const slots = this.#slots;
    const mask = this.#mask;
    let hole = homeOf(keys, row, mask);
    while (slots[hole * W] !== row + 1) {
      if (slots[hole * W] === 0) throw new Error(`pair index: row ${row} is not indexed`);
      hole = (hole + 1) & mask;
    }
    // Backward shift: pull later entries of the probe run into the hole unless that would move
    // one before its home slot, so every remaining key stays reachable from its home.
    for (let next = (hole + 1) & mask; ; next = (next + 1) & mask) {
      const n = next * W;
      const entry = slots[n] as number;
      if (entry === 0) break;
      const home = homeOf(keys, entry - 1, mask);
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[hole * W] = entry;
        slots[hole * W + 1] = slots[n + 1] as number;
        hole = next;
      }
    }
    slots[hole * W] = 0;
    slots[hole * W + 1] = 0;
    this.#size -= 1;
  }

  #place(slots: Uint32Array, mask: number, keys: readonly Uint32Array[], row: number): void {
    let slot = homeOf(keys, row, mask);
    while (slots[slot * W] !== 0) slot = (slot + 1) & mask;
    slots[slot * W] = row + 1;
    slots[slot * W + 1] = (keys[row >>> CHUNK_BITS] as Uint32Array)[(row & CHUNK_MASK) * K + 2] as number;
  }

  #grow(keys: readonly Uint32Array[]): void {
    const old = this.#slots;
    const count = (this.#mask + 1) * 2;
    const slots = new Uint32Array(count * W);
    const mask = count - 1;
    for (let at = 0; at < old.length; at += W) {
      const entry = old[at] as number;
      if (entry !== 0) this.#place(slots, mask, keys, entry - 1);
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** The buyer hash is already mixed; the store number is folded in so one buyer's stores spread. */
function homeSlot(store: number, h0: number, mask: number): number {
  return (h0 ^ Math.imul(store + 1, 0x9e3779b1)) & mask;
}

function homeOf(keys: readonly Uint32Array[], row: number, mask: number): number {
  const chunk = keys[row >>> CHUNK_BITS] as Uint32Array;
  const k = (row & CHUNK_MASK) * K;
  return homeSlot(chunk[k] as number, chunk[k + 1] as number, mask);
}
