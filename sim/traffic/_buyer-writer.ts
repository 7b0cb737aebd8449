import type { Channel } from '../domain/channels.js';
import type { AffEvent } from '../domain/events.js';
import { formatInstant } from '../domain/instant.js';
import { orderId } from '../world/ids.js';
import type { Rng } from '../world/rng.js';
import type { Affiliate, Store } from '../world/world.js';
import { buyerEventId } from './event-ids.js';
import type { PendingEvents } from './pending-events.js';

/** A buyer-day's client retries: the share of events delivered twice, the mean delay, their draws. */
export interface Retries {
  readonly share: number;
  readonly meanDelayMs: number;
  /** The share of events whose id is reused later for another payload (R17 refuses it). */
  readonly conflictShare: number;
  readonly rng: Rng;
}

/** A retry arrives at most this long after its original (three days). */
const RETRY_DELAY_MAX_MS = 3 * 86_400_000;

/** Events one buyer may generate in one day's sessions (a limit on everything). */
export const BUYER_DAY_EVENTS_MAX = 100_000;

export interface OrderLine {
  readonly productId: string;
  readonly amountCents: number;
}

export interface PlacedOrder {
  readonly orderId: string;
  readonly storeIndex: number;
  readonly createdAtMs: number;
  readonly lines: readonly OrderLine[];
}

/**
 * Writes the events of one buyer's sessions of one day into the pending buckets, numbering them
 * in generation order (the event id's sequence and the tie-break of equal instants). Every event
 * is at or after the day's start: sessions never reach back in time.
 */
export class BuyerDayWriter {
  readonly buyerIndex: number;
  readonly day: number;
  readonly dayStartMs: number;
  readonly #buyerId: string;
  readonly #sink: PendingEvents;
  #seq = 0;
  #orders = 0;

  readonly #retries: Retries | undefined;

  /** `buyerId`: the shard's one string for this buyer (shard-buyer-ids.ts). */
  constructor(
    buyerIndex: number,
    buyerId: string,
    day: number,
    dayStartMs: number,
    sink: PendingEvents,
    retries?: Retries,
  ) {
    this.buyerIndex = buyerIndex;
    this.day = day;
    this.dayStartMs = dayStartMs;
    this.#buyerId = buyerId;
    this.#sink = sink;
    this.#retries = retries;
  }

  click(atMs: number, affiliate: Affiliate, store: Store, productIndex: number | undefined): void {
    const id = this.#nextId('click', atMs);
    const productId = productIndex === undefined ? undefined : store.products[productIndex]?.productId;
    const channel: Channel = affiliate.channel;
    this.#emit(
      productId === undefined
        ? {
            id,
            type: 'click',
            at: atMs,
            buyerId: this.#buyerId,
            affiliateId: affiliate.affiliateId,
            storeId: store.storeId,
            channel,
          }
        : {
            id,
            type: 'click',
            at: atMs,
            buyerId: this.#buyerId,
            affiliateId: affiliate.affiliateId,
            storeId: store.storeId,
            productId,
            channel,
          },
    );
  }

  order(atMs: number, store: Store, lines: readonly OrderLine[]): PlacedOrder {
    this.#orders += 1;
    const placed = {
      orderId: orderId(this.buyerIndex, this.day, this.#orders),
      storeIndex: store.index,
      createdAtMs: atMs,
      lines,
    };
    this.#emit({
      id: this.#nextId('order.created', atMs),
      type: 'order.created',
      at: atMs,
      orderId: placed.orderId,
      buyerId: this.#buyerId,
      storeId: store.storeId,
      lines: lines.map((l) => ({ productId: l.productId, amountCents: l.amountCents })),
    });
    return placed;
  }

  end(order: PlacedOrder, type: 'order.completed' | 'order.cancelled', atMs: number): void {
    this.#emit({ id: this.#nextId(type, atMs), type, at: atMs, orderId: order.orderId });
  }

  refund(order: PlacedOrder, productId: string, amountCents: number, atMs: number): void {
    this.#emit({
      id: this.#nextId('order.refunded', atMs),
      type: 'order.refunded',
      at: atMs,
      orderId: order.orderId,
      productId,
      amountCents,
    });
  }

  #nextId(type: AffEvent['type'], atMs: number): string {
    if (atMs < this.dayStartMs || !Number.isSafeInteger(atMs)) {
      throw new Error(
        `bug: buyer ${this.buyerIndex} day ${this.day} generated an event at ${Number.isFinite(atMs) ? formatInstant(atMs) : atMs}, before the day or not whole ms`,
      );
    }
    if (this.#seq >= BUYER_DAY_EVENTS_MAX) {
      throw new Error(
        `buyer ${this.buyerIndex} generated more than ${BUYER_DAY_EVENTS_MAX} events on day ${this.day}`,
      );
    }
    this.#seq += 1;
    return buyerEventId(this.buyerIndex, this.day, this.#seq, type);
  }

  #emit(event: AffEvent): void {
    const pending = { atMs: event.at, buyerIndex: this.buyerIndex, day: this.day, seq: this.#seq, event };
    this.#sink.push(pending);
    // A client retry (R17): the same event, delivered again later; its own stream of draws, so
    // retries change nothing else of the buyer's day.
    const retries = this.#retries;
    if (retries === undefined) return;
    const delay = () =>
      Math.min(RETRY_DELAY_MAX_MS, 1_000 + Math.floor(retries.rng.exponential(retries.meanDelayMs)));
    if (retries.rng.chance(retries.share)) this.#sink.push({ ...pending, atMs: event.at + delay() });
    // The id reused for another event: the same event at a later instant, which R17 refuses.
    if (retries.conflictShare > 0 && retries.rng.chance(retries.conflictShare)) {
      const atMs = event.at + delay();
      this.#sink.push({ ...pending, atMs, event: { ...event, at: atMs } });
    }
  }
}
