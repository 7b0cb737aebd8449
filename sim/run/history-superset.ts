import type { AffEvent } from '../domain/events.js';

/** What a violation is about: the store, and the buyer, order or affiliate when there are ones. */
export interface HistorySubject {
  readonly storeId?: string;
  readonly buyerId?: string;
  readonly orderId?: string;
  readonly affiliateId?: string;
  /** When the violation was seen: later events cannot have mattered. */
  readonly untilMs: number;
}

/**
 * Everything a violation can depend on (issue 10: a superset, never a slice that may not
 * reproduce): the buyer's events in every store (clicks, orders and those orders' events), the
 * seller timelines of those stores and of the subject's store, and the registrations of the
 * clicks' affiliates, up to when the violation was seen, in the run's recording order (nothing
 * moves, so ties and R17 identity stay as they were). Two passes over the shard's regenerated
 * events: the first finds the buyer's stores, orders and affiliates, the second picks.
 */
export function historySupersets(
  events: () => Iterable<AffEvent>,
  subjects: readonly HistorySubject[],
): AffEvent[][] {
  const scopes: Scope[] = subjects.map((s) => ({
    buyerId: s.buyerId,
    stores: new Set(s.storeId === undefined ? [] : [s.storeId]),
    orders: new Set(s.orderId === undefined ? [] : [s.orderId]),
    affiliates: new Set(s.affiliateId === undefined ? [] : [s.affiliateId]),
  }));
  const byBuyer = new Map<string, number[]>();
  subjects.forEach((s, i) => {
    if (s.buyerId !== undefined) byBuyer.set(s.buyerId, [...(byBuyer.get(s.buyerId) ?? []), i]);
  });
  if (byBuyer.size > 0) {
    for (const event of events()) {
      if (event.type !== 'click' && event.type !== 'order.created') continue;
      for (const i of byBuyer.get(event.buyerId) ?? []) {
        if (event.at > (subjects[i]?.untilMs as number)) continue;
        const scope = scopes[i] as Scope;
        scope.stores.add(event.storeId);
        if (event.type === 'click') scope.affiliates.add(event.affiliateId);
        else scope.orders.add(event.orderId);
      }
    }
  }
  const picked: AffEvent[][] = subjects.map(() => []);
  for (const event of events()) {
    subjects.forEach((subject, i) => {
      if (event.at > subject.untilMs) return;
      const scope = scopes[i] as Scope;
      if (concerns(event, scope)) (picked[i] as AffEvent[]).push(event);
    });
  }
  return picked;
}

interface Scope {
  readonly buyerId: string | undefined;
  readonly stores: Set<string>;
  readonly orders: Set<string>;
  readonly affiliates: Set<string>;
}

function concerns(event: AffEvent, scope: Scope): boolean {
  switch (event.type) {
    case 'affiliate.registered':
      return scope.affiliates.has(event.affiliateId);
    case 'click':
      return event.buyerId === scope.buyerId;
    case 'order.created':
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded':
      return scope.orders.has(event.orderId);
    default:
      return scope.stores.has(event.storeId);
  }
}
