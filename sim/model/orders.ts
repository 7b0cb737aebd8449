import type { LockedRate } from '../domain/decision.js';
import type { EventOf } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { isMember } from './membership.js';
import {
  type Attribution,
  accepted,
  type OrderState,
  type Outcome,
  rejected,
  type StoreState,
  type WindowChain,
} from './state.js';

/** Orders: attribution at creation (R8, R9), rates (R10) locked (R11), lifecycle (R12, R16), refunds (R14). */

export function createOrder(
  store: StoreState,
  chain: WindowChain | undefined,
  event: EventOf<'order.created'>,
  policy: Policy,
): { order: OrderState; outcome: Outcome } {
  const memberAtCreation = isMember(store);
  const attribution = attribute(event.at, memberAtCreation, chain, policy);
  const order: OrderState = {
    orderId: event.orderId,
    buyerId: event.buyerId,
    storeId: event.storeId,
    createdAtMs: event.at,
    attribution,
    lines: event.lines.map((line) => ({
      productId: line.productId,
      amountCents: line.amountCents,
      refundedCents: 0,
      rate: attribution.attributed ? resolveRate(store, line.productId, policy) : null,
    })),
    lifecycle: 'open',
  };
  return { order, outcome: accepted({ type: 'order-created', memberAtCreation, chain }) };
}

/**
 * R9: an affiliate order is in window (R8) and made while the store is a member, or, under
 * `honor-click-window`, in the window of a click made while it was a member. Every qualifying click
 * was made while the store was a member (R5), so that second case is "in window" alone.
 * Otherwise the first reason that applies: store-not-member, no-click, window-expired.
 */
export function attribute(
  atMs: number,
  memberAtCreation: boolean,
  chain: WindowChain | undefined,
  policy: Policy,
): Attribution {
  // R8: evaluation in time order makes the chain's latest click c*, the latest with c* <= T.
  const inWindow = chain !== undefined && atMs < chain.windowEndsAtMs;
  const savedByPolicy = policy.postWithdrawalOrders === 'honor-click-window' && inWindow;
  if (!memberAtCreation && !savedByPolicy) return { attributed: false, reason: 'store-not-member' };
  if (chain === undefined) return { attributed: false, reason: 'no-click' };
  if (!inWindow) return { attributed: false, reason: 'window-expired' };
  const credited = policy.credit === 'first-click' ? chain.first : chain.latest;
  return {
    attributed: true,
    affiliateId: credited.affiliateId,
    clickAtMs: credited.atMs,
    windowEndsAtMs: chain.windowEndsAtMs,
  };
}

/** R10: main-product rate, else the category rate when enabled and set, else the store default rate. */
export function resolveRate(store: StoreState, productId: string, policy: Policy): LockedRate {
  const main = store.mainRateBps.get(productId);
  if (main !== undefined) return { rateBps: main, tier: 'main' };
  if (policy.categoryRates === 'enabled') {
    const category = store.categoryOf.get(productId);
    const rate = category === undefined ? undefined : store.categoryRateBps.get(category);
    if (rate !== undefined) return { rateBps: rate, tier: 'category' };
  }
  return { rateBps: store.defaultRateBps, tier: 'default' };
}

/** R16: an order completes or cancels once, and nothing happens to it after a cancellation. */
export function endOrder(order: OrderState, event: EventOf<'order.completed' | 'order.cancelled'>): Outcome {
  if (order.lifecycle !== 'open') {
    return rejected('R16', `order ${order.orderId} is already ${order.lifecycle}`);
  }
  order.lifecycle = event.type === 'order.completed' ? 'completed' : 'cancelled';
  return accepted();
}

/** R14: a refund names a line of the order and at most what is left of it; also after completion. */
export function refund(order: OrderState, event: EventOf<'order.refunded'>): Outcome {
  if (order.lifecycle === 'cancelled') return rejected('R16', `order ${order.orderId} is cancelled`);
  const line = order.lines.find((l) => l.productId === event.productId);
  if (line === undefined) {
    return rejected('R14', `product ${event.productId} is not a line of order ${order.orderId}`);
  }
  const leftCents = line.amountCents - line.refundedCents;
  if (event.amountCents > leftCents) {
    return rejected(
      'R14',
      `refund of ${event.amountCents} cents exceeds the ${leftCents} cents left of line ${event.productId} of order ${order.orderId}`,
    );
  }
  line.refundedCents += event.amountCents;
  return accepted();
}

/**
 * Whether no event can change the order's decision any more: nothing happens to a cancelled order
 * (R16), and a completed order whose lines are all refunded in full can neither end again (R16)
 * nor be refunded further (R14).
 */
export function settled(order: OrderState): boolean {
  if (order.lifecycle === 'cancelled') return true;
  return order.lifecycle === 'completed' && order.lines.every((l) => l.refundedCents === l.amountCents);
}
