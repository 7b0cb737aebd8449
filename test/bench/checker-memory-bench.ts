import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { CreditedClicks } from '../../sim/run/credited-click.js';
import { PairChannels } from '../../sim/run/pair-channels.js';
import { buyerEventId } from '../../sim/traffic/event-ids.js';
import { recordFigure } from './bench-result.js';

/**
 * What the run's checker (sim/run/shard-checker.ts) keeps per live (store, buyer) pair beside its
 * reference model: the pair's channels (PairChannels) and the buyer's recent clicks, named in a
 * violation's cause (CreditedClicks). Heap + typed arrays (heapUsed + arrayBuffers) after a full GC
 * (node --expose-gc), grown over BENCH_CHECKER_PAIRS (default 500 000) live pairs, divided by them.
 * The clicks are shaped like the baseline's (ids as the simulator writes them, 50 stores, 15
 * channels): buyer i clicks one store, every 4th buyer a second store too, every 3rd buyer its
 * first store twice — 1.25 pairs, 1.58 clicks a buyer, ~1.27 clicks a pair, all within one window
 * (one second apart), so nothing is swept and every pair is live.
 */
const target = Number(process.env.BENCH_CHECKER_PAIRS ?? 500_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('checker-memory-bench: run node with --expose-gc');
  process.exit(2);
}

const T0 = Date.parse('2026-01-01T00:00:00Z');
const STORES = 50;
const CHANNELS = ['home', 'search', 'sns', 'blog', 'email', 'media', 'vertical', 'event'];

const used = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

gc();
const before = used();
const pairs = new PairChannels(DEFAULT_POLICY);
const credited = new CreditedClicks(DEFAULT_POLICY);
let atMs = T0;
let clicks = 0;
const t = performance.now();
for (let buyer = 0; pairs.size < target; buyer += 1) {
  const buyerId = `b${buyer}`;
  const stores = buyer % 4 === 0 ? [buyer % STORES, (buyer + 7) % STORES] : [buyer % STORES];
  if (buyer % 3 === 0) stores.push(buyer % STORES);
  let seq = 0;
  for (const store of stores) {
    atMs += 1000;
    seq += 1;
    clicks += 1;
    const storeId = `s${store}`;
    const affiliateId = `a${(buyer + seq) % 200}`;
    // Flat, as a worker gets it from its message (a template literal's result is a rope of parts).
    const id = JSON.parse(JSON.stringify(buyerEventId(buyer, 3, seq, 'click'))) as string;
    credited.click(buyerId, { id, affiliateId, storeId, atMs, qualifying: true });
    pairs.click(storeId, buyerId, CHANNELS[(buyer + seq) % CHANNELS.length] as string, atMs, seq > 1);
  }
}
const seconds = (performance.now() - t) / 1000;
// The grown-out-of columns' backing stores are freed by a sweeper that runs after the GC: one GC
// read at once counted some of them (129–170 bytes a pair between runs); a pause and a second GC
// read the live state.
gc();
await new Promise((resolve) => setTimeout(resolve, 100));
gc();
const bytes = used() - before;
// Kept alive to here, so the reading above holds their state.
if (pairs.size === 0 || credited.policy === undefined) throw new Error('checker-memory-bench: nothing kept');
const perPair = bytes / pairs.size;

console.log(
  `checker state, ${pairs.size.toLocaleString('en-US')} live pairs, ${clicks.toLocaleString('en-US')} clicks, heapUsed + arrayBuffers after a full GC`,
);
console.log(
  `PairChannels + CreditedClicks ${(bytes / 2 ** 20).toFixed(1).padStart(7)} MB, ${perPair.toFixed(1)} bytes per live pair, in ${seconds.toFixed(1)} s`,
);
recordFigure({
  name: 'memory.checkerPairBytes',
  value: Math.round(perPair * 10) / 10,
  unit: 'bytes/pair',
  target: { of: 'value', op: '<=', bound: 60 },
  detail: `${pairs.size} live pairs and ${clicks} clicks (1.27 a pair, baseline-shaped ids) in the checker's PairChannels + CreditedClicks, heapUsed + arrayBuffers after a full GC`,
});
