import type { AffEvent } from '../domain/events.js';
import type { Admission } from '../model/id-ledger.js';
import { EventHasher } from './event-hash.js';

/**
 * R17 for the checker, as the reference model's IdLedger (sim/model/id-ledger.ts) says it, with
 * what is kept per id made small: that ledger keeps each first event itself, which at a million
 * buyers is most of a worker's heap, for a comparison that happens on a repeat only. Here each id
 * is one record of five 32-bit words (a 96-bit hash of the id, a 64-bit hash of its first
 * payload: event-hash.ts) in one typed array grown by a quarter, found through an open-addressing
 * index of record numbers (load ≤ ¾): 24–36 bytes per id, nothing for the garbage collector to
 * trace. A property test holds it to the model's ledger (test/run/compact-id-ledger.test.ts).
 */
const W = 5;
const MIN_RECORDS = 64;
const NEW: Admission = Object.freeze({ kind: 'new' });
const REPEAT: Admission = Object.freeze({ kind: 'repeat' });
const CONFLICT: Admission = Object.freeze({ kind: 'conflict' });

export class CompactIdLedger {
  readonly #hasher = new EventHasher();
  #records = new Uint32Array(MIN_RECORDS * W);
  #count = 0;
  /** Record number + 1 per slot, 0 for an empty one; the length is a power of two. */
  #index = new Uint32Array(MIN_RECORDS * 2);

  get size(): number {
    return this.#count;
  }

  /** Bytes held by the typed arrays: what the ledger costs, for the bounded-state test and the bench. */
  get bytes(): number {
    return this.#records.byteLength + this.#index.byteLength;
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
      const at = (entry - 1) * W;
      const r = this.#records;
      if (r[at] === a && r[at + 1] === b && r[at + 2] === c) {
        const payload = this.#hasher.payload(event);
        return r[at + 3] === payload[0] && r[at + 4] === payload[1] ? REPEAT : CONFLICT;
      }
      slot = (slot + 1) & mask;
    }
    const payload = this.#hasher.payload(event);
    if ((this.#count + 1) * W > this.#records.length) this.#growRecords();
    const r = this.#records;
    const at = this.#count * W;
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

  /** By a quarter: the records are most of the ledger, so little slack beats fewer copies. */
  #growRecords(): void {
    const records = new Uint32Array(Math.ceil(this.#records.length * 1.25) + W * MIN_RECORDS);
    records.set(this.#records);
    this.#records = records;
  }

  #growIndex(): void {
    const index = new Uint32Array(this.#index.length * 2);
    const mask = index.length - 1;
    for (let r = 0; r < this.#count; r += 1) {
      let slot = (this.#records[r * W] as number) & mask;
      while (index[slot] !== 0) slot = (slot + 1) & mask;
      index[slot] = r + 1;
    }
    this.#index = index;
  }
}
