import { createEngine, type Engine } from '../../server/engine/engine.js';
import { type AffEvent, eventSchemas } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { recordFigure } from './bench-result.js';

/**
 * The engine's memory per event id (the R17 ledger) and per live (buyer, store) pair (issue 12
 * targets: ≤ 48 and ≤ 200 bytes), from heapUsed + arrayBuffers after a full GC (run with `node --expose-gc`):
 * 1. N clicks of one buyer into one store, each with its own id: one pair, N ids;
 * 2. N clicks of N buyers into one store: N pairs and N ids; the per-id cost of 1 is subtracted;
 * 3. N clicks into stores the platform does not know: N refused ids (R16), their answers kept for R17.
 * The events are made one at a time and dropped, so only the engine's own state is measured.
 * BENCH_MEMORY_N (default 1 000 000).
 */
const n = Number(process.env.BENCH_MEMORY_N ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('engine-memory-bench: run node with --expose-gc');
  process.exit(2);
}

const T0 = Date.parse('2026-01-01T00:00:00Z');
const parse = (body: Record<string, unknown> & { type: AffEvent['type'] }): AffEvent =>
  eventSchemas[body.type].parse(body) as AffEvent;

function memberStore(): Engine {
  const engine = createEngine(DEFAULT_POLICY);
  for (const event of [
    parse({
      type: 'store.registered',
      id: 'reg',
      at: T0,
      storeId: 's1',
      products: [{ productId: 'p1', categoryId: 'c1' }],
    }),
    parse({ type: 'affiliate.registered', id: 'aff', at: T0, affiliateId: 'a1', channel: 'sns' }),
    parse({ type: 'store.joined', id: 'join', at: T0, storeId: 's1', defaultRateBps: 500 }),
  ]) {
    engine.submit(event);
  }
  return engine;
}

/** The JS heap plus typed arrays' backing stores, which live outside it (the ledger's table). */
function used(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Heap growth (bytes) while `grow` adds its state to a fresh engine, and the engine. */
function heapGrowth(grow: (engine: Engine) => void): { bytes: number; engine: Engine } {
  const engine = memberStore();
  gc?.();
  const before = used();
  grow(engine);
  gc?.();
  return { bytes: used() - before, engine };
}

// Clicks one second apart: every one restarts the pair's window, so all stay live.
const click = (i: number, buyerId: string): AffEvent => ({
  id: `c${i}.click`,
  type: 'click',
  at: T0 + 1000 + i * 1000,
  buyerId,
  affiliateId: 'a1',
  storeId: 's1',
  channel: 'sns',
});

const ids = heapGrowth((engine) => {
  for (let i = 0; i < n; i += 1) engine.submit(click(i, 'b1'));
});
const perId = ids.bytes / n;
const pairs = heapGrowth((engine) => {
  for (let i = 0; i < n; i += 1) engine.submit(click(i, `b${i}`));
});
const perPair = pairs.bytes / n - perId;
const refusals = heapGrowth((engine) => {
  for (let i = 0; i < n; i += 1)
    engine.submit({ ...click(i, 'b1'), storeId: `unknown-${i % 1000}` } as AffEvent);
});
const perRefusedId = refusals.bytes / n;

console.log(
  `engine memory, ${n.toLocaleString('en-US')} ids / pairs, heapUsed + arrayBuffers after a full GC`,
);
console.log(
  `R17 ledger        ${perId.toFixed(1).padStart(7)} bytes per event id   (${ids.engine.stats().eventIds} ids)`,
);
console.log(
  `R17, refused      ${perRefusedId.toFixed(1).padStart(7)} bytes per refused id (${refusals.engine.stats().eventIds} ids)`,
);
console.log(
  `(buyer, store)    ${perPair.toFixed(1).padStart(7)} bytes per live pair (${pairs.engine.stats().pairs} pairs)`,
);
const how = `${n} clicks into a fresh engine, heapUsed + arrayBuffers after a full GC`;
recordFigure({
  name: 'memory.idBytes',
  value: Math.round(perId * 10) / 10,
  unit: 'bytes/id',
  target: { of: 'value', op: '<=', bound: 48 },
  detail: `${how}; one buyer, so one pair`,
});
recordFigure({
  name: 'memory.refusedIdBytes',
  value: Math.round(perRefusedId * 10) / 10,
  unit: 'bytes/id',
  target: { of: 'value', op: '<=', bound: 48 },
  detail: `${n} clicks of stores the platform does not know (R16 refusals), heapUsed + arrayBuffers after a full GC`,
});
recordFigure({
  name: 'memory.pairBytes',
  value: Math.round(perPair * 10) / 10,
  unit: 'bytes/pair',
  target: { of: 'value', op: '<=', bound: 200 },
  detail: `${how}; a buyer each, the per-id cost subtracted`,
});
