import { type AffEvent, eventSchemas } from '../../sim/domain/events.js';
import type { RawEvent } from '../arbitraries/raw-event.js';

/** EVENTS.md events (ISO `at`) as the engine takes them (epoch ms), through the shared schemas. */
export function parseRawEvents(raw: readonly RawEvent[]): AffEvent[] {
  return raw.map((e) => eventSchemas[e.type].parse(e) as AffEvent);
}

const isSellerSide = (e: AffEvent) => e.type.startsWith('store.') || e.type === 'affiliate.registered';

/**
 * A delivery the platform must handle (server/README "Ordering"): seller events and registrations
 * arrive at their own instant, each buyer's events `lag` later (per buyer, its events and its
 * orders' events keep time order). So a day's seller events may arrive before earlier buyer events,
 * and buyers interleave freely. Ties in delivery keep time order, then recording order.
 */
export function deliverWithBuyerLag(
  events: readonly AffEvent[],
  lagMsOf: (buyerId: string) => number,
): AffEvent[] {
  const timeOrder = events
    .map((_, i) => i)
    .sort((a, b) => (events[a] as AffEvent).at - (events[b] as AffEvent).at);
  const deliveryMs = new Array<number>(events.length);
  const lastByKey = new Map<string, number>();
  const buyerOfOrder = new Map<string, string>();
  const chained = (atMs: number, keys: string[]) => {
    let at = atMs;
    for (const k of keys) at = Math.max(at, lastByKey.get(k) ?? at);
    for (const k of keys) lastByKey.set(k, at);
    return at;
  };
  for (const i of timeOrder) {
    const e = events[i] as AffEvent;
    if (isSellerSide(e)) deliveryMs[i] = e.at;
    else if (e.type === 'click') deliveryMs[i] = chained(e.at + lagMsOf(e.buyerId), [`b ${e.buyerId}`]);
    else if (e.type === 'order.created') {
      if (!buyerOfOrder.has(e.orderId)) buyerOfOrder.set(e.orderId, e.buyerId);
      deliveryMs[i] = chained(e.at + lagMsOf(e.buyerId), [`b ${e.buyerId}`, `o ${e.orderId}`]);
    } else {
      const { orderId } = e as { orderId: string };
      const buyer = buyerOfOrder.get(orderId);
      deliveryMs[i] = chained(e.at + (buyer === undefined ? 0 : lagMsOf(buyer)), [`o ${orderId}`]);
    }
  }
  const rank = new Array<number>(events.length);
  timeOrder.forEach((index, r) => {
    rank[index] = r;
  });
  return events
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (deliveryMs[a] as number) - (deliveryMs[b] as number) || (rank[a] as number) - (rank[b] as number),
    )
    .map((i) => events[i] as AffEvent);
}

/**
 * Whether an arrival order is inside the engine's ordering guarantee (server/engine/engine.ts):
 * per store its seller events, per buyer its clicks and orders, per order id its events in time
 * order; no seller event after a buyer event of its store with a later instant; no registration
 * after an event naming it with a later instant. Repeats and reuses of an id (R17) apply nothing.
 */
export function withinOrderingGuarantee(arrival: readonly AffEvent[]): boolean {
  const seen = new Set<string>();
  const last = new Map<string, number>();
  const inOrder = (key: string, atMs: number) => {
    const before = last.get(key) ?? Number.NEGATIVE_INFINITY;
    last.set(key, Math.max(before, atMs));
    return atMs >= before;
  };
  const buyerSeen = new Map<string, number>();
  const bump = (key: string, atMs: number) => buyerSeen.set(key, Math.max(buyerSeen.get(key) ?? atMs, atMs));
  for (const e of arrival) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (e.type === 'affiliate.registered') {
      if (e.at < (buyerSeen.get(`a ${e.affiliateId}`) ?? Number.NEGATIVE_INFINITY)) return false;
    } else if (e.type.startsWith('store.')) {
      const storeId = (e as { storeId: string }).storeId;
      if (!inOrder(`s ${storeId}`, e.at)) return false;
      if (e.at < (buyerSeen.get(`s ${storeId}`) ?? Number.NEGATIVE_INFINITY)) return false;
    } else if (e.type === 'click') {
      if (!inOrder(`b ${e.buyerId}`, e.at)) return false;
      bump(`s ${e.storeId}`, e.at);
      bump(`a ${e.affiliateId}`, e.at);
    } else if (e.type === 'order.created') {
      if (!inOrder(`b ${e.buyerId}`, e.at) || !inOrder(`o ${e.orderId}`, e.at)) return false;
      bump(`s ${e.storeId}`, e.at);
    } else if (!inOrder(`o ${(e as { orderId: string }).orderId}`, e.at)) return false;
  }
  return true;
}
