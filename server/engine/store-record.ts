import type { EventOf } from '../../sim/domain/events.js';
import { Versioned, type VersionedState } from './versioned.js';

/** A membership change: a member from `sinceMs` (joined) or out from `sinceMs` (withdrew). */
export interface MembershipVersion {
  readonly member: boolean;
  readonly sinceMs: number;
}

/**
 * One store as the platform knows it. Membership and every setting are versioned by time (R4), so
 * a buyer event that arrives after later seller events still sees the store as of its own instant.
 */
export interface StoreRecord {
  readonly storeId: string;
  readonly registeredAtMs: number;
  /** The catalogue, fixed at registration: product → category (R1: the whole store joins). */
  readonly categoryOf: ReadonlyMap<string, string>;
  readonly categories: ReadonlySet<string>;
  /** No version before the first join: never a member. */
  readonly membership: Versioned<MembershipVersion>;
  /** Set by a join (R1) and by defaultRateSet (R4); persists across a withdrawal. */
  readonly defaultRateBps: Versioned<number>;
  /** Per main product; a `null` version is a removal. */
  readonly mainRateBps: Map<string, Versioned<number | null>>;
  readonly categoryRateBps: Map<string, Versioned<number>>;
  /** The latest seller event applied: a seller event before it breaks the per-store ordering guarantee. */
  lastSellerAtMs: number;
  /** The latest buyer event evaluated against this store: a seller event before it arrived too late. */
  buyerSeenUntilMs: number;
}

export function newStoreRecord(event: EventOf<'store.registered'>): StoreRecord {
  const categoryOf = new Map(event.products.map((p) => [p.productId, p.categoryId]));
  return {
    storeId: event.storeId,
    registeredAtMs: event.at,
    categoryOf,
    categories: new Set(categoryOf.values()),
    membership: new Versioned(),
    defaultRateBps: new Versioned(),
    mainRateBps: new Map(),
    categoryRateBps: new Map(),
    lastSellerAtMs: event.at,
    buyerSeenUntilMs: Number.NEGATIVE_INFINITY,
  };
}

export function isMemberAt(store: StoreRecord, atMs: number): boolean {
  return store.membership.at(atMs)?.member === true;
}

/**
 * A store record as plain data (a snapshot's part): its versioned settings as their versions; the
 * categories are derived from the catalogue again.
 */
export type StoreRecordState = Omit<
  StoreRecord,
  'categoryOf' | 'categories' | 'membership' | 'defaultRateBps' | 'mainRateBps' | 'categoryRateBps'
> & {
  readonly categoryOf: Map<string, string>;
  readonly membership: VersionedState<MembershipVersion>;
  readonly defaultRateBps: VersionedState<number>;
  readonly mainRateBps: Map<string, VersionedState<number | null>>;
  readonly categoryRateBps: Map<string, VersionedState<number>>;
};

export function storeRecordState(store: StoreRecord): StoreRecordState {
  const versions = <T>(map: Map<string, Versioned<T>>) => new Map([...map].map(([k, v]) => [k, v.state()]));
  const { categories: _derived, ...plain } = store;
  return {
    ...plain,
    categoryOf: store.categoryOf as Map<string, string>,
    membership: store.membership.state(),
    defaultRateBps: store.defaultRateBps.state(),
    mainRateBps: versions(store.mainRateBps),
    categoryRateBps: versions(store.categoryRateBps),
  };
}

export function storeRecordFromState(state: StoreRecordState): StoreRecord {
  const versioned = <T>(map: Map<string, VersionedState<T>>) =>
    new Map([...map].map(([k, v]) => [k, new Versioned(v)]));
  return {
    ...state,
    categories: new Set(state.categoryOf.values()),
    membership: new Versioned(state.membership),
    defaultRateBps: new Versioned(state.defaultRateBps),
    mainRateBps: versioned(state.mainRateBps),
    categoryRateBps: versioned(state.categoryRateBps),
  };
}
