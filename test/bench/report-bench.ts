import { builtInScenario } from '../../scenarios/index.js';
import { createPlatform } from '../../server/app.js';
import { UNBOUNDED_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine } from '../../server/engine/engine.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { withReports } from '../../server/reports/reporting-engine.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { formatDay, UNBOUNDED_BOOK_LIMITS } from '../../sim/domain/reports/index.js';
import { timeOrderDelivery } from '../../sim/history/delivery-order.js';
import type { Scenario } from '../../sim/scenario/define-scenario.js';
import { withChanges } from '../../sim/scenario/with-changes.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { recordFigure } from './bench-result.js';

/**
 * The seller's dashboard on a store with a million events (docs/reports.md): the
 * baseline scenario's traffic with one store, applied to the platform's engine with its report
 * book, then BENCH_REPORT_QUERIES (default 2000) dashboard requests through the HTTP app
 * (`app.request`, no socket) over seeded periods of 1–90 local days. p50/p99 of the request, and
 * the same for the first page of the orders report, which sorts the store's orders per request.
 */
const target = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const queries = Number(process.env.BENCH_REPORT_QUERIES ?? 2000);
const seed = Number(process.env.BENCH_SEED ?? 42);

const baseline = builtInScenario('baseline') as Scenario;
const scenario = withChanges(baseline, { world: { stores: 1, buyers: Math.ceil(target / 9) } });
const events: AffEvent[] = [];
let storeId = '';
let storeEvents = 0;
for (const e of createSimulation(scenario, seed).events()) {
  if (storeEvents >= target) break;
  events.push(e);
  if (e.type === 'store.registered') storeId = e.storeId;
  if ('storeId' in e || 'orderId' in e) storeEvents += 1;
}

const engine = withReports(
  createEngine(DEFAULT_POLICY, undefined, UNBOUNDED_CAPACITY),
  UNBOUNDED_BOOK_LIMITS,
);
let t = performance.now();
for (const i of timeOrderDelivery(events)) engine.submit(events[i] as AffEvent);
const applyMs = performance.now() - t;
// Without credentials: the bench times the report, not the token check (about 12 µs a request).
const { app } = createPlatform({ engine, auth: NO_AUTH });
const days = [...(engine.reports.store(storeId)?.days.keys() ?? [])].sort((a, b) => a - b);
const orders = engine.reports.store(storeId)?.orders.length ?? 0;
console.log(
  `store ${storeId}: ${storeEvents} events naming it (${events.length} in all), ${orders} orders, ${days.length} local days; applied with the report book in ${(applyMs / 1000).toFixed(1)} s`,
);

// A seeded walk over periods (xorshift), so every run asks the same questions.
let state = seed | 1;
const next = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
};

async function timed(path: () => string, accept = 'application/json'): Promise<{ p50: number; p99: number }> {
  const ms: number[] = [];
  for (let q = 0; q < queries; q++) {
    const url = path();
    t = performance.now();
    const res = await app.request(url, { headers: { accept } });
    await res.text();
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] as number;
  return { p50: at(0.5), p99: at(0.99) };
}

const period = () => {
  const first = days[0] as number;
  const last = days[days.length - 1] as number;
  const length = 1 + Math.floor(next() * 90);
  const to = first + Math.floor(next() * (last - first + 1));
  return `from=${formatDay(to - length + 1)}&to=${formatDay(to)}`;
};
const dashboard = await timed(() => `/stores/${storeId}/reports/dashboard?${period()}`);
const csv = await timed(() => `/stores/${storeId}/reports/dashboard?${period()}`, 'text/csv');
const ordersPage = await timed(() => `/stores/${storeId}/reports/orders?${period()}&limit=100`);

const detail = `${storeEvents} events of one store, ${orders} orders; ${queries} requests over 1–90-day periods`;
for (const [name, f] of [
  ['report.dashboard', dashboard],
  ['report.dashboard.csv', csv],
  ['report.orders.page', ordersPage],
] as const) {
  console.log(`${name.padEnd(22)} p50 ${f.p50.toFixed(2)} ms  p99 ${f.p99.toFixed(2)} ms`);
  recordFigure({
    name: `${name}.p99`,
    value: Number(f.p99.toFixed(3)),
    unit: 'ms',
    detail,
    // The dashboard reads per-day totals, whatever the traffic: a budget of 50 ms is generous.
    ...(name === 'report.dashboard'
      ? { target: { of: 'value' as const, op: '<=' as const, bound: 50 } }
      : {}),
  });
}
