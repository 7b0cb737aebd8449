import type { LockedRate, UnattributedReason } from '../../sim/domain/decision.js';
import type { EventOf } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import { isMemberAt, type StoreRecord } from './store-record.js';
import type { WindowChain } from './window-chain.js';

export type Attribution =
  | {
      readonly attributed: true;
      readonly affiliateId: string;
      readonly clickAtMs: number;
      readonly windowEndsAtMs: number;
    }
  | { readonly attributed: false; readonly reason: UnattributedReason };

export interface OrderLine {
  readonly productId: string;
  readonly amountCents: number;
  refundedCents: number;
  /** Locked at creation (R11); null when the order is not attributed. */
  readonly rate: LockedRate | null;
}

/** An order with its attribution and rates locked at creation (R11); only lifecycle and refunds move. */
export interface OrderRecord {
  readonly orderId: string;
  readonly buyerId: string;
  readonly storeId: string;
  readonly createdAtMs: number;
  readonly attribution: Attribution;
  readonly lines: OrderLine[];
  lifecycle: 'open' | 'completed' | 'cancelled';
}

/** The part of an order that attribution needs; a what-if query has it without creating anything. */
export type OrderDraft = Pick<EventOf<'order.created'>, 'at' | 'lines'>;

/** R9, R10, R11: decides attribution and locks every line's rate as of the order's creation instant. */
export function lockOrder(
  store: StoreRecord,
  chain: WindowChain | undefined,
  draft: OrderDraft,
  policy: Policy,
): { attribution: Attribution; lines: OrderLine[] } {
  const attribution = attributionAt(draft.at, isMemberAt(store, draft.at), chain, policy);
  const lines = draft.lines.map((line) => ({
    productId: line.productId,
    amountCents: line.amountCents,
    refundedCents: 0,
    rate: attribution.attributed ? rateAt(store, line.productId, draft.at, policy) : null,
  }));
  return { attribution, lines };
}

/**
 * R8, R9: in window when T is before the end of the latest qualifying click's window (buyer events
 * arrive in time order, so the chain's latest click is the latest at or before T) and the store is
 * a member at T, or under `honor-click-window` the click saves it (every qualifying click was made
 * while a member, R5). Otherwise the first reason that applies: store-not-member, no-click, window-expired.
 */
function attributionAt(
  atMs: number,
  memberAtT: boolean,
  chain: WindowChain | undefined,
  policy: Policy,
): Attribution {
  const inWindow = chain !== undefined && atMs < chain.windowEndsAtMs;
  if (!memberAtT && !(inWindow && policy.postWithdrawalOrders === 'honor-click-window')) {
    return { attributed: false, reason: 'store-not-member' };
  }
  if (chain === undefined) return { attributed: false, reason: 'no-click' };
  if (!inWindow) return { attributed: false, reason: 'window-expired' };
  const firstClick = policy.credit === 'first-click';
  return {
    attributed: true,
    affiliateId: firstClick ? chain.firstAffiliateId : chain.latestAffiliateId,
    clickAtMs: firstClick ? chain.firstAtMs : chain.latestAtMs,
    windowEndsAtMs: chain.windowEndsAtMs,
  };
}

/** R10: the main-product rate at T, else the category rate at T (when enabled and set), else the default rate at T. */
function rateAt(store: StoreRecord, productId: string, atMs: number, policy: Policy): LockedRate {
  const mainBps = store.mainRateBps.get(productId)?.at(atMs);
  if (mainBps !== undefined && mainBps !== null) return { rateBps: mainBps, tier: 'main' };
  if (policy.categoryRates === 'enabled') {
    const categoryId = store.categoryOf.get(productId);
    const categoryBps =
      categoryId === undefined ? undefined : store.categoryRateBps.get(categoryId)?.at(atMs);
    if (categoryBps !== undefined) return { rateBps: categoryBps, tier: 'category' };
  }
  // A store that is attributed was a member at some point, so a join set the default rate.
  return { rateBps: store.defaultRateBps.at(atMs) ?? 0, tier: 'default' };
}
