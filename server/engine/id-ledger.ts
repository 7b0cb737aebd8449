import type { AffEvent } from '../../sim/domain/events.js';
import { accepted, type Outcome } from './outcome.js';
import { hashEventId, hashEventPayload, LaneHasher } from './payload-hash.js';
import { RejectionTemplates, type RejectionTemplatesState } from './rejection-templates.js';
import { nonQualifyingMessage } from './window-chain.js';

/**
 * R17: the first event received with an id is the event, and its answer is kept; a later event with
 * that id and the same payload gets the original answer, with another payload it is refused.
 * Identity follows arrival order.
 *
 * The ledger is the one structure that grows with every event, so it is a compact table, not a Map
 * of objects: per id one record of seven 32-bit words (96-bit id hash, 64-bit payload hash, the
 * outcome as a code and one datum) in fixed chunks of typed arrays, found through an
 * open-addressing index of record numbers (load ≤ ¾). About 28–46 bytes per id (target: 48).
 * Hash odds: payload-hash.ts.
 *
 * Growth never stops the world: records go into a new chunk (nothing copied), and a full index
 * is replaced by one twice its size that the next inserts fill bit by bit from the old one (as
 * Redis rehashes), looking in both meanwhile. Copying and rehashing 10 M ids at once took a
 * server ~1–2 s (a soak's ingest p99 rose from 250 ms to 2.5 s on that sample) and held the old
 * and new tables side by side.
 *
 * An outcome is stored as a code from which the repeat, whose payload equals the original's, gets
 * the same answer back: the usual answers (recorded, a click's window, an order created, R5's
 * non-qualifying click) need no more than the event and one number. Each code is checked when
 * recorded (the regenerated answer must equal the given one, also under a mutant's rules). A
 * rejection is a template number (rejection-templates.ts: its message with the event's own fields
 * left out), so a refused event's id costs what an accepted one does; anything else is kept as the
 * object itself.
 */
export type Admission =
  | { readonly kind: 'new' }
  | { readonly kind: 'repeat'; readonly outcome: Outcome }
  | { readonly kind: 'conflict' };

const NEW: Admission = Object.freeze({ kind: 'new' });
const CONFLICT: Admission = Object.freeze({ kind: 'conflict' });

/** Words per record: id hash ×3, payload hash ×2, outcome code, outcome datum. */
const W = 7;
const CODE_RECORDED = 0;
const CODE_WINDOW_STARTED = 1;
const CODE_WINDOW_RESTARTED = 2;
const CODE_ORDER_ATTRIBUTED = 3;
const CODE_ORDER_UNATTRIBUTED = 4;
const CODE_NOT_QUALIFYING = 5;
/** The datum is an index into the kept outcomes. */
const CODE_KEPT = 6;
/** The datum is a rejection template's number. */
const CODE_REJECTED = 7;

const MIN_RECORDS = 64;
/** Records per chunk (a power of two): 1.8 MB a chunk; the first grows to it from MIN_RECORDS. */
const CHUNK_BITS = 16;
const CHUNK_RECORDS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_RECORDS - 1;
/**
 * Old index slots moved over per insert while the index grows: the old index is freed after
 * (its slots / 64) inserts, 131 k at 8.4 M slots (6.3 M ids), so it is not held beside the new
 * one for long (with 8 an insert, a million-buyer run kept both to its end); each insert moves at
 * most 64 entries (~10 µs), far from the seconds a move at once takes at 10 M ids.
 */
const MOVE_PER_INSERT = 64;
const UINT32_LIMIT = 4_294_967_296;

/** The ledger as plain data (a snapshot's part; engine-snapshot.ts). */
export interface IdLedgerState {
  readonly chunks: Uint32Array[];
  readonly count: number;
  readonly index: Uint32Array;
  readonly previous: Uint32Array | undefined;
  readonly moved: number;
  readonly kept: Outcome[];
  readonly rejections: RejectionTemplatesState;
}

export class IdLedger {
  readonly #hasher = new LaneHasher();
  /** The records, CHUNK_RECORDS a chunk; record r is at word (r % CHUNK_RECORDS) × W of chunk r / CHUNK_RECORDS. */
  readonly #chunks: Uint32Array[];
  #count: number;
  /** Record number + 1 per slot; 0 is an empty slot. Capacity is a power of two. */
  #index: Uint32Array;
  /** While the index grows: the previous one, read-only, and how far its slots were moved over. */
  #previous: Uint32Array | undefined;
  #moved: number;
  readonly #kept: Outcome[];
  readonly #rejections: RejectionTemplates;

  /** `state`: a snapshot's ledger, taken as it is (a growth under way goes on where it stopped). */
  constructor(state?: IdLedgerState) {
    this.#chunks = state?.chunks ?? [new Uint32Array(MIN_RECORDS * W)];
    this.#count = state?.count ?? 0;
    this.#index = state?.index ?? new Uint32Array(MIN_RECORDS * 2);
    this.#previous = state?.previous;
    this.#moved = state?.moved ?? 0;
    this.#kept = state?.kept ?? [];
    this.#rejections = new RejectionTemplates(state?.rejections);
  }

  /** The whole ledger as plain data (not copied: serialize it before the next `record`). */
  state(): IdLedgerState {
    // The pending hashes are no state: a new event refused before `record` (capacity, a late
    // event) leaves them behind, and the next `admit` overwrites them.
    return {
      chunks: this.#chunks,
      count: this.#count,
      index: this.#index,
      previous: this.#previous,
      moved: this.#moved,
      kept: this.#kept,
      rejections: this.#rejections.state(),
    };
  }
  /** The hashes of the event last admitted as new, for `record`. */
  readonly #pending = new Uint32Array(5);
  #pendingSlot = -1;

  /** Looks the event's id up. After `new`, call `record` with the same event before the next `admit`. */
  admit(event: AffEvent): Admission {
    const idHash = hashEventId(this.#hasher, event.id);
    const a = idHash[0] as number;
    const b = idHash[1] as number;
    const c = idHash[2] as number;
    let found = this.#find(this.#index, a, b, c);
    // Not in the current index: the free slot there is where a new id goes.
    const slot = this.#freeSlot;
    if (found < 0 && this.#previous !== undefined) found = this.#find(this.#previous, a, b, c);
    if (found >= 0) {
      const records = this.#chunks[found >>> CHUNK_BITS] as Uint32Array;
      const at = (found & CHUNK_MASK) * W;
      const payload = hashEventPayload(this.#hasher, event);
      return records[at + 3] === payload[0] && records[at + 4] === payload[1]
        ? { kind: 'repeat', outcome: this.#decode(records, at, event) }
        : CONFLICT;
    }
    const payload = hashEventPayload(this.#hasher, event);
    const pending = this.#pending;
    pending[0] = a;
    pending[1] = b;
    pending[2] = c;
    pending[3] = payload[0] as number;
    pending[4] = payload[1] as number;
    this.#pendingSlot = slot;
    return NEW;
  }

  /** The free slot where the latest miss of `#find` ended. */
  #freeSlot = -1;

  /** The record number of the id hash (a, b, c) in `index`, or -1 (then `#freeSlot` is where it would go). */
  #find(index: Uint32Array, a: number, b: number, c: number): number {
    const mask = index.length - 1;
    const chunks = this.#chunks;
    let slot = a & mask;
    for (;;) {
      const entry = index[slot] as number;
      if (entry === 0) {
        this.#freeSlot = slot;
        return -1;
      }
      const r = entry - 1;
      const records = chunks[r >>> CHUNK_BITS] as Uint32Array;
      const at = (r & CHUNK_MASK) * W;
      if (records[at] === a && records[at + 1] === b && records[at + 2] === c) return r;
      slot = (slot + 1) & mask;
    }
  }

  /** Keeps the answer to the event just admitted as new. */
  record(event: AffEvent, outcome: Outcome): void {
    if (this.#pendingSlot < 0) throw new Error('IdLedger.record without a new admission');
    const r = this.#count;
    const at = (r & CHUNK_MASK) * W;
    if (r < CHUNK_RECORDS) {
      // The first chunk starts small (a test makes many engines) and doubles up to a full chunk.
      const first = this.#chunks[0] as Uint32Array;
      if (at + W > first.length) {
        const grown = new Uint32Array(Math.min(first.length * 2, CHUNK_RECORDS * W));
        grown.set(first);
        this.#chunks[0] = grown;
      }
    } else if (at === 0) this.#chunks.push(new Uint32Array(CHUNK_RECORDS * W));
    const records = this.#chunks[r >>> CHUNK_BITS] as Uint32Array;
    records.set(this.#pending, at);
    this.#encode(records, at, event, outcome);
    this.#count += 1;
    this.#index[this.#pendingSlot] = this.#count;
    this.#pendingSlot = -1;
    if (this.#previous !== undefined) this.#moveOver(MOVE_PER_INSERT);
    if (this.#count * 4 > this.#index.length * 3) this.#growIndex();
  }

  get size(): number {
    return this.#count;
  }

  #encode(records: Uint32Array, at: number, event: AffEvent, outcome: Outcome): void {
    let code = CODE_KEPT;
    let datum = 0;
    if (outcome.kind === 'accepted') {
      const effect = outcome.effect;
      if (effect.type === 'recorded') code = CODE_RECORDED;
      else if (effect.type === 'order-created') {
        if (event.type === 'order.created' && effect.orderId === event.orderId) {
          code = effect.attributed ? CODE_ORDER_ATTRIBUTED : CODE_ORDER_UNATTRIBUTED;
        }
      } else if (effect.qualifying) {
        const delta = effect.windowEndsAtMs - event.at;
        if (Number.isInteger(delta) && delta >= 0 && delta < UINT32_LIMIT) {
          code = effect.window === 'started' ? CODE_WINDOW_STARTED : CODE_WINDOW_RESTARTED;
          datum = delta;
        }
      } else if (event.type === 'click' && effect.message === nonQualifyingMessage(event.storeId, event.at)) {
        code = CODE_NOT_QUALIFYING;
      }
    } else {
      const template = this.#rejections.encode(event, outcome.rule, outcome.message);
      if (template !== undefined) {
        code = CODE_REJECTED;
        datum = template;
      }
    }
    if (code === CODE_KEPT) {
      datum = this.#kept.length;
      this.#kept.push(outcome);
    }
    records[at + 5] = code;
    records[at + 6] = datum;
  }

  #decode(records: Uint32Array, at: number, event: AffEvent): Outcome {
    const datum = records[at + 6] as number;
    switch (records[at + 5]) {
      case CODE_RECORDED:
        return accepted();
      case CODE_WINDOW_STARTED:
      case CODE_WINDOW_RESTARTED:
        return accepted({
          type: 'click',
          qualifying: true,
          window: records[at + 5] === CODE_WINDOW_STARTED ? 'started' : 'restarted',
          windowEndsAtMs: event.at + datum,
        });
      case CODE_ORDER_ATTRIBUTED:
      case CODE_ORDER_UNATTRIBUTED:
        return accepted({
          type: 'order-created',
          orderId: (event as { orderId: string }).orderId,
          attributed: records[at + 5] === CODE_ORDER_ATTRIBUTED,
        });
      case CODE_NOT_QUALIFYING:
        return accepted({
          type: 'click',
          qualifying: false,
          rule: 'R5',
          message: nonQualifyingMessage((event as { storeId: string }).storeId, event.at),
        });
      case CODE_REJECTED:
        return this.#rejections.decode(datum, event);
      default:
        return this.#kept[datum] as Outcome;
    }
  }

  /** Starts a twice-larger index; the next inserts move the old one's entries over (`#moveOver`). */
  #growIndex(): void {
    // Never two growths at once (the moving ends long before ¾; this only guards the invariant).
    if (this.#previous !== undefined) this.#moveOver(this.#previous.length);
    this.#previous = this.#index;
    this.#moved = 0;
    this.#index = new Uint32Array(this.#index.length * 2);
  }

  /** Moves up to `slots` slots of the previous index into the current one; drops it when done. */
  #moveOver(slots: number): void {
    const previous = this.#previous as Uint32Array;
    const index = this.#index;
    const mask = index.length - 1;
    const chunks = this.#chunks;
    const end = Math.min(previous.length, this.#moved + slots);
    for (let s = this.#moved; s < end; s += 1) {
      const entry = previous[s] as number;
      if (entry === 0) continue;
      const r = entry - 1;
      let slot = ((chunks[r >>> CHUNK_BITS] as Uint32Array)[(r & CHUNK_MASK) * W] as number) & mask;
      while (index[slot] !== 0) slot = (slot + 1) & mask;
      index[slot] = entry;
    }
    this.#moved = end;
    if (end === previous.length) this.#previous = undefined;
  }
}
