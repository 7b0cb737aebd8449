import { UNBOUNDED_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine, type Engine } from '../../server/engine/engine.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';

/**
 * Heap bytes per item of each structure the capacity limits bound (server/engine/capacity.ts):
 * what the defaults are sized by. Each kind is measured on a fresh engine as the retained heap
 * after CAPACITY_BENCH_ITEMS (default 200 000) events that each add one item, after a full GC,
 * divided by the count; every event also adds its R17 ledger entry, so "events" is measured alone
 * (clicks of an unknown store: refused by R16, they add only the id) and the other kinds are
 * reported with and without it. Ids are 24 characters, like the simulator's. Run with
 * `node --expose-gc dist/test/bench/capacity-bench.js` (npm run bench does).
 */
const N = Number(process.env.CAPACITY_BENCH_ITEMS ?? 200_000);
const T0 = Date.UTC(2026, 0, 1);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const id = (prefix: string, i: number) => `${prefix}-${String(i).padStart(22 - prefix.length, '0')}`;
const CATALOGUE = 10;

/** A store with a catalogue and an affiliate, member from T0: what the buyer events need. */
function seeded(): Engine {
  const engine = createEngine(DEFAULT_POLICY, undefined, UNBOUNDED_CAPACITY);
  const setup: AffEvent[] = [
    {
      id: 'seed-store',
      at: T0,
      type: 'store.registered',
      storeId: 'store-1',
      products: Array.from({ length: CATALOGUE }, (_, i) => ({
        productId: `p${i}`,
        categoryId: `c${i % 3}`,
      })),
    },
    { id: 'seed-aff', at: T0, type: 'affiliate.registered', affiliateId: 'aff-1', channel: 'blog' },
    { id: 'seed-join', at: T0, type: 'store.joined', storeId: 'store-1', defaultRateBps: 500 },
  ];
  for (const e of setup) engine.submit(e);
  return engine;
}

function retainedBytesPerItem(make: (i: number) => AffEvent): number {
  const engine = seeded();
  gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < N; i += 1) {
    const answer = engine.submit(make(i));
    if (answer.refused) throw new Error(`capacity refusal while measuring: ${answer.refused.limit}`);
  }
  gc?.();
  const bytes = (process.memoryUsage().heapUsed - before) / N;
  // Keeps the engine alive up to the measurement.
  if (engine.stats().eventIds < N) throw new Error('events were not recorded');
  return bytes;
}

const at = (i: number) => T0 + 60_000 + i;
const kinds: Record<string, (i: number) => AffEvent> = {
  events: (i) => ({
    id: id('e', i),
    at: at(i),
    type: 'click',
    buyerId: 'b-1',
    affiliateId: 'aff-1',
    storeId: 'no-such-store',
    channel: 'blog',
  }),
  stores: (i) => ({ id: id('e', i), at: at(i), type: 'store.registered', storeId: id('s', i), products: [] }),
  products: (i) => ({
    id: id('e', i),
    at: at(i),
    type: 'store.registered',
    storeId: id('s', i),
    products: Array.from({ length: 10 }, (_, k) => ({ productId: id(`p${k}`, i), categoryId: `c${k % 3}` })),
  }),
  affiliates: (i) => ({
    id: id('e', i),
    at: at(i),
    type: 'affiliate.registered',
    affiliateId: id('a', i),
    channel: 'blog',
  }),
  orders: (i) => ({
    id: id('e', i),
    at: at(i),
    type: 'order.created',
    orderId: id('o', i),
    buyerId: id('b', i),
    storeId: 'store-1',
    lines: [{ productId: 'p1', amountCents: 1_999 }],
  }),
  pairs: (i) => ({
    id: id('e', i),
    at: at(i),
    type: 'click',
    buyerId: id('b', i),
    affiliateId: 'aff-1',
    storeId: 'store-1',
    channel: 'blog',
  }),
};

console.log(`retained heap per item, ${N} items each (Node ${process.version})`);
const ledger = retainedBytesPerItem(kinds.events as (i: number) => AffEvent);
console.log(`${'events'.padEnd(10)} ${ledger.toFixed(0).padStart(6)} B per event id (R17 ledger)`);
for (const [kind, make] of Object.entries(kinds)) {
  if (kind === 'events') continue;
  const perEvent = retainedBytesPerItem(make);
  // products: 10 per store.registered, with the store itself counted in.
  const items = kind === 'products' ? 10 : 1;
  console.log(
    `${kind.padEnd(10)} ${(perEvent / items).toFixed(0).padStart(6)} B per item with its event's id, ${((perEvent - ledger) / items).toFixed(0).padStart(6)} B without`,
  );
}
