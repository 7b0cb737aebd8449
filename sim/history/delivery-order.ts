import type { AffEvent } from '../domain/events.js';

/**
 * The order to send a recorded history to the platform in: time order, ties in recording order
 * (RULES.md, "Order of evaluation"), which is inside the engine's ordering guarantee for any
 * recording. R17 identity follows recording order, so a later copy of an id (a repeat or a reuse)
 * never moves ahead of the first one: it is sent at its own instant or just after the first.
 * Returns indexes into `events`.
 */
export function timeOrderDelivery(events: readonly AffEvent[]): number[] {
  const firstAtById = new Map<string, number>();
  const sendAtMs = events.map((e) => {
    const firstAt = firstAtById.get(e.id);
    if (firstAt === undefined) {
      firstAtById.set(e.id, e.at);
      return e.at;
    }
    return Math.max(e.at, firstAt);
  });
  // Array.prototype.sort is stable: equal instants keep their recording order.
  return events.map((_, i) => i).sort((a, b) => (sendAtMs[a] as number) - (sendAtMs[b] as number));
}
