import fc from 'fast-check';
import { DAY_MS } from '../../sim/domain/instant.js';
import type { RawEvent } from './raw-event.js';

/**
 * Recording orders that RULES.md ("Order of evaluation") says give the same decisions: a history
 * is evaluated in time order, ties in recording order, and ids are settled in recording order
 * (R17). So any reordering keeps, in their original relative order:
 * - events with equal `at` (the tie order is the evaluation order),
 * - events sharing an id (the first recorded is the event, later ones repeats or conflicts),
 * - with `streams` (the default), the events of one stream: one (buyer, store) pair's clicks and
 *   orders with their completions, cancellations and refunds; one store's seller events; one
 *   affiliate. Streams interleave freely, as a platform may receive them.
 * `ties-and-ids` keeps only the first two: the weakest constraint the model must honour.
 * `any` keeps nothing: a different history (ties and R17 firsts change), for tests of ordering itself.
 */
export type ReorderMode = 'streams' | 'ties-and-ids' | 'any';

/** Choices for `reorder`: shrinking them to zeros gives back the recorded order. */
export const reorderChoicesArb: fc.Arbitrary<number[]> = fc.array(fc.nat(), { maxLength: 300 });

/** A random allowed reordering of `events`, driven by `choices` (a choice per event; missing ones are 0). */
export function reorder(
  events: readonly RawEvent[],
  choices: readonly number[],
  mode: ReorderMode = 'streams',
): RawEvent[] {
  let k = 0;
  return topologicalOrder(events, mode, (ready) => ready[(choices[k++] ?? 0) % ready.length] as number);
}

/** `fc` arbitrary of allowed reorderings of `events`. */
export function reorderArb(
  events: readonly RawEvent[],
  mode: ReorderMode = 'streams',
): fc.Arbitrary<RawEvent[]> {
  return reorderChoicesArb.map((choices) => reorder(events, choices, mode));
}

/**
 * What the simulator does (RULES.md): each UTC day's seller events are sent before that day's
 * buyer events, as far as the constraints above allow (ties keep their order).
 */
export function sellerEventsFirstPerDay(events: readonly RawEvent[]): RawEvent[] {
  const rank = (i: number): [number, number, number] => {
    const e = events[i] as RawEvent;
    return [Math.floor(Date.parse(e.at) / DAY_MS), e.type.startsWith('store.') ? 0 : 1, i];
  };
  return topologicalOrder(events, 'streams', (ready) =>
    ready.reduce((best, i) => (compareTuples(rank(i), rank(best)) < 0 ? i : best)),
  );
}

/** Which stream an event belongs to (see `ReorderMode`); order events follow the order's pair. */
export function streamsOf(events: readonly RawEvent[]): string[] {
  const pairOfOrder = new Map<string, string>();
  return events.map((e) => {
    switch (e.type) {
      case 'click':
        return `pair ${e.storeId} ${e.buyerId}`;
      case 'order.created': {
        const pair = `pair ${e.storeId} ${e.buyerId}`;
        if (!pairOfOrder.has(e.orderId)) pairOfOrder.set(e.orderId, pair);
        return pair;
      }
      case 'order.completed':
      case 'order.cancelled':
      case 'order.refunded':
        return pairOfOrder.get(e.orderId) ?? `order ${e.orderId}`;
      case 'affiliate.registered':
        return `affiliate ${e.affiliateId}`;
      default:
        return `store ${e.storeId}`;
    }
  });
}

/**
 * A topological order of the constraint graph (each constraint is a chain in recording order, so
 * the recorded order is one); `choose` picks the next event among the ready ones (ascending).
 */
function topologicalOrder(
  events: readonly RawEvent[],
  mode: ReorderMode,
  choose: (ready: readonly number[]) => number,
): RawEvent[] {
  const keys: ((e: RawEvent, i: number) => string)[] = [];
  if (mode !== 'any')
    keys.push(
      (e) => `at ${Date.parse(e.at)}`,
      (e) => `id ${e.id}`,
    );
  if (mode === 'streams') {
    const streams = streamsOf(events);
    keys.push((_, i) => streams[i] as string);
  }
  const waitingOn = events.map(() => 0);
  const next: number[][] = events.map(() => []);
  for (const key of keys) {
    const last = new Map<string, number>();
    events.forEach((e, i) => {
      const k = key(e, i);
      const before = last.get(k);
      if (before !== undefined) {
        (next[before] as number[]).push(i);
        waitingOn[i] = (waitingOn[i] as number) + 1;
      }
      last.set(k, i);
    });
  }
  const ready = events.map((_, i) => i).filter((i) => waitingOn[i] === 0);
  const out: RawEvent[] = [];
  while (ready.length > 0) {
    const chosen = choose(ready);
    ready.splice(ready.indexOf(chosen), 1);
    out.push(events[chosen] as RawEvent);
    for (const j of next[chosen] as number[]) {
      waitingOn[j] = (waitingOn[j] as number) - 1;
      if (waitingOn[j] === 0) ready.splice(sortedIndex(ready, j), 0, j);
    }
  }
  return out;
}

function sortedIndex(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}
