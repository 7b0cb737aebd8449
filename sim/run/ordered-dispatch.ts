import type { AffEvent } from '../domain/events.js';

/**
 * Bounded parallel sending that keeps a history's arrival order inside the engine's ordering
 * guarantee (server/README.md, "The engine: ordering guarantee"), for an adapter that sends one
 * event a request. Events are dispatched in their list order (time order, ties in recording order:
 * delivery-order.ts); an event may start only once every earlier event it conflicts with has been
 * answered, so two conflicting events are never in flight together and arrive in list order:
 *
 * - a store's seller events (registration, join, withdraw, settings) conflict with each other
 *   (condition 1) and with that store's buyer events (condition 3, and ties both ways); buyer events
 *   of one store share it, so different buyers of a store run in parallel;
 * - a buyer's events, an order's events (condition 2), and the copies of one event id (R17);
 * - an affiliate's registration and every event naming the affiliate (condition 3).
 *
 * Each conflict is a lock on a key: exclusive for writers (seller events, registrations, buyers,
 * orders, ids), shared for readers (a store's buyer events, an affiliate's clicks), granted in
 * list order. Pure: the caller starts what `take` returns and reports each answer with `finish`.
 */
export class OrderedDispatch {
  /** For each event, the later events that wait for it. */
  readonly #dependents: number[][];
  /** For each event, how many earlier events it still waits for. */
  readonly #waiting: Int32Array;
  /** Events free to start, lowest index first (a binary heap). */
  readonly #ready: number[] = [];
  readonly #concurrency: number;
  #inFlight = 0;
  #finished = 0;

  constructor(events: readonly AffEvent[], concurrency: number) {
    if (!Number.isSafeInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency ${concurrency}: expected an integer ≥ 1`);
    this.#concurrency = concurrency;
    this.#dependents = events.map(() => []);
    this.#waiting = new Int32Array(events.length);
    const locks = new Map<string, KeyLock>();
    // An order's follow-ups name only the order: they are its buyer's and store's events too.
    const orders: OrderOwners = new Map();
    events.forEach((event, index) => {
      const waitsFor = new Set<number>();
      for (const [key, mode] of accessesOf(event, orders)) {
        let lock = locks.get(key);
        if (lock === undefined) {
          lock = { writer: -1, readers: [] };
          locks.set(key, lock);
        }
        if (mode === 'shared') {
          if (lock.writer >= 0) waitsFor.add(lock.writer);
          lock.readers.push(index);
        } else {
          // A writer waits for the readers since the last writer, or for that writer (whom they waited for).
          if (lock.readers.length > 0) for (const r of lock.readers) waitsFor.add(r);
          else if (lock.writer >= 0) waitsFor.add(lock.writer);
          lock.writer = index;
          lock.readers = [];
        }
      }
      waitsFor.delete(index);
      for (const earlier of waitsFor) (this.#dependents[earlier] as number[]).push(index);
      this.#waiting[index] = waitsFor.size;
      if (waitsFor.size === 0) this.#push(index);
    });
  }

  /** The events to start now, lowest index first, so that at most `concurrency` are in flight. */
  take(): number[] {
    const out: number[] = [];
    while (this.#inFlight < this.#concurrency && this.#ready.length > 0) {
      out.push(this.#pop());
      this.#inFlight += 1;
    }
    return out;
  }

  /** The platform answered event `index`: the events waiting only for it become free to start. */
  finish(index: number): void {
    this.#inFlight -= 1;
    this.#finished += 1;
    for (const later of this.#dependents[index] as number[]) {
      this.#waiting[later] = (this.#waiting[later] as number) - 1;
      if (this.#waiting[later] === 0) this.#push(later);
    }
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get done(): boolean {
    return this.#finished === this.#dependents.length;
  }

  #push(index: number): void {
    const heap = this.#ready;
    heap.push(index);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as number) <= index) break;
      heap[i] = heap[parent] as number;
      i = parent;
    }
    heap[i] = index;
  }

  #pop(): number {
    const heap = this.#ready;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && (heap[right] as number) < (heap[left] as number) ? right : left;
        if ((heap[child] as number) >= last) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

interface KeyLock {
  /** The last exclusive holder in list order, -1 when none. */
  writer: number;
  /** The shared holders since `writer`. */
  readers: number[];
}

type Access = readonly [key: string, mode: 'shared' | 'exclusive'];

/**
 * Every creation of each order id so far. Usually one; when an id is created twice, which one the
 * service kept depends on its answers, so a follow-up takes the keys of all of them.
 */
type OrderOwners = Map<string, readonly { readonly buyerId: string; readonly storeId: string }[]>;

/** The keys an event takes, and how; `orders` learns each order's buyer and store from its creation. */
function accessesOf(event: AffEvent, orders: OrderOwners): Access[] {
  const accesses: Access[] = [[`id:${event.id}`, 'exclusive']];
  switch (event.type) {
    case 'affiliate.registered':
      accesses.push([`affiliate:${event.affiliateId}`, 'exclusive']);
      break;
    case 'click':
      accesses.push(
        [`store:${event.storeId}`, 'shared'],
        [`buyer:${event.buyerId}`, 'exclusive'],
        [`affiliate:${event.affiliateId}`, 'shared'],
      );
      break;
    case 'order.created':
      orders.set(event.orderId, [...(orders.get(event.orderId) ?? []), event]);
      accesses.push(
        [`store:${event.storeId}`, 'shared'],
        [`buyer:${event.buyerId}`, 'exclusive'],
        [`order:${event.orderId}`, 'exclusive'],
      );
      break;
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded': {
      accesses.push([`order:${event.orderId}`, 'exclusive']);
      for (const order of orders.get(event.orderId) ?? [])
        accesses.push([`store:${order.storeId}`, 'shared'], [`buyer:${order.buyerId}`, 'exclusive']);
      break;
    }
    default:
      // Every other type is a seller event of its store.
      accesses.push([`store:${event.storeId}`, 'exclusive']);
  }
  return accesses;
}
