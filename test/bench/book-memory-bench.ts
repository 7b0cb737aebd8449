import { builtInScenario } from '../../scenarios/index.js';
import { createEngine, type Engine } from '../../server/engine/engine.js';
import { hasReports, withReports } from '../../server/reports/reporting-engine.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { timeOrderDelivery } from '../../sim/history/delivery-order.js';
import type { Scenario } from '../../sim/scenario/define-scenario.js';
import { withChanges } from '../../sim/scenario/with-changes.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { recordFigure } from './bench-result.js';

/**
 * What the report book `affsim serve` keeps beside its engine costs per event (docs/reports.md,
 * sim/domain/reports/click-cells.ts), and what it costs in time: the first BENCH_BOOK_EVENTS
 * (default 1 000 000) events of the baseline scenario (seed 42, a buyer per 9 events), in time order, applied to the
 * engine alone and to the engine with its book (the default row limit: 3 M rows, not reached).
 * Memory is heapUsed + arrayBuffers after a full GC (node --expose-gc), the events themselves
 * made before either run and measured in neither.
 */
const target = Number(process.env.BENCH_BOOK_EVENTS ?? 1_000_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('book-memory-bench: run node with --expose-gc');
  process.exit(2);
}

const events: AffEvent[] = [];
// The baseline's marketplace with buyers enough for the events asked (about 9 a buyer).
const scenario = withChanges(builtInScenario('baseline') as Scenario, {
  world: { buyers: Math.ceil(target / 9) },
});
for (const e of createSimulation(scenario, 42).events()) {
  if (events.length >= target) break;
  events.push(e);
}
const order = [...timeOrderDelivery(events)];

const used = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/**
 * A full GC, then a pause: V8 frees the backing stores of dead typed arrays after the GC, so a
 * reading taken at once may still count the previous run's columns (±60 MB between runs).
 */
async function settled(): Promise<number> {
  for (let i = 0; i < 3; i += 1) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return used();
}

async function apply(make: () => Engine): Promise<{ bytes: number; seconds: number; rows: number }> {
  const before = await settled();
  const engine = make();
  const t = performance.now();
  for (const i of order) engine.submit(events[i] as AffEvent);
  const seconds = (performance.now() - t) / 1000;
  const bytes = (await settled()) - before;
  // Kept alive to here, so the reading above holds its state.
  if (engine.stats().eventIds === 0) throw new Error('book-memory-bench: nothing applied');
  return { bytes, seconds, rows: hasReports(engine) ? engine.reports.rows : 0 };
}

const bare = await apply(() => createEngine(DEFAULT_POLICY));
const booked = await apply(() => withReports(createEngine(DEFAULT_POLICY)));
const perEvent = (booked.bytes - bare.bytes) / events.length;
console.log(
  `report book, ${events.length.toLocaleString('en-US')} baseline events (seed 42), heapUsed + arrayBuffers after a full GC`,
);
console.log(
  `engine alone      ${(bare.bytes / 2 ** 20).toFixed(1).padStart(7)} MB in ${bare.seconds.toFixed(1)} s`,
);
console.log(
  `engine + book     ${(booked.bytes / 2 ** 20).toFixed(1).padStart(7)} MB in ${booked.seconds.toFixed(1)} s`,
);
console.log(`the book          ${perEvent.toFixed(1).padStart(7)} bytes per event`);
// What a soak counts as the book's share of what a platform must keep (sim/run/soak.ts RETAINED_BYTES).
console.log(
  `                  ${((booked.bytes - bare.bytes) / booked.rows).toFixed(1).padStart(7)} bytes per row (${booked.rows.toLocaleString('en-US')} rows and cells)`,
);
recordFigure({
  name: 'memory.bookBytesPerEvent',
  value: Math.round(perEvent * 10) / 10,
  unit: 'bytes/event',
  target: { of: 'value', op: '<=', bound: 125 },
  detail: `${events.length} baseline events (seed 42) applied with and without the report book, heapUsed + arrayBuffers after a full GC`,
});
recordFigure({
  name: 'time.ingestSeconds',
  value: Math.round(bare.seconds * 100) / 100,
  unit: 's',
  detail: `${events.length} baseline events applied to the engine alone, in time order`,
});
recordFigure({
  name: 'time.ingestWithBookSeconds',
  value: Math.round(booked.seconds * 100) / 100,
  unit: 's',
  baseline: 'time.ingestSeconds',
  target: { of: 'ratio', op: '<=', bound: 1.5 },
  detail: 'the same events applied to the engine with its report book',
});
