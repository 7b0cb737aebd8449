import type { Channel } from '../domain/channels.js';

/** The simulated population (issue 5, "World"): plain data, the same for a given scenario and seed. */
export interface World {
  readonly seed: number;
  readonly scenarioName: string;
  readonly categories: readonly Category[];
  readonly stores: readonly Store[];
  readonly affiliates: readonly Affiliate[];
  /**
   * Buyers are not materialised: there can be millions, and each one is a pure function of the
   * seed and its index (`buyerProfile`), so every shard derives its own without sharing state.
   */
  readonly buyerCount: number;
}

export interface Category {
  readonly index: number;
  readonly categoryId: string;
  readonly name: string;
}

export interface Product {
  readonly index: number;
  readonly productId: string;
  readonly categoryId: string;
  readonly name: string;
  readonly priceCents: number;
}

export interface Store {
  readonly index: number;
  readonly storeId: string;
  readonly name: string;
  readonly country: string;
  /** The catalogue a `store.registered` event carries (R1: the whole store joins). */
  readonly products: readonly Product[];
  /** The categories of its catalogue (the only ones a category rate may name, R16). */
  readonly categoryIds: readonly string[];
}

export interface Affiliate {
  readonly index: number;
  readonly affiliateId: string;
  readonly name: string;
  /** The promotion channel of its links (seed 001, part 4). */
  readonly channel: Channel;
  /** In-site alliance zones versus off-site publishers (seed 001, part 4). */
  readonly inSite: boolean;
}

export interface BuyerProfile {
  readonly index: number;
  readonly buyerId: string;
  readonly country: string;
  readonly locale: string;
  /** A representative offset of the buyer's market, for the daily rhythm of sessions. */
  readonly utcOffsetHours: number;
  /** Multiplies the scenario's sessions per day; heavy-tailed with mean 1 (a few buyers shop a lot). */
  readonly activity: number;
}
