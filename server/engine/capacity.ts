/**
 * The platform's capacity: one named limit on every structure of the engine that grows with
 * traffic, so a server at its limits refuses new events instead of running out of heap (issue 14;
 * before, a 192 MB heap aborted at ~350 000 events and lost every accepted one). Past a limit an
 * event is refused before anything is applied and its id is NOT kept in the R17 ledger: it is the
 * server's refusal, not a rule's, so the same event may be sent again once there is room (another
 * server, a raised limit). `affsim serve --limit name=N,…` overrides the defaults.
 *
 * Defaults: retained heap per item measured on Node 20 (test/bench/capacity-bench.ts, 24-char
 * ids), sized so that every limit reached at once (~540 MB, capacityFootprintBytes) fits comfortably in a 2 GB heap, Node's
 * default on a machine with 8 GB of memory. Sizing for another heap: ~48 B per event id (accepted
 * or refused alike: a refusal is kept as a template, rejection-templates.ts), plus the items below; a 192 MB heap
 * (`--max-old-space-size=192`) takes about `--limit events=150k,orders=50k,pairs=100k,products=50k`.
 */
export const CAPACITY_LIMITS = ['events', 'stores', 'affiliates', 'products', 'orders', 'pairs'] as const;
export type CapacityLimit = (typeof CAPACITY_LIMITS)[number];
export type Capacity = Readonly<Record<CapacityLimit, number>>;

export const DEFAULT_CAPACITY: Capacity = Object.freeze({
  /** R17 ledger entries, one per answered event: ~38–46 B, accepted or refused (id-ledger.ts). */
  events: 3_000_000,
  /** Registered stores: ~1 kB each without their catalogues. */
  stores: 10_000,
  /** Registered affiliates: ~90 B each. */
  affiliates: 100_000,
  /** Catalogue entries of all stores together (one store's is at most CATALOGUE_PRODUCTS_MAX): ~200 B each. */
  products: 500_000,
  /** Created orders with their locked lines: ~270 B each with one line. */
  orders: 500_000,
  /** (buyer, store) pairs that clicked, one attribution window chain each: ~120 B. */
  pairs: 1_000_000,
});

/**
 * No limit at all: for a platform whose life is one run (`affsim run`'s in-process platform, the
 * benchmarks), where the run's own size bounds it (`--max-events`) and memory is the run's business.
 */
export const UNBOUNDED_CAPACITY: Capacity = Object.freeze(
  Object.fromEntries(CAPACITY_LIMITS.map((l) => [l, Number.MAX_SAFE_INTEGER])) as Record<
    CapacityLimit,
    number
  >,
);

/**
 * Retained heap per item, rounded up from test/bench/capacity-bench.ts and engine-memory-bench.ts
 * (Node 20; the ledger's typed arrays counted). An id of a store, order or pair is counted under
 * `events` too, so the sum over the limits bounds the engine's heap.
 */
export const BYTES_PER_ITEM: Readonly<Record<CapacityLimit, number>> = Object.freeze({
  events: 48,
  stores: 1_000,
  affiliates: 100,
  products: 200,
  orders: 300,
  pairs: 150,
});

/** What each limit holds now, from the engine's stats (EngineStats: `events` is its `eventIds`). */
export function capacityUsed(
  stats: Readonly<Record<Exclude<CapacityLimit, 'events'>, number>> & { readonly eventIds: number },
): Record<CapacityLimit, number> {
  return {
    events: stats.eventIds,
    stores: stats.stores,
    affiliates: stats.affiliates,
    products: stats.products,
    orders: stats.orders,
    pairs: stats.pairs,
  };
}

/** Roughly the most heap the engine holds with every limit of `capacity` reached. */
export function capacityFootprintBytes(capacity: Capacity): number {
  return CAPACITY_LIMITS.reduce((sum, l) => sum + capacity[l] * BYTES_PER_ITEM[l], 0);
}

/** What each limit counts, for help texts, problem answers and metrics. */
export const CAPACITY_MEANINGS: Readonly<Record<CapacityLimit, string>> = Object.freeze({
  events: 'event ids kept for R17 (every answered event)',
  stores: 'registered stores',
  affiliates: 'registered affiliates',
  products: 'catalogue products of all stores together',
  orders: 'created orders',
  pairs: '(buyer, store) pairs with a click window',
});

/** Why an event was not applied: applying it would pass `limit` (`max`), which already holds `used`. */
export interface CapacityRefusal {
  readonly limit: CapacityLimit;
  readonly max: number;
  readonly used: number;
  /** What the event would add: 1, or a catalogue's product count. */
  readonly adds: number;
}

export function isCapacityLimit(name: string): name is CapacityLimit {
  return (CAPACITY_LIMITS as readonly string[]).includes(name);
}

/** The one-line reason of a refusal; the HTTP layer adds how to raise the limit. */
export function capacityMessage(r: CapacityRefusal): string {
  const what = r.adds === 1 ? 'one more' : `${r.adds} more`;
  return `capacity: limit ${r.limit}=${r.max} (${CAPACITY_MEANINGS[r.limit]}) is reached: holds ${r.used}, this event needs ${what}`;
}
