import type { AffEvent, ClickEvent, EventOf } from '../../sim/domain/events.js';
import type { Outcome } from '../../sim/model/state.js';
import type { Run } from './_small.js';

/** Facts about a generated history that feature tests ask for, computed in evaluation order (time, then recording). */

export function timeOrdered(events: readonly AffEvent[]): AffEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map((x) => x.event);
}

/** For each order: the latest click by the same buyer into the same store at or before it (any click, qualifying or not). */
export function latestClickOfOrders(events: readonly AffEvent[]): Map<string, ClickEvent | undefined> {
  const latest = new Map<string, ClickEvent>();
  const result = new Map<string, ClickEvent | undefined>();
  for (const e of timeOrdered(events)) {
    if (e.type === 'click') latest.set(`${e.buyerId}|${e.storeId}`, e);
    else if (e.type === 'order.created') result.set(e.orderId, latest.get(`${e.buyerId}|${e.storeId}`));
  }
  return result;
}

/** Accepted membership changes per store, in time order. */
export function membershipChanges(r: Run): Map<string, { type: 'join' | 'withdraw'; atMs: number }[]> {
  const changes = new Map<string, { type: 'join' | 'withdraw'; atMs: number }[]>();
  for (const e of timeOrdered(r.events)) {
    if (e.type !== 'store.joined' && e.type !== 'store.withdrew') continue;
    if ((r.outcomes.get(e.id) as Outcome).kind !== 'accepted') continue;
    const list = changes.get(e.storeId) ?? [];
    list.push({ type: e.type === 'store.joined' ? 'join' : 'withdraw', atMs: e.at });
    changes.set(e.storeId, list);
  }
  return changes;
}

/** Whether the store had withdrawn (and not rejoined) at `atMs`. */
export function withdrawnAt(
  changes: Map<string, { type: 'join' | 'withdraw'; atMs: number }[]>,
  storeId: string,
  atMs: number,
): boolean {
  let state: 'never' | 'member' | 'withdrawn' = 'never';
  for (const c of changes.get(storeId) ?? []) {
    if (c.atMs > atMs) break;
    state = c.type === 'join' ? 'member' : 'withdrawn';
  }
  return state === 'withdrawn';
}

export function ofType<T extends AffEvent['type']>(events: readonly AffEvent[], type: T): EventOf<T>[] {
  return events.filter((e): e is EventOf<T> => e.type === type);
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
