import type { AffEvent } from '../domain/events.js';
import { DAY_MS } from '../domain/instant.js';

/**
 * Buyer events generated ahead of their day (an order's completion weeks after the click) wait
 * here, bucketed by day, until their day is emitted: the only buyer state the generator keeps,
 * and it holds only sessions still in flight. Past `PENDING_EVENTS_MAX` generation stops with an
 * error rather than exhausting memory.
 */
export const PENDING_EVENTS_MAX = 20_000_000;

export interface PendingEvent {
  readonly atMs: number;
  readonly buyerIndex: number;
  /** The day the session that made it was generated on, and its sequence in that buyer-day. */
  readonly day: number;
  readonly seq: number;
  readonly event: AffEvent;
}

export class PendingEvents {
  readonly #startMs: number;
  readonly #buckets: PendingEvent[][];
  #size = 0;
  /** Events that fell after the end of the run (an order completing after the last day): not generated. */
  dropped = 0;

  constructor(startMs: number, days: number) {
    this.#startMs = startMs;
    this.#buckets = Array.from({ length: days }, () => []);
  }

  push(pending: PendingEvent): void {
    const day = Math.floor((pending.atMs - this.#startMs) / DAY_MS);
    const bucket = this.#buckets[day];
    if (bucket === undefined) {
      if (day < 0) throw new Error(`event ${pending.event.id} is before the start of the run`);
      this.dropped += 1;
      return;
    }
    if (this.#size >= PENDING_EVENTS_MAX) {
      throw new Error(
        `more than ${PENDING_EVENTS_MAX} buyer events pending: lower buyers.sessionsPerDay or the world's buyers`,
      );
    }
    bucket.push(pending);
    this.#size += 1;
  }

  /**
   * The day's events in recording order: by time, ties by buyer, then the generating day and
   * sequence. Every key is the buyer's own, so a buyer's order is the same in every shard, and
   * shards merged by this key give exactly the unsharded order.
   */
  take(day: number): AffEvent[] {
    const bucket = this.#buckets[day] ?? [];
    this.#buckets[day] = [];
    this.#size -= bucket.length;
    bucket.sort(comparePending);
    return bucket.map((p) => p.event);
  }
}

export function comparePending(a: PendingEvent, b: PendingEvent): number {
  return a.atMs - b.atMs || a.buyerIndex - b.buyerIndex || a.day - b.day || a.seq - b.seq;
}
