/**
 * A set of 64-bit keys (two 32-bit words, already well mixed: a hash) in one typed array, keys
 * inline: 8 bytes a slot at load ≤ ¾, so 11–21 bytes a key and nothing for the garbage collector
 * to trace, where a Set of strings costs ~28 bytes an entry plus its strings. For what grows with
 * the history, not the live state: the (store, buyer) pairs whose window ended (R9 tells
 * `window-expired` from `no-click` by them), in the platform's engine and in the checker's model
 * chains, each with its own hash. Linear probing; deletion by backward shift, so no tombstones.
 * A second word of 0 marks an empty slot (see `stored`).
 */
const MIN_SLOTS = 64;

/** The set as plain data (a snapshot's part): the slots, two words each, and the key count. */
export interface KeySetState {
  readonly slots: Uint32Array;
  readonly size: number;
}

/** The store's number folded into a pair's 64-bit key: the same buyer in two stores never collides. */
export function pairKey0(store: number, h0: number): number {
  return (h0 ^ Math.imul(store + 1, 0x9e3779b1)) >>> 0;
}

export function pairKey1(store: number, h1: number): number {
  return (h1 ^ Math.imul(store + 1, 0x85ebca6b)) >>> 0;
}

export class KeySet {
  #slots: Uint32Array;
  #mask: number;
  #size: number;

  constructor(state?: KeySetState) {
    this.#slots = state?.slots ?? new Uint32Array(MIN_SLOTS * 2);
    this.#mask = this.#slots.length / 2 - 1;
    this.#size = state?.size ?? 0;
  }

  state(): KeySetState {
    return { slots: this.#slots, size: this.#size };
  }

  get size(): number {
    return this.#size;
  }

  get bytes(): number {
    return this.#slots.byteLength;
  }

  has(k0: number, k1: number): boolean {
    return this.#find(k0 >>> 0, stored(k1)) >= 0;
  }

  /** Adds the key; false when it was there already. */
  add(k0: number, k1: number): boolean {
    const a = k0 >>> 0;
    const b = stored(k1);
    if (this.#find(a, b) >= 0) return false;
    if ((this.#size + 1) * 4 > (this.#mask + 1) * 3) this.#grow();
    this.#place(this.#slots, this.#mask, a, b);
    this.#size += 1;
    return true;
  }

  /** Removes the key; false when it was absent. */
  delete(k0: number, k1: number): boolean {
    let hole = this.#find(k0 >>> 0, stored(k1));
    if (hole < 0) return false;
    const slots = this.#slots;
    const mask = this.#mask;
    // Backward shift: pull later keys of the probe run into the hole unless that would move one
    // before its home slot, so every remaining key stays reachable from its home.
    for (let next = (hole + 1) & mask; slots[next * 2 + 1] !== 0; next = (next + 1) & mask) {
      const home = (slots[next * 2] as number) & mask;
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        slots[hole * 2] = slots[next * 2] as number;
        slots[hole * 2 + 1] = slots[next * 2 + 1] as number;
        hole = next;
      }
    }
    slots[hole * 2] = 0;
    slots[hole * 2 + 1] = 0;
    this.#size -= 1;
    return true;
  }

  /** The key's slot, or -1. `b` is never 0 for a key (see `stored`), so 0 marks an empty slot. */
  #find(a: number, b: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let slot = a & mask; ; slot = (slot + 1) & mask) {
      const s = slots[slot * 2 + 1] as number;
      if (s === 0) return -1;
      if (s === b && slots[slot * 2] === a) return slot;
    }
  }

  #place(slots: Uint32Array, mask: number, a: number, b: number): void {
    let slot = a & mask;
    while (slots[slot * 2 + 1] !== 0) slot = (slot + 1) & mask;
    slots[slot * 2] = a;
    slots[slot * 2 + 1] = b;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Uint32Array(old.length * 2);
    const mask = slots.length / 2 - 1;
    for (let at = 0; at < old.length; at += 2) {
      const b = old[at + 1] as number;
      if (b !== 0) this.#place(slots, mask, old[at] as number, b);
    }
    this.#slots = slots;
    this.#mask = mask;
  }
}

/**
 * The second word as stored: never 0, so an empty slot needs no marker of its own. A key whose
 * second word is 0 is stored with 1 there (the key (a, 0) then stands for (a, 1) too: odds 2⁻³²
 * among keys sharing the first word, 2⁻⁶⁴ overall).
 */
function stored(k1: number): number {
  return k1 >>> 0 || 1;
}
