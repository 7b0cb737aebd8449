import type { WindowChain } from './state.js';

/**
 * Where the reference model keeps each (buyer, store) pair's window chain (R6–R8; R7: windows are
 * per pair), and which pairs' ended chains it forgot (`forgetEnded`). The rules never see this:
 * they get a pair's chain and return its next one. The model's own store is `MapChainStore`, the
 * obvious one; the simulator's checker, which holds a million buyers' chains, gives the model a
 * store in typed-array columns (sim/run/column-chains.ts) that a property test holds to this one.
 */
export interface ChainStore {
  /** The pair's chain; FORGOTTEN_CHAIN once forgotten; undefined when the pair never had one. */
  get(storeId: string, buyerId: string): WindowChain | undefined;
  /** The pair's chain is now `chain` (a qualifying click: R6), whether or not it was forgotten. */
  set(storeId: string, buyerId: string, chain: WindowChain): void;
  /** Forgets every chain whose window ended at or before `cutoffMs`, keeping that the pair clicked. */
  forgetEnded(cutoffMs: number): void;
  /** Pairs with a chain in full. */
  readonly live: number;
  /** Pairs whose ended chain was forgotten. */
  readonly forgotten: number;
}

/** A forgotten chain (`forgetEnded`): a window that ended before any event the model can still see. */
export const FORGOTTEN_CHAIN: WindowChain = Object.freeze({
  first: Object.freeze({ eventId: '', atMs: Number.NEGATIVE_INFINITY, affiliateId: '' }),
  latest: Object.freeze({ eventId: '', atMs: Number.NEGATIVE_INFINITY, affiliateId: '' }),
  windowEndsAtMs: Number.NEGATIVE_INFINITY,
});

/** The chains in nested Maps (storeId → buyerId → chain, so no id can collide with a separator: R7). */
export class MapChainStore implements ChainStore {
  readonly #chains = new Map<string, Map<string, WindowChain>>();
  /** storeId → buyers whose chain was forgotten: they clicked, so R9 can say window-expired. */
  readonly #forgotten = new Map<string, Set<string>>();

  get(storeId: string, buyerId: string): WindowChain | undefined {
    const chain = this.#chains.get(storeId)?.get(buyerId);
    if (chain !== undefined) return chain;
    return this.#forgotten.get(storeId)?.has(buyerId) ? FORGOTTEN_CHAIN : undefined;
  }

  set(storeId: string, buyerId: string, chain: WindowChain): void {
    this.#forgotten.get(storeId)?.delete(buyerId);
    let byBuyer = this.#chains.get(storeId);
    if (byBuyer === undefined) {
      byBuyer = new Map();
      this.#chains.set(storeId, byBuyer);
    }
    byBuyer.set(buyerId, chain);
  }

  forgetEnded(cutoffMs: number): void {
    for (const [storeId, byBuyer] of this.#chains) {
      for (const [buyerId, chain] of byBuyer) {
        if (chain.windowEndsAtMs > cutoffMs) continue;
        byBuyer.delete(buyerId);
        let buyers = this.#forgotten.get(storeId);
        if (buyers === undefined) {
          buyers = new Set();
          this.#forgotten.set(storeId, buyers);
        }
        buyers.add(buyerId);
      }
      if (byBuyer.size === 0) this.#chains.delete(storeId);
    }
  }

  get live(): number {
    let live = 0;
    for (const byBuyer of this.#chains.values()) live += byBuyer.size;
    return live;
  }

  get forgotten(): number {
    let forgotten = 0;
    for (const buyers of this.#forgotten.values()) forgotten += buyers.size;
    return forgotten;
  }
}
