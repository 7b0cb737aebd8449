import { DAY_MS } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';

/** One (store, buyer) pair's chain as the result counts it: the channels of its first and latest clicks (R8). */
export interface PairClicks {
  readonly first: string;
  readonly latest: string;
  /** The latest qualifying click's instant, which an order's click-to-order delay is counted from. */
  readonly latestAtMs: number;
}

/**
 * Per (store, buyer) pair, the channels of the chain's first and latest qualifying clicks (to credit
 * an order's commission to a channel, R8) and the latest click's instant (the click-to-order delay
 * of the result). Kept while they can still matter: an order made more than `keepMs` after the
 * pair's latest qualifying click is outside every window (R6, whatever the calendar), and its delay
 * falls in the result's open-ended last bucket (ResultAccumulator: daily buckets up to twice the
 * window), so `sweep` drops the pairs clicked longer ago (issue 12: memory follows the live pairs).
 */
export class PairChannels {
  readonly #byStore = new Map<string, Map<string, PairClicks>>();
  readonly #keepMs: number;
  #size = 0;

  constructor(policy: Policy) {
    this.#keepMs = clickToOrderSpanMs(policy);
  }

  get size(): number {
    return this.#size;
  }

  get(storeId: string, buyerId: string): PairClicks | undefined {
    return this.#byStore.get(storeId)?.get(buyerId);
  }

  /** A qualifying click (R5): a restarted chain keeps its first click (R6, R8). */
  click(storeId: string, buyerId: string, channel: string, atMs: number, restarted: boolean): void {
    let byBuyer = this.#byStore.get(storeId);
    if (byBuyer === undefined) {
      byBuyer = new Map();
      this.#byStore.set(storeId, byBuyer);
    }
    const previous = byBuyer.get(buyerId);
    if (previous === undefined) this.#size += 1;
    byBuyer.set(buyerId, {
      first: restarted && previous ? previous.first : channel,
      latest: channel,
      latestAtMs: atMs,
    });
  }

  /** Drops the pairs whose latest qualifying click is `keepMs` or more before `nowMs`: no later order needs them. */
  sweep(nowMs: number): void {
    for (const [storeId, byBuyer] of this.#byStore) {
      for (const [buyerId, pair] of byBuyer) {
        if (nowMs - pair.latestAtMs < this.#keepMs) continue;
        byBuyer.delete(buyerId);
        this.#size -= 1;
      }
      if (byBuyer.size === 0) this.#byStore.delete(storeId);
    }
  }
}

/**
 * How long after a pair's latest qualifying click an order's delay still has a bucket of its own
 * in the result (ResultAccumulator.clickToOrder: daily buckets up to twice the window, then one
 * open-ended bucket); it is also past every window of that click (spanEndMs adds at most a day).
 */
export function clickToOrderSpanMs(policy: Policy): number {
  return Math.max(2 * policy.windowDays, policy.windowDays + 1) * DAY_MS;
}
