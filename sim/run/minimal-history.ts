import type { AffEvent } from '../domain/events.js';

/** What a violation is about: the store, and the buyer and order when there are ones. */
export interface HistorySubject {
  readonly storeId: string;
  readonly buyerId?: string;
  readonly orderId?: string;
  /** Events after this instant cannot have mattered. */
  readonly untilMs: number;
}

/**
 * The smallest history that decides a subject the same way (R7: a decision depends only on its
 * store's seller events, its buyer's clicks into that store, the affiliates of those clicks and
 * the order's own events), in recording order. Collected in one pass over a shard's events, for
 * many subjects at once.
 */
export function minimalHistories(
  events: Iterable<AffEvent>,
  subjects: readonly HistorySubject[],
): AffEvent[][] {
  const affiliates = new Map<string, AffEvent>();
  const picked: AffEvent[][] = subjects.map(() => []);
  const referenced = subjects.map(() => new Set<string>());
  for (const event of events) {
    if (event.type === 'affiliate.registered') {
      if (!affiliates.has(event.affiliateId)) affiliates.set(event.affiliateId, event);
      continue;
    }
    subjects.forEach((subject, i) => {
      if (event.at > subject.untilMs || !concerns(event, subject)) return;
      (picked[i] as AffEvent[]).push(event);
      if (event.type === 'click') (referenced[i] as Set<string>).add(event.affiliateId);
    });
  }
  return picked.map((list, i) => {
    const registrations = [...(referenced[i] as Set<string>)]
      .map((id) => affiliates.get(id))
      .filter((e): e is AffEvent => e !== undefined);
    return [...registrations, ...list];
  });
}

function concerns(event: AffEvent, subject: HistorySubject): boolean {
  switch (event.type) {
    case 'affiliate.registered':
      return false;
    case 'click':
      return event.storeId === subject.storeId && event.buyerId === subject.buyerId;
    case 'order.created':
      return event.orderId === subject.orderId && event.storeId === subject.storeId;
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded':
      return event.orderId === subject.orderId;
    default:
      return event.storeId === subject.storeId;
  }
}
