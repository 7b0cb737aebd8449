import { KeySet, type KeySetState, pairKey0, pairKey1 } from '../../sim/domain/key-set.js';
import { ExpiryWheel, type ExpiryWheelState } from './expiry-wheel.js';
import { PairIndex, type PairIndexState } from './pair-index.js';
import { hashEventId, LaneHasher } from './payload-hash.js';
import {
  CHUNK_BITS,
  CHUNK_MASK,
  type ChunkedColumn,
  capacityOf,
  chunkedColumn,
  reserveRows,
} from './row-chunks.js';
import type { WindowChain } from './window-chain.js';

/**
 * Every live (buyer, store) pair's window chain (R6–R8), as columns with no object or string per
 * pair for the garbage collector to trace: the key is the store's number and a 96-bit hash of the
 * buyer id (an accidental collision inside one store has odds ~n²/2⁹⁷, as for event ids in
 * id-ledger.ts), found through an inline-keyed index (pair-index.ts); affiliates are numbered.
 * The rule functions still see a WindowChain, made on demand and short-lived.
 *
 * Pair expiry (issue 12), when `expiryLagMs` is given: a pair's chain matters to a later event only
 * while that event is before the window's end. After it, a click starts a new chain (R6, so no
 * first-click chain reaches back) and an order is `window-expired` (R9), and orders already
 * created locked their attribution (R11). So once time (the latest buyer event seen, `advance`)
 * is `expiryLagMs` past the window's end, the chain is dropped and only the fact that the pair
 * clicked is kept (a 64-bit key in a KeySet, sim/domain/key-set.ts: 11–21 bytes), because R9
 * tells `window-expired` from `no-click`. That key is the first 64 bits of the buyer's hash with
 * the store folded in: a pair that never clicked reads as expired with odds ~n/2⁶⁴ for n expired
 * pairs (about 10⁻¹³ at 2.5 M), which 64 bits buy for 12 bytes a pair fewer. The lag is the
 * bound on how far a buyer's events may arrive behind other buyers' (a buyer event before
 * `horizonMs` may find its chain dropped: the engine counts those).
 */
export interface PairTableOptions {
  /** Drop a chain once the latest buyer event is this long past its window's end; never when undefined. */
  readonly expiryLagMs?: number | undefined;
}

/** What an expired pair's chain reads as: its window ended before any event not late (see above). */
export const EXPIRED_CHAIN: WindowChain = Object.freeze({
  firstAtMs: Number.NEGATIVE_INFINITY,
  firstAffiliateId: '',
  latestAtMs: Number.NEGATIVE_INFINITY,
  latestAffiliateId: '',
  windowEndsAtMs: Number.NEGATIVE_INFINITY,
});

/** The table as plain data (a snapshot's part; engine-snapshot.ts). */
export interface PairTableState {
  readonly expiryLagMs: number | undefined;
  readonly live: PairIndexState;
  readonly expired: KeySetState;
  readonly wheel: ExpiryWheelState;
  /** Store ids in number order; affiliate ids likewise. */
  readonly storeIds: readonly string[];
  readonly affiliateIds: string[];
  /** The row columns' chunks (row-chunks.ts). */
  readonly firstAtMs: Float64Array[];
  readonly latestAtMs: Float64Array[];
  readonly windowEndsAtMs: Float64Array[];
  readonly firstAffiliate: Int32Array[];
  readonly latestAffiliate: Int32Array[];
  readonly key: Uint32Array[];
  readonly rows: number;
  readonly freeRows: number[];
  readonly watermarkMs: number;
}

export class PairTable {
  readonly #expiryLagMs: number | undefined;
  readonly #live: PairIndex;
  /** The expired pairs, by a 64-bit key (the store folded into the buyer hash's first two words). */
  readonly #expired: KeySet;
  readonly #wheel: ExpiryWheel;
  readonly #hasher = new LaneHasher();
  readonly #storeNumbers = new Map<string, number>();
  readonly #affiliateNumbers = new Map<string, number>();
  readonly #affiliateIds: string[];
  // Row columns, in chunks (row-chunks.ts): the chain, and the key (4 words a row: what the index
  // compares, and unindexes an expired row by).
  readonly #firstAtMs: ChunkedColumn<Float64Array>;
  readonly #latestAtMs: ChunkedColumn<Float64Array>;
  readonly #windowEndsAtMs: ChunkedColumn<Float64Array>;
  readonly #firstAffiliate: ChunkedColumn<Int32Array>;
  readonly #latestAffiliate: ChunkedColumn<Int32Array>;
  readonly #key: ChunkedColumn<Uint32Array>;
  readonly #columns: readonly ChunkedColumn[];
  #rows: number;
  readonly #freeRows: number[];
  #watermarkMs: number;
  /** The key last located (store number, or -1 for a store with no pair; buyer hash). */
  #lastStoreId: string | undefined;
  #lastBuyerId: string | undefined;
  readonly #k = new Uint32Array(4);
  #kStore = -1;

  /** `state`: a snapshot's table (taken as it is), whose lag must be `options.expiryLagMs`. */
  constructor(options: PairTableOptions = {}, state?: PairTableState) {
    this.#expiryLagMs = options.expiryLagMs;
    if (state !== undefined && state.expiryLagMs !== options.expiryLagMs) {
      throw new Error(
        `a pair table snapshot taken with expiry lag ${state.expiryLagMs}, not ${options.expiryLagMs}`,
      );
    }
    this.#live = new PairIndex(state?.live);
    this.#expired = new KeySet(state?.expired);
    this.#wheel = new ExpiryWheel(state?.wheel);
    for (const storeId of state?.storeIds ?? []) this.#storeNumbers.set(storeId, this.#storeNumbers.size);
    this.#affiliateIds = state?.affiliateIds ?? [];
    for (const [n, id] of this.#affiliateIds.entries()) this.#affiliateNumbers.set(id, n);
    this.#firstAtMs = chunkedColumn(Float64Array, 1, 0, state?.firstAtMs);
    this.#latestAtMs = chunkedColumn(Float64Array, 1, 0, state?.latestAtMs);
    this.#windowEndsAtMs = chunkedColumn(Float64Array, 1, 0, state?.windowEndsAtMs);
    this.#firstAffiliate = chunkedColumn(Int32Array, 1, 0, state?.firstAffiliate);
    this.#latestAffiliate = chunkedColumn(Int32Array, 1, 0, state?.latestAffiliate);
    this.#key = chunkedColumn(Uint32Array, 4, 0, state?.key);
    this.#columns = [
      this.#firstAtMs,
      this.#latestAtMs,
      this.#windowEndsAtMs,
      this.#firstAffiliate,
      this.#latestAffiliate,
      this.#key,
    ];
    this.#rows = state?.rows ?? 0;
    this.#freeRows = state?.freeRows ?? [];
    this.#watermarkMs = state?.watermarkMs ?? Number.NEGATIVE_INFINITY;
  }

  /** The whole table as plain data (not copied: serialize it before the next change). */
  state(): PairTableState {
    return {
      expiryLagMs: this.#expiryLagMs,
      live: this.#live.state(),
      expired: this.#expired.state(),
      wheel: this.#wheel.state(),
      storeIds: [...this.#storeNumbers.keys()],
      affiliateIds: this.#affiliateIds,
      firstAtMs: this.#firstAtMs.chunks,
      latestAtMs: this.#latestAtMs.chunks,
      windowEndsAtMs: this.#windowEndsAtMs.chunks,
      firstAffiliate: this.#firstAffiliate.chunks,
      latestAffiliate: this.#latestAffiliate.chunks,
      key: this.#key.chunks,
      rows: this.#rows,
      freeRows: this.#freeRows,
      watermarkMs: this.#watermarkMs,
    };
  }

  /** Live pairs (with a chain). */
  get size(): number {
    return this.#live.size;
  }

  /** Pairs whose chain was dropped (only that they clicked is kept). */
  get expiredSize(): number {
    return this.#expired.size;
  }

  /** A buyer event before this instant may find its pair's chain dropped; -∞ without expiry. */
  get horizonMs(): number {
    return this.#expiryLagMs === undefined ? Number.NEGATIVE_INFINITY : this.#watermarkMs - this.#expiryLagMs;
  }

  /** The pair's live row, or -1 when it has no chain (never clicked, or expired). */
  row(storeId: string, buyerId: string): number {
    if (!this.#locate(storeId, buyerId)) return -1;
    const k = this.#k;
    return this.#live.get(this.#key.chunks, this.#kStore, k[0] as number, k[1] as number, k[2] as number);
  }

  /** Whether the pair's chain was dropped by expiry. */
  isExpired(storeId: string, buyerId: string): boolean {
    if (!this.#locate(storeId, buyerId)) return false;
    const k = this.#k;
    return this.#expired.has(pairKey0(this.#kStore, k[0] as number), pairKey1(this.#kStore, k[1] as number));
  }

  chain(row: number): WindowChain {
    const c = row >>> CHUNK_BITS;
    const o = row & CHUNK_MASK;
    return {
      firstAtMs: (this.#firstAtMs.chunks[c] as Float64Array)[o] as number,
      firstAffiliateId: this.#affiliateIds[
        (this.#firstAffiliate.chunks[c] as Int32Array)[o] as number
      ] as string,
      latestAtMs: (this.#latestAtMs.chunks[c] as Float64Array)[o] as number,
      latestAffiliateId: this.#affiliateIds[
        (this.#latestAffiliate.chunks[c] as Int32Array)[o] as number
      ] as string,
      windowEndsAtMs: (this.#windowEndsAtMs.chunks[c] as Float64Array)[o] as number,
    };
  }

  /** The pair's chain: live, EXPIRED_CHAIN when dropped, undefined when it never had one. */
  chainOf(storeId: string, buyerId: string): WindowChain | undefined {
    const row = this.row(storeId, buyerId);
    if (row >= 0) return this.chain(row);
    return this.isExpired(storeId, buyerId) ? EXPIRED_CHAIN : undefined;
  }

  set(row: number, chain: WindowChain): void {
    const c = row >>> CHUNK_BITS;
    const o = row & CHUNK_MASK;
    (this.#firstAtMs.chunks[c] as Float64Array)[o] = chain.firstAtMs;
    (this.#firstAffiliate.chunks[c] as Int32Array)[o] = this.#affiliateNumber(chain.firstAffiliateId);
    (this.#latestAtMs.chunks[c] as Float64Array)[o] = chain.latestAtMs;
    (this.#latestAffiliate.chunks[c] as Int32Array)[o] = this.#affiliateNumber(chain.latestAffiliateId);
    (this.#windowEndsAtMs.chunks[c] as Float64Array)[o] = chain.windowEndsAtMs;
    if (this.#expiryLagMs !== undefined) this.#wheel.file(row, chain.windowEndsAtMs + this.#expiryLagMs);
  }

  /** Gives a pair without a live chain (never clicked, or expired) its chain. */
  add(storeId: string, buyerId: string, chain: WindowChain): void {
    let store = this.#storeNumbers.get(storeId);
    if (store === undefined) {
      store = this.#storeNumbers.size;
      this.#storeNumbers.set(storeId, store);
      this.#lastStoreId = undefined;
    }
    this.#locate(storeId, buyerId);
    const k = this.#k;
    const [h0, h1, h2] = [k[0] as number, k[1] as number, k[2] as number];
    this.#expired.delete(pairKey0(store, h0), pairKey1(store, h1));
    const row = this.#freeRows.pop() ?? this.#newRow();
    const key = this.#key.chunks[row >>> CHUNK_BITS] as Uint32Array;
    const at = (row & CHUNK_MASK) * 4;
    key[at] = store;
    key[at + 1] = h0;
    key[at + 2] = h1;
    key[at + 3] = h2;
    this.#live.insert(this.#key.chunks, row);
    this.set(row, chain);
  }

  /**
   * Time has reached `atMs` (a buyer event's instant): drops the chains whose window ended more
   * than the lag before the latest instant seen. Incremental: only the days passed are swept.
   */
  advance(atMs: number): void {
    if (this.#expiryLagMs === undefined || atMs <= this.#watermarkMs) return;
    this.#watermarkMs = atMs;
    this.#wheel.sweep(atMs, (row) => {
      // The wheel files by day; a row is due once its own window end plus the lag has passed.
      const windowEndsAtMs = (this.#windowEndsAtMs.chunks[row >>> CHUNK_BITS] as Float64Array)[
        row & CHUNK_MASK
      ];
      const dropAtMs = (windowEndsAtMs as number) + (this.#expiryLagMs as number);
      if (dropAtMs > atMs) this.#wheel.file(row, dropAtMs);
      else this.#drop(row);
    });
  }

  #drop(row: number): void {
    const key = this.#key.chunks[row >>> CHUNK_BITS] as Uint32Array;
    const at = (row & CHUNK_MASK) * 4;
    const store = key[at] as number;
    this.#live.delete(this.#key.chunks, row);
    this.#expired.add(pairKey0(store, key[at + 1] as number), pairKey1(store, key[at + 2] as number));
    this.#freeRows.push(row);
  }

  /** Hashes the pair's key into #k/#kStore (cached for the last pair); false for a store with no pair. */
  #locate(storeId: string, buyerId: string): boolean {
    if (storeId !== this.#lastStoreId || buyerId !== this.#lastBuyerId) {
      this.#lastStoreId = storeId;
      this.#lastBuyerId = buyerId;
      this.#kStore = this.#storeNumbers.get(storeId) ?? -1;
      this.#k.set(hashEventId(this.#hasher, buyerId));
    }
    return this.#kStore >= 0;
  }

  #affiliateNumber(affiliateId: string): number {
    let n = this.#affiliateNumbers.get(affiliateId);
    if (n === undefined) {
      n = this.#affiliateIds.length;
      this.#affiliateIds.push(affiliateId);
      this.#affiliateNumbers.set(affiliateId, n);
    }
    return n;
  }

  #newRow(): number {
    const row = this.#rows;
    if (row >= capacityOf(this.#firstAtMs)) reserveRows(this.#columns, row);
    this.#rows += 1;
    return row;
  }
}
