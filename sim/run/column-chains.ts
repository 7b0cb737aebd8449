import { grown, IdNumbers } from '../domain/columns.js';
import { KeySet, pairKey0, pairKey1 } from '../domain/key-set.js';
import { type ChainStore, FORGOTTEN_CHAIN } from '../model/chain-store.js';
import type { ClickRef, WindowChain } from '../model/state.js';
import { ClickIdCode, decodeClickId } from './click-id-code.js';
import { EventHasher } from './event-hash.js';
import { HashedRows } from './hashed-rows.js';

/** Bits of a chain row's flags: which click ids are kept as strings (not coded). */
const FIRST_ID_STRING = 1;
const LATEST_ID_STRING = 2;

/**
 * The reference model's chains (chain-store.ts) for the simulator's checker, in typed-array
 * columns: at a million buyers the model's chains were its workers' largest objects, and each
 * qualifying click replaced a chain object, two click references and their boxed instants that
 * died in old space, fragmenting it (docs/benchmarks.md, "The simulator at scale"). A pair is a
 * row of HashedRows keyed by its store's number and a hash of the buyer id (hashed-rows.ts gives
 * the odds); a row holds the chain's first and latest clicks (instant, affiliate as a number,
 * event id as two numbers when the simulator wrote it: click-id-code.ts, else the string, kept by
 * row in a Map) and the window's end. A forgotten pair is a 64-bit key in a KeySet. ~75 bytes
 * a live pair and 11–21 a forgotten one, nothing for the garbage collector to trace; `get` builds
 * the WindowChain the rules read. test/run/column-chains.test.ts holds it to MapChainStore.
 */
export class ColumnChains implements ChainStore {
  readonly #hasher = new EventHasher();
  readonly #rows = new HashedRows((capacity) => this.#grow(capacity));
  /** The forgotten pairs, by a 64-bit key (the store folded into the buyer's hash: key-set.ts). */
  readonly #forgotten = new KeySet();
  readonly #stores = new IdNumbers();
  readonly #affiliates = new IdNumbers();
  readonly #idCode = new ClickIdCode();
  #firstAtMs = new Float64Array(this.#rows.capacity);
  #latestAtMs = new Float64Array(this.#rows.capacity);
  #windowEndsAtMs = new Float64Array(this.#rows.capacity);
  #firstAffiliate = new Int32Array(this.#rows.capacity);
  #latestAffiliate = new Int32Array(this.#rows.capacity);
  #firstIdBuyer = new Uint32Array(this.#rows.capacity);
  #firstIdDaySeq = new Uint32Array(this.#rows.capacity);
  #latestIdBuyer = new Uint32Array(this.#rows.capacity);
  #latestIdDaySeq = new Uint32Array(this.#rows.capacity);
  #flags = new Uint8Array(this.#rows.capacity);
  /** Click ids not coded, by row: only those the simulator did not write. */
  readonly #firstIds = new Map<number, string>();
  readonly #latestIds = new Map<number, string>();
  /** The pair last located: its store's tag (0 for a store never set) and the buyer's hash in #key. */
  #lastStoreId: string | undefined;
  #lastBuyerId: string | undefined;
  readonly #key = new Uint32Array(4);
  /** The same pair's key among the forgotten ones. */
  #key0 = 0;
  #key1 = 0;

  get live(): number {
    return this.#rows.size;
  }

  get forgotten(): number {
    return this.#forgotten.size;
  }

  /** Bytes of the typed arrays: what the chains cost, for the bench. */
  get bytes(): number {
    const columns = [
      this.#firstAtMs,
      this.#latestAtMs,
      this.#windowEndsAtMs,
      this.#firstAffiliate,
      this.#latestAffiliate,
      this.#firstIdBuyer,
      this.#firstIdDaySeq,
      this.#latestIdBuyer,
      this.#latestIdDaySeq,
      this.#flags,
    ];
    return columns.reduce((sum, c) => sum + c.byteLength, this.#rows.bytes + this.#forgotten.bytes);
  }

  get(storeId: string, buyerId: string): WindowChain | undefined {
    if (!this.#locate(storeId, buyerId)) return undefined;
    const row = this.#find();
    if (row >= 0) {
      return {
        first: this.#click(row, true),
        latest: this.#click(row, false),
        windowEndsAtMs: this.#windowEndsAtMs[row] as number,
      };
    }
    return this.#forgotten.has(this.#key0, this.#key1) ? FORGOTTEN_CHAIN : undefined;
  }

  set(storeId: string, buyerId: string, chain: WindowChain): void {
    if (!this.#locate(storeId, buyerId)) {
      this.#stores.number(storeId);
      this.#lastStoreId = undefined;
      this.#locate(storeId, buyerId);
    }
    let row = this.#find();
    if (row < 0) {
      this.#forgotten.delete(this.#key0, this.#key1);
      const k = this.#key;
      row = this.#rows.add(k[0] as number, k[1] as number, k[2] as number, k[3] as number);
      this.#flags[row] = 0;
    }
    this.#firstAtMs[row] = chain.first.atMs;
    this.#firstAffiliate[row] = this.#affiliates.number(chain.first.affiliateId);
    this.#latestAtMs[row] = chain.latest.atMs;
    this.#latestAffiliate[row] = this.#affiliates.number(chain.latest.affiliateId);
    this.#windowEndsAtMs[row] = chain.windowEndsAtMs;
    this.#setId(row, chain.first.eventId, true);
    this.#setId(row, chain.latest.eventId, false);
  }

  forgetEnded(cutoffMs: number): void {
    const k = this.#key;
    this.#lastStoreId = undefined;
    this.#rows.forEach((row) => {
      if ((this.#windowEndsAtMs[row] as number) > cutoffMs) return;
      this.#rows.keyOf(row, k);
      this.#firstIds.delete(row);
      this.#latestIds.delete(row);
      this.#rows.remove(row);
      const store = (k[0] as number) - 1;
      this.#forgotten.add(pairKey0(store, k[1] as number), pairKey1(store, k[2] as number));
    });
  }

  #click(row: number, first: boolean): ClickRef {
    const flag = first ? FIRST_ID_STRING : LATEST_ID_STRING;
    const eventId =
      ((this.#flags[row] as number) & flag) !== 0
        ? ((first ? this.#firstIds : this.#latestIds).get(row) as string)
        : first
          ? decodeClickId(this.#firstIdBuyer[row] as number, this.#firstIdDaySeq[row] as number)
          : decodeClickId(this.#latestIdBuyer[row] as number, this.#latestIdDaySeq[row] as number);
    return {
      eventId,
      atMs: (first ? this.#firstAtMs[row] : this.#latestAtMs[row]) as number,
      affiliateId: this.#affiliates.name(
        (first ? this.#firstAffiliate[row] : this.#latestAffiliate[row]) as number,
      ) as string,
    };
  }

  #setId(row: number, eventId: string, first: boolean): void {
    const flag = first ? FIRST_ID_STRING : LATEST_ID_STRING;
    const strings = first ? this.#firstIds : this.#latestIds;
    const code = this.#idCode;
    if (code.encode(eventId)) {
      (first ? this.#firstIdBuyer : this.#latestIdBuyer)[row] = code.buyer;
      (first ? this.#firstIdDaySeq : this.#latestIdDaySeq)[row] = code.daySeq;
      if (((this.#flags[row] as number) & flag) !== 0) strings.delete(row);
      this.#flags[row] = (this.#flags[row] as number) & ~flag;
    } else {
      strings.set(row, eventId);
      this.#flags[row] = (this.#flags[row] as number) | flag;
    }
  }

  /** The pair's key into #key (cached for the last pair); false for a store never set. */
  #locate(storeId: string, buyerId: string): boolean {
    if (storeId !== this.#lastStoreId || buyerId !== this.#lastBuyerId) {
      const store = this.#stores.find(storeId);
      if (store === undefined) return false;
      this.#lastStoreId = storeId;
      this.#lastBuyerId = buyerId;
      this.#key[0] = store + 1;
      this.#key.set(this.#hasher.id(buyerId), 1);
      this.#key0 = pairKey0(store, this.#key[1] as number);
      this.#key1 = pairKey1(store, this.#key[2] as number);
    }
    return true;
  }

  #find(): number {
    const k = this.#key;
    return this.#rows.find(k[0] as number, k[1] as number, k[2] as number, k[3] as number);
  }

  #grow(capacity: number): void {
    this.#firstAtMs = grown(this.#firstAtMs, capacity, Float64Array);
    this.#latestAtMs = grown(this.#latestAtMs, capacity, Float64Array);
    this.#windowEndsAtMs = grown(this.#windowEndsAtMs, capacity, Float64Array);
    this.#firstAffiliate = grown(this.#firstAffiliate, capacity, Int32Array);
    this.#latestAffiliate = grown(this.#latestAffiliate, capacity, Int32Array);
    this.#firstIdBuyer = grown(this.#firstIdBuyer, capacity, Uint32Array);
    this.#firstIdDaySeq = grown(this.#firstIdDaySeq, capacity, Uint32Array);
    this.#latestIdBuyer = grown(this.#latestIdBuyer, capacity, Uint32Array);
    this.#latestIdDaySeq = grown(this.#latestIdDaySeq, capacity, Uint32Array);
    this.#flags = grown(this.#flags, capacity, Uint8Array);
  }
}
