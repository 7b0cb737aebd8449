import type { AffEvent } from '../../sim/domain/events.js';
import { accepted, type Outcome } from './outcome.js';
import { hashEventId, hashEventPayload, LaneHasher } from './payload-hash.js';
import { RejectionTemplates } from './rejection-templates.js';
import { nonQualifyingMessage } from './window-chain.js';

/**
 * R17: the first event received with an id is the event, and its answer is kept; a later event with
 * that id and the same payload gets the original answer, with another payload it is refused.
 * Identity follows arrival order.
 *
 * The ledger is the one structure that grows with every event, so it is a compact table, not a Map
 * of objects: per id one record of seven 32-bit words (96-bit id hash, 64-bit payload hash, the
 * outcome as a code and one datum) in one typed array grown by a quarter, found through an
 * open-addressing index of record numbers (load ≤ ¾). About 28–46 bytes per id (issue 12 target:
 * 48). Hash odds: payload-hash.ts.
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
const UINT32_LIMIT = 4_294_967_296;

export class IdLedger {
  readonly #hasher = new LaneHasher();
  #records = new Uint32Array(MIN_RECORDS * W);
  #count = 0;
  /** Record number + 1 per slot; 0 is an empty slot. Capacity is a power of two. */
  #index = new Uint32Array(MIN_RECORDS * 2);
  readonly #kept: Outcome[] = [];
  readonly #rejections = new RejectionTemplates();
  /** The hashes of the event last admitted as new, for `record`. */
  readonly #pending = new Uint32Array(5);
  #pendingSlot = -1;

  /** Looks the event's id up. After `new`, call `record` with the same event before the next `admit`. */
  admit(event: AffEvent): Admission {
    const idHash = hashEventId(this.#hasher, event.id);
    const a = idHash[0] as number;
    const b = idHash[1] as number;
    const c = idHash[2] as number;
    const index = this.#index;
    const mask = index.length - 1;
    const records = this.#records;
    let slot = a & mask;
    for (;;) {
      const entry = index[slot] as number;
      if (entry === 0) break;
      const at = (entry - 1) * W;
      if (records[at] === a && records[at + 1] === b && records[at + 2] === c) {
        const payload = hashEventPayload(this.#hasher, event);
        return records[at + 3] === payload[0] && records[at + 4] === payload[1]
          ? { kind: 'repeat', outcome: this.#decode(records, at, event) }
          : CONFLICT;
      }
      slot = (slot + 1) & mask;
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

  /** Keeps the answer to the event just admitted as new. */
  record(event: AffEvent, outcome: Outcome): void {
    if (this.#pendingSlot < 0) throw new Error('IdLedger.record without a new admission');
    if ((this.#count + 1) * W > this.#records.length) this.#growRecords();
    const at = this.#count * W;
    const records = this.#records;
    records.set(this.#pending, at);
    this.#encode(records, at, event, outcome);
    this.#count += 1;
    this.#index[this.#pendingSlot] = this.#count;
    this.#pendingSlot = -1;
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

  /** Grows by a quarter: the records are most of the ledger, so little slack beats fewer copies. */
  #growRecords(): void {
    const records = new Uint32Array(Math.ceil(this.#records.length * 1.25 + W * MIN_RECORDS));
    records.set(this.#records);
    this.#records = records;
  }

  #growIndex(): void {
    const index = new Uint32Array(this.#index.length * 2);
    const mask = index.length - 1;
    const records = this.#records;
    for (let r = 0; r < this.#count; r += 1) {
      let slot = (records[r * W] as number) & mask;
      while (index[slot] !== 0) slot = (slot + 1) & mask;
      index[slot] = r + 1;
    }
    this.#index = index;
  }
}
