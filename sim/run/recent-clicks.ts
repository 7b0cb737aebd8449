import { grown, IdNumbers } from '../domain/columns.js';
import { ClickIdCode, decodeClickId } from './click-id-code.js';
import { EventHasher } from './event-hash.js';
import { HashedRows } from './hashed-rows.js';

/** A buyer's click as the model took it. */
export interface SeenClick {
  readonly id: string;
  readonly affiliateId: string;
  readonly storeId: string;
  readonly atMs: number;
  /** Whether the store was a member when it was made (R5). */
  readonly qualifying: boolean;
}

const NONE = -1;
/** Bits of a click row's flags. */
const QUALIFYING = 1;
const ID_STRING = 2;

/**
 * Each buyer's latest clicks, at most `perBuyer`, none `horizonMs` or more older than the buyer's
 * latest (credited-click.ts says why they are kept). In columns: a buyer is a row of HashedRows
 * (keyed by a hash of its id) holding a linked list of click rows in arrival order; a click row
 * holds its store and affiliate as numbers, its instant, whether it qualified, and its event id
 * (a cause names the click): as two numbers when the simulator wrote it (click-id-code.ts), else
 * the string, kept by row in a Map. ~35 bytes a click and ~40 a buyer, where a Map of arrays of
 * objects cost ~150 a click and the id string ~35 more.
 */
export class RecentClicks {
  readonly #hasher = new EventHasher();
  readonly #buyers = new HashedRows((capacity) => this.#growBuyers(capacity));
  #head = new Int32Array(this.#buyers.capacity);
  #tail = new Int32Array(this.#buyers.capacity);
  #count = new Uint8Array(this.#buyers.capacity);
  // The click rows, reused through a free list.
  #store = new Int32Array(64);
  #affiliate = new Int32Array(64);
  #atMs = new Float64Array(64);
  #flags = new Uint8Array(64);
  #next = new Int32Array(64);
  #idBuyer = new Uint32Array(64);
  #idDaySeq = new Uint32Array(64);
  /** The ids not coded, by click row: only those the simulator did not write. */
  readonly #idStrings = new Map<number, string>();
  readonly #idCode = new ClickIdCode();
  #clickRows = 0;
  readonly #freeClicks: number[] = [];
  /** Store and affiliate ids, numbered in one table: bounded by the population. */
  readonly #names = new IdNumbers();

  constructor(
    readonly perBuyer: number,
    readonly horizonMs: number,
  ) {
    // The count per buyer is a byte.
    if (!Number.isInteger(perBuyer) || perBuyer < 1 || perBuyer > 255)
      throw new RangeError(`clicks per buyer must be an integer in 1..255, got ${perBuyer}`);
  }

  /** Buyers with a click kept. */
  get buyers(): number {
    return this.#buyers.size;
  }

  /** Clicks kept. */
  get clicks(): number {
    return this.#clickRows - this.#freeClicks.length;
  }

  /** Bytes of the typed arrays (the ids kept as strings come on top). */
  get bytes(): number {
    const columns = [
      this.#head,
      this.#tail,
      this.#count,
      this.#store,
      this.#affiliate,
      this.#atMs,
      this.#flags,
    ];
    const cols = [...columns, this.#next, this.#idBuyer, this.#idDaySeq].reduce(
      (sum, c) => sum + c.byteLength,
      0,
    );
    return this.#buyers.bytes + cols;
  }

  /** Keeps the click: drops the buyer's clicks it makes too old, and the oldest past `perBuyer`. */
  add(buyerId: string, click: SeenClick): void {
    let row = this.#find(buyerId);
    if (row === NONE) {
      const h = this.#hasher.out;
      row = this.#buyers.add(1, h[0] as number, h[1] as number, h[2] as number);
      this.#head[row] = NONE;
      this.#tail[row] = NONE;
      this.#count[row] = 0;
    }
    // Unlink every click the new one makes too old (in arrival order, as a filter would keep them).
    let previous = NONE;
    for (let c = this.#head[row] as number; c !== NONE; ) {
      const next = this.#next[c] as number;
      if (click.atMs - (this.#atMs[c] as number) >= this.horizonMs) {
        if (previous === NONE) this.#head[row] = next;
        else this.#next[previous] = next;
        if (this.#tail[row] === c) this.#tail[row] = previous;
        this.#freeClick(c);
        this.#count[row] = (this.#count[row] as number) - 1;
      } else previous = c;
      c = next;
    }
    const c = this.#newClick(click);
    if (this.#tail[row] === NONE) this.#head[row] = c;
    else this.#next[this.#tail[row] as number] = c;
    this.#tail[row] = c;
    this.#count[row] = (this.#count[row] as number) + 1;
    if ((this.#count[row] as number) > this.perBuyer) {
      const oldest = this.#head[row] as number;
      this.#head[row] = this.#next[oldest] as number;
      this.#freeClick(oldest);
      this.#count[row] = (this.#count[row] as number) - 1;
    }
  }

  /** The buyer's kept clicks, oldest first (built on read: a cause is rare). */
  of(buyerId: string): SeenClick[] {
    const row = this.#find(buyerId);
    const out: SeenClick[] = [];
    if (row === NONE) return out;
    for (let c = this.#head[row] as number; c !== NONE; c = this.#next[c] as number)
      out.push({
        id: this.#id(c),
        affiliateId: this.#names.name(this.#affiliate[c] as number) as string,
        storeId: this.#names.name(this.#store[c] as number) as string,
        atMs: this.#atMs[c] as number,
        qualifying: ((this.#flags[c] as number) & QUALIFYING) !== 0,
      });
    return out;
  }

  /** Drops the buyers whose latest click is `horizonMs` or more before `nowMs`. */
  dropIdleBuyers(nowMs: number): void {
    this.#buyers.forEach((row) => {
      if (nowMs - (this.#atMs[this.#tail[row] as number] as number) < this.horizonMs) return;
      for (let c = this.#head[row] as number; c !== NONE; ) {
        const next = this.#next[c] as number;
        this.#freeClick(c);
        c = next;
      }
      this.#buyers.remove(row);
    });
  }

  #find(buyerId: string): number {
    const h = this.#hasher.id(buyerId);
    return this.#buyers.find(1, h[0] as number, h[1] as number, h[2] as number);
  }

  #newClick(click: SeenClick): number {
    let c = this.#freeClicks.pop();
    if (c === undefined) {
      c = this.#clickRows;
      if (c === this.#atMs.length) this.#growClicks();
      this.#clickRows += 1;
    }
    this.#store[c] = this.#names.number(click.storeId);
    this.#affiliate[c] = this.#names.number(click.affiliateId);
    this.#atMs[c] = click.atMs;
    let flags = click.qualifying ? QUALIFYING : 0;
    const code = this.#idCode;
    if (code.encode(click.id)) {
      this.#idBuyer[c] = code.buyer;
      this.#idDaySeq[c] = code.daySeq;
    } else {
      flags |= ID_STRING;
      this.#idStrings.set(c, click.id);
    }
    this.#flags[c] = flags;
    this.#next[c] = NONE;
    return c;
  }

  #id(c: number): string {
    if (((this.#flags[c] as number) & ID_STRING) !== 0) return this.#idStrings.get(c) as string;
    return decodeClickId(this.#idBuyer[c] as number, this.#idDaySeq[c] as number);
  }

  #freeClick(c: number): void {
    if (((this.#flags[c] as number) & ID_STRING) !== 0) this.#idStrings.delete(c);
    this.#flags[c] = 0;
    this.#freeClicks.push(c);
  }

  #growBuyers(capacity: number): void {
    this.#head = grown(this.#head, capacity, Int32Array);
    this.#tail = grown(this.#tail, capacity, Int32Array);
    this.#count = grown(this.#count, capacity, Uint8Array);
  }

  #growClicks(): void {
    const capacity = Math.ceil(this.#atMs.length * 1.5);
    this.#store = grown(this.#store, capacity, Int32Array);
    this.#affiliate = grown(this.#affiliate, capacity, Int32Array);
    this.#atMs = grown(this.#atMs, capacity, Float64Array);
    this.#flags = grown(this.#flags, capacity, Uint8Array);
    this.#next = grown(this.#next, capacity, Int32Array);
    this.#idBuyer = grown(this.#idBuyer, capacity, Uint32Array);
    this.#idDaySeq = grown(this.#idDaySeq, capacity, Uint32Array);
  }
}
