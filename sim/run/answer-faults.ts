import type { AffEvent } from '../domain/events.js';
import type { ViolationCause } from './run-result.js';

/** A diverging answer, remembered so the violations that follow from it are linked to it. */
export interface AnswerFault {
  readonly cause: ViolationCause;
  /** The group of the root answer (a linked answer remembers its root's). */
  readonly fingerprint: string;
  readonly atMs: number;
}

/** What an answer or a decision can follow from: its store, its (store, buyer) pair, its order. */
export interface FaultScope {
  readonly storeId?: string | undefined;
  readonly buyerId?: string | undefined;
  readonly orderId?: string | undefined;
}

/** Keys remembered; past this many, later violations are traced to themselves or their fields only. */
export const FAULT_KEYS_MAX = 100_000;

/**
 * The first diverging answer per store (its seller events), per (store, buyer) (its clicks) and
 * per order (its own events): the roots later violations in the same scope are linked to.
 */
export class AnswerFaults {
  readonly #faults = new Map<string, AnswerFault>();

  /** Keys a diverging answer by what it can be the cause of; the first one per key stays. */
  remember(event: AffEvent, fault: AnswerFault): void {
    const key =
      event.type === 'click'
        ? pairKey(event.storeId, event.buyerId)
        : 'orderId' in event
          ? orderKey(event.orderId)
          : 'storeId' in event
            ? storeKey(event.storeId)
            : undefined;
    if (key === undefined || this.#faults.has(key) || this.#faults.size >= FAULT_KEYS_MAX) return;
    this.#faults.set(key, fault);
  }

  /** The earliest diverging answer remembered for the scope's store, pair or order, seen by `seenAtMs`. */
  before(scope: FaultScope, seenAtMs = Number.POSITIVE_INFINITY): AnswerFault | undefined {
    const { storeId, buyerId, orderId } = scope;
    const candidates = [
      storeId === undefined ? undefined : this.#faults.get(storeKey(storeId)),
      storeId === undefined || buyerId === undefined
        ? undefined
        : this.#faults.get(pairKey(storeId, buyerId)),
      orderId === undefined ? undefined : this.#faults.get(orderKey(orderId)),
    ].filter((f): f is AnswerFault => f !== undefined && f.atMs <= seenAtMs);
    return candidates.sort((a, b) => a.atMs - b.atMs)[0];
  }
}

const storeKey = (storeId: string) => `store\u0000${storeId}`;
const pairKey = (storeId: string, buyerId: string) => `pair\u0000${storeId}\u0000${buyerId}`;
const orderKey = (orderId: string) => `order\u0000${orderId}`;
