import type { EngineRules } from '../engine/engine-rules.js';
import { isMemberAt, type MembershipVersion, type StoreRecord } from '../engine/store-record.js';
import { Versioned } from '../engine/versioned.js';
import type { WindowChain } from '../engine/window-chain.js';

/**
 * Views of a store record, for mutants that call a real rule function on a store seen slightly
 * wrong (membership ignored, shifted by a millisecond, dated from the join): the real function
 * runs unchanged, and writes go to the real store. Everything but the membership is the store's own.
 */
class MembershipView extends Versioned<MembershipVersion> {
  constructor(
    readonly inner: Versioned<MembershipVersion>,
    readonly read: (atMs: number) => MembershipVersion | undefined,
    readonly write: (atMs: number, version: MembershipVersion) => void,
  ) {
    super();
  }

  override at(atMs: number): MembershipVersion | undefined {
    return this.read(atMs);
  }

  override set(atMs: number, version: MembershipVersion): void {
    this.write(atMs, version);
  }

  override get size(): number {
    return this.inner.size;
  }
}

function withMembership(
  store: StoreRecord,
  read: (atMs: number) => MembershipVersion | undefined,
  write: (atMs: number, version: MembershipVersion) => void = (atMs, v) => store.membership.set(atMs, v),
): StoreRecord {
  return { ...store, membership: new MembershipView(store.membership, read, write) };
}

/** The store as a member at every instant (R5, R9 ignored). */
export function alwaysMember(store: StoreRecord): StoreRecord {
  return withMembership(store, (atMs) => ({
    member: true,
    sinceMs: store.membership.at(atMs)?.sinceMs ?? atMs,
  }));
}

/** The store itself when it is a member at `atMs`, else a view that says it is (one rule ignored at that instant). */
export function memberAt(store: StoreRecord, atMs: number): StoreRecord {
  return isMemberAt(store, atMs) ? store : alwaysMember(store);
}

/**
 * The store 1 ms in the future: its membership at t is the real one at t − 1 and a change written
 * at t lands at t − 1. An event at `at + 1` on this view is the event at `at` judged 1 ms late.
 */
export function oneMsAhead(store: StoreRecord): StoreRecord {
  return withMembership(
    store,
    (atMs) => store.membership.at(atMs - 1),
    (atMs, v) => store.membership.set(atMs - 1, { member: v.member, sinceMs: v.sinceMs - 1 }),
  );
}

/** The store with a withdrawal dated from the join before it (a rejoin cooldown counted from the join). */
export function outSinceJoin(store: StoreRecord): StoreRecord {
  return withMembership(store, (atMs) => {
    const current = store.membership.at(atMs);
    if (current === undefined || current.member) return current;
    const joined = store.membership.at(current.sinceMs - 1);
    return joined?.member ? { member: false, sinceMs: joined.sinceMs } : current;
  });
}

/** A chain whose window never ends, for a mutant re-deciding rates after the order was locked. */
export function openChain(affiliateId: string, atMs: number): WindowChain {
  return {
    firstAtMs: atMs,
    firstAffiliateId: affiliateId,
    latestAtMs: atMs,
    latestAffiliateId: affiliateId,
    windowEndsAtMs: Number.POSITIVE_INFINITY,
  };
}

/**
 * The real lockOrder, remembering the store of every order it locks: for mutants that read an
 * order's store again at its completion (the engine hands endOrder only the order).
 */
export function rememberingStores(real: EngineRules): {
  readonly stores: ReadonlyMap<string, StoreRecord>;
  readonly lockOrder: EngineRules['lockOrder'];
} {
  const stores = new Map<string, StoreRecord>();
  return {
    stores,
    lockOrder(store, chain, query, policy) {
      stores.set(store.storeId, store);
      return real.lockOrder(store, chain, query, policy);
    },
  };
}
