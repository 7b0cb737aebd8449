import type { AffEvent } from '../domain/events.js';
import type { Admission } from '../model/id-ledger.js';
import { EventHasher } from './event-hash.js';

/**
 * R17 for the checker, as the reference model's IdLedger (sim/model/id-ledger.ts) says it, with
 * what is kept per id made small: that ledger keeps each first event itself, which at a million
 * buyers is most of a worker's heap, for a comparison that happens on a repeat only. Here each id
 * is one record of five 32-bit words (a 96-bit hash of the id, a 64-bit hash of its first
 * payload: event-hash.ts) in fixed chunks of typed arrays, found through an open-addressing
 * index of record numbers (load ≤ ¾): 24–36 bytes per id, nothing for the garbage collector to
 * trace. A property test holds it to the model's ledger (test/run/compact-id-ledger.test.ts).
 *
 * Chunks, not one array grown by copying: each copy freed the old array (up to 50 MB at 3 M ids),
 * and once glibc has freed a large mapped block it serves later ones from its arenas, where freed
 * blocks stay resident (docs/benchmarks.md, "The simulator at scale").
 */
const W = 5;
const MIN_RECORDS = 64;
/** Records per chunk (a power of two): 1.3 MB a chunk; the first grows to it from MIN_RECORDS. */
const CHUNK_BITS = 16;
const CHUNK_RECORDS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_RECORDS - 1;
const NEW: Admission = Object.freeze({ kind: 'new' });
const REPEAT: Admission = Object.freeze({ kind: 'repeat' });
const CONFLICT: Admission = Object.freeze({ kind: 'conflict' });

export class CompactIdLedger {
  readonly #hasher = new EventHasher();
  /** Record r is at word (r & CHUNK_MASK) × W of chunk r >>> CHUNK_BITS. */
  readonly #chunks: Uint32Array[] = [new Uint32Array(MIN_RECORDS * W)];
  #count = 0;
  /** Record number + 1 per slot, 0 for an empty one; the length is a power of two. */
  #index = new Uint32Array(MIN_RECORDS * 2);

  get size(): number {
    return this.#count;
  }

  /** Bytes held by the typed arrays: what the ledger costs, for the bounded-state test and the bench. */
  get bytes(): number {
    let bytes = this.#index.byteLength;
    for (const chunk of this.#chunks) bytes += chunk.byteLength;
    return bytes;
  }

  admit(event: AffEvent): Admission {
    const idHash = this.#hasher.id(event.id);
    const a = idHash[0] as number;
    const b = idHash[1] as number;
    const c = idHash[2] as number;
    const mask = this.#index.length - 1;
    let slot = a & mask;
    for (;;) {
      const entry = this.#index[slot] as number;
      if (entry === 0) break;
      const at = ((entry - 1) & CHUNK_MASK) * W;
      const r = this.#chunks[(entry - 1) >>> CHUNK_BITS] as Uint32Array;
      if (r[at] === a && r[at + 1] === b && r[at + 2] === c) {
        const payload = this.#hasher.payload(event);
        return r[at + 3] === payload[0] && r[at + 4] === payload[1] ? REPEAT : CONFLICT;
      }
      slot = (slot + 1) & mask;
    }
    const payload = this.#hasher.payload(event);
    const r = this.#chunkFor(this.#count);
    const at = (this.#count & CHUNK_MASK) * W;
    r[at] = a;
    r[at + 1] = b;
    r[at + 2] = c;
    r[at + 3] = payload[0] as number;
    r[at + 4] = payload[1] as number;
    this.#count += 1;
    this.#index[slot] = this.#count;
    if (this.#count * 4 > this.#index.length * 3) this.#growIndex();
    return NEW;
  }

  /** The chunk record `n` (the next one) goes into, made or grown if need be. */
  #chunkFor(n: number): Uint32Array {
    if (n < CHUNK_RECORDS) {
      // The first chunk starts small (a test makes many checkers) and doubles up to a full chunk.
      const first = this.#chunks[0] as Uint32Array;
      if ((n + 1) * W <= first.length) return first;
      const grown = new Uint32Array(Math.min(first.length * 2, CHUNK_RECORDS * W));
      grown.set(first);
      this.#chunks[0] = grown;
      return grown;
    }
    if ((n & CHUNK_MASK) === 0) this.#chunks.push(new Uint32Array(CHUNK_RECORDS * W));
    return this.#chunks[n >>> CHUNK_BITS] as Uint32Array;
  }

  #growIndex(): void {
    const index = new Uint32Array(this.#index.length * 2);
    const mask = index.length - 1;
    for (let r = 0; r < this.#count; r += 1) {
      let slot = ((this.#chunks[r >>> CHUNK_BITS] as Uint32Array)[(r & CHUNK_MASK) * W] as number) & mask;
      while (index[slot] !== 0) slot = (slot + 1) & mask;
      index[slot] = r + 1;
    }
    this.#index = index;
  }
}
