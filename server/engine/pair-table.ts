import type { WindowChain } from './window-chain.js';

/**
 * Every (buyer, store) pair's window chain (R6–R8), as columns: the index maps store → buyer → row
 * (nested, so no id can collide with a separator) and a row is three float columns and two
 * affiliate columns. There is no object per pair for the garbage collector to trace or promote;
 * the rule functions still see a WindowChain, made on demand and short-lived.
 */
export class PairTable {
  readonly #rows = new Map<string, Map<string, number>>();
  #firstAtMs = new Float64Array(64);
  #latestAtMs = new Float64Array(64);
  #windowEndsAtMs = new Float64Array(64);
  readonly #firstAffiliateId: string[] = [];
  readonly #latestAffiliateId: string[] = [];
  #count = 0;

  get size(): number {
    return this.#count;
  }

  /** The pair's row, or -1 when it never had a qualifying click. */
  row(storeId: string, buyerId: string): number {
    return this.#rows.get(storeId)?.get(buyerId) ?? -1;
  }

  chain(row: number): WindowChain {
    return {
      firstAtMs: this.#firstAtMs[row] as number,
      firstAffiliateId: this.#firstAffiliateId[row] as string,
      latestAtMs: this.#latestAtMs[row] as number,
      latestAffiliateId: this.#latestAffiliateId[row] as string,
      windowEndsAtMs: this.#windowEndsAtMs[row] as number,
    };
  }

  chainOf(storeId: string, buyerId: string): WindowChain | undefined {
    const row = this.row(storeId, buyerId);
    return row < 0 ? undefined : this.chain(row);
  }

  set(row: number, chain: WindowChain): void {
    this.#firstAtMs[row] = chain.firstAtMs;
    this.#firstAffiliateId[row] = chain.firstAffiliateId;
    this.#latestAtMs[row] = chain.latestAtMs;
    this.#latestAffiliateId[row] = chain.latestAffiliateId;
    this.#windowEndsAtMs[row] = chain.windowEndsAtMs;
  }

  add(storeId: string, buyerId: string, chain: WindowChain): void {
    let byBuyer = this.#rows.get(storeId);
    if (byBuyer === undefined) {
      byBuyer = new Map();
      this.#rows.set(storeId, byBuyer);
    }
    const row = this.#count;
    if (row === this.#firstAtMs.length) this.#grow();
    this.#count += 1;
    byBuyer.set(buyerId, row);
    this.set(row, chain);
  }

  #grow(): void {
    const grown = (column: Float64Array) => {
      const next = new Float64Array(Math.ceil(column.length * 1.5));
      next.set(column);
      return next;
    };
    this.#firstAtMs = grown(this.#firstAtMs);
    this.#latestAtMs = grown(this.#latestAtMs);
    this.#windowEndsAtMs = grown(this.#windowEndsAtMs);
  }
}
