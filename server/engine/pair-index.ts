/**
 * An open-addressing hash map from a (buyer, store) pair key to a 32-bit value, in one typed array:
 * the key is the store's number and a 96-bit hash of the buyer id (pair-table.ts says why a hash is
 * enough), stored inline in the slot so a lookup touches one cache line and never a string. Linear
 * probing at load ≤ ⅔, and deletion by backward shift (no tombstones), so a table whose pairs come
 * and go (pair expiry) does not fill up with dead slots.
 */

/** Words per slot: store number + 1 (0 marks an empty slot), buyer hash ×3, value. */
const W = 5;
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

  /** The value under the key, or -1 when absent. */
  get(store: number, h0: number, h1: number, h2: number): number {
    const at = this.#find(store, h0, h1, h2);
    return at < 0 ? -1 : (this.#slots[at + 4] as number);
  }

  /** Sets the value under the key (added when absent). Values are non-negative 32-bit integers. */
  set(store: number, h0: number, h1: number, h2: number, value: number): void {
    let at = this.#find(store, h0, h1, h2);
    if (at < 0) {
      if ((this.#size + 1) * 3 > (this.#mask + 1) * 2) this.#grow();
      at = this.#emptySlotFor(this.#slots, this.#mask, store, h0);
      const slots = this.#slots;
      slots[at] = store + 1;
      slots[at + 1] = h0;
      slots[at + 2] = h1;
      slots[at + 3] = h2;
      this.#size += 1;
    }
    this.#slots[at + 4] = value;
  }

  /** Removes the key; false when it was absent. */
  delete(store: number, h0: number, h1: number, h2: number): boolean {
    const at = this.#find(store, h0, h1, h2);
    if (at < 0) return false;
    const slots = this.#slots;
    const mask = this.#mask;
    // Backward shift: pull later entries of the probe run into the hole unless that would move
    // one before its home slot, so every remaining key stays reachable from its home.
    let hole = at / W;
    let next = hole;
    for (;;) {
      next = (next + 1) & mask;
      const n = next * W;
      if (slots[n] === 0) break;
      const home = homeSlot(slots[n] as number, slots[n + 1] as number, mask);
      const distNext = (next - home) & mask;
      const distHole = (next - hole) & mask;
      if (distNext >= distHole) {
        slots.copyWithin(hole * W, n, n + W);
        hole = next;
      }
    }
    slots.fill(0, hole * W, hole * W + W);
    this.#size -= 1;
    return true;
  }

  /** The word offset of the key's slot, or -1. */
  #find(store: number, h0: number, h1: number, h2: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    const tag = store + 1;
    let slot = homeSlot(tag, h0, mask);
    for (;;) {
      const at = slot * W;
      const s = slots[at] as number;
      if (s === 0) return -1;
      if (s === tag && slots[at + 1] === h0 && slots[at + 2] === h1 && slots[at + 3] === h2) return at;
      slot = (slot + 1) & mask;
    }
  }

  #emptySlotFor(slots: Uint32Array, mask: number, store: number, h0: number): number {
    let slot = homeSlot(store + 1, h0, mask);
    while (slots[slot * W] !== 0) slot = (slot + 1) & mask;
    return slot * W;
  }

  #grow(): void {
    const old = this.#slots;
    const count = (this.#mask + 1) * 2;
    const slots = new Uint32Array(count * W);
    const mask = count - 1;
    for (let at = 0; at < old.length; at += W) {
      const tag = old[at] as number;
      if (tag === 0) continue;
      const to = this.#emptySlotFor(slots, mask, tag - 1, old[at + 1] as number);
      slots.set(old.subarray(at, at + W), to);
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/** The buyer hash is already mixed; the store number is folded in so one buyer's stores spread. */
function homeSlot(tag: number, h0: number, mask: number): number {
  return (h0 ^ Math.imul(tag, 0x9e3779b1)) & mask;
}
