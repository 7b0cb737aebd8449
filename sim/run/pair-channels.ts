import { grown, IdNumbers } from '../domain/columns.js';
import { DAY_MS } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import { EventHasher } from './event-hash.js';
import { HashedRows } from './hashed-rows.js';

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
 * In columns (hashed-rows.ts): a pair costs ~40 bytes and no object; `get` builds one.
 */
export class PairChannels {
  readonly #keepMs: number;
  readonly #hasher = new EventHasher();
  readonly #rows = new HashedRows((capacity) => this.#grow(capacity));
  readonly #stores = new IdNumbers();
  readonly #channels = new IdNumbers();
  #first = new Int32Array(this.#rows.capacity);
  #latest = new Int32Array(this.#rows.capacity);
  #latestAtMs = new Float64Array(this.#rows.capacity);

  constructor(policy: Policy) {
    this.#keepMs = clickToOrderSpanMs(policy);
  }

  get size(): number {
    return this.#rows.size;
  }

  /** Bytes of the typed arrays: the bench's per-pair figure. */
  get bytes(): number {
    return this.#rows.bytes + this.#first.byteLength + this.#latest.byteLength + this.#latestAtMs.byteLength;
  }

  get(storeId: string, buyerId: string): PairClicks | undefined {
    const store = this.#stores.find(storeId);
    if (store === undefined) return undefined;
    const row = this.#find(store, buyerId);
    if (row < 0) return undefined;
    return {
      first: this.#channels.name(this.#first[row] as number) as string,
      latest: this.#channels.name(this.#latest[row] as number) as string,
      latestAtMs: this.#latestAtMs[row] as number,
    };
  }

  /** A qualifying click (R5): a restarted chain keeps its first click (R6, R8). */
  click(storeId: string, buyerId: string, channel: string, atMs: number, restarted: boolean): void {
    const store = this.#stores.number(storeId);
    const c = this.#channels.number(channel);
    let row = this.#find(store, buyerId);
    if (row < 0) {
      const h = this.#hasher.out;
      row = this.#rows.add(store + 1, h[0] as number, h[1] as number, h[2] as number);
      this.#first[row] = c;
    } else if (!restarted) this.#first[row] = c;
    this.#latest[row] = c;
    this.#latestAtMs[row] = atMs;
  }

  /** Drops the pairs whose latest qualifying click is `keepMs` or more before `nowMs`: no later order needs them. */
  sweep(nowMs: number): void {
    this.#rows.forEach((row) => {
      if (nowMs - (this.#latestAtMs[row] as number) >= this.#keepMs) this.#rows.remove(row);
    });
  }

  /** Hashes the buyer id into the hasher's `out` and finds the pair's row. */
  #find(store: number, buyerId: string): number {
    const h = this.#hasher.id(buyerId);
    return this.#rows.find(store + 1, h[0] as number, h[1] as number, h[2] as number);
  }

  #grow(capacity: number): void {
    this.#first = grown(this.#first, capacity, Int32Array);
    this.#latest = grown(this.#latest, capacity, Int32Array);
    this.#latestAtMs = grown(this.#latestAtMs, capacity, Float64Array);
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
