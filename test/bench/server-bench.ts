import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createApp } from '../../server/app.js';
import { UNBOUNDED_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine } from '../../server/engine/engine.js';
import { NO_AUTH } from '../../server/http/auth.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import { benchEvents } from './bench-history.js';
import { recordFigure } from './bench-result.js';
import { batchIngestRate, durableBench } from './durable-bench.js';

/**
 * The platform's throughput, as ratios measured in one run:
 * 1. engine events/s in-process vs the reference model on the same history (warm runs);
 * 2. ingestion through the batch endpoint in-process (app.request, JSON + schemas + engine), in
 *    memory and with the journal of `--data-dir` (both durabilities), and the journal's replay rate;
 * 3. over HTTP, in a child process: the attribution endpoint vs the trivial `/ping`, same
 *    connections and duration (req/s and p99).
 * BENCH_EVENTS (default 1 000 000), BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 50).
 */
/** Any BENCH_EVENTS fits: the benchmark measures speed, not the capacity limits (capacity-bench.ts). */

async function main(): Promise<void> {
  const eventCount = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const events = historyEvents(eventCount);
  const sorted = [...events].sort((a, b) => a.at - b.at);
  console.log(`history: ${events.length} events (the baseline scenario's traffic, seed 42), policy defaults`);

  // Each measured twice, the second (warm, JIT-compiled) run reported.
  let engineMs = 0;
  let modelMs = 0;
  let engine = createEngine(DEFAULT_POLICY, undefined, UNBOUNDED_CAPACITY);
  for (let round = 0; round < 2; round += 1) {
    let t = performance.now();
    evaluateHistory(events, DEFAULT_POLICY);
    modelMs = performance.now() - t;
    t = performance.now();
    engine = createEngine(DEFAULT_POLICY, undefined, UNBOUNDED_CAPACITY);
    for (const e of sorted) engine.submit(e);
    engineMs = performance.now() - t;
  }
  const engineRate = events.length / (engineMs / 1000);
  const modelRate = events.length / (modelMs / 1000);
  console.log(
    `\nengine in-process   ${fmt(engineRate)} events/s  (${engine.stats().orders} orders, ${engine.stats().pairs} pairs)`,
  );
  console.log(`model (reference)   ${fmt(modelRate)} events/s`);
  console.log(`ratio engine/model  ${(engineRate / modelRate).toFixed(2)}`);
  const history = `${events.length} events of the baseline scenario, seed 42, warm run`;
  recordFigure({ name: 'model.eps', value: modelRate, unit: 'events/s', detail: history });
  recordFigure({
    name: 'engine.eps',
    value: engineRate,
    unit: 'events/s',
    baseline: 'model.eps',
    target: { of: 'ratio', op: '>=', bound: 5 },
    detail: history,
  });
  recordFigure({
    name: 'engine.eps.oneCore',
    value: engineRate,
    unit: 'events/s',
    target: { of: 'value', op: '>=', bound: 1_000_000 },
    detail: `${history}; the engine is single-threaded`,
  });

  const app = createApp({ policy: DEFAULT_POLICY, auth: NO_AUTH });
  const ingested = sorted.slice(0, Math.min(sorted.length, 200_000));
  const batchRate = await batchIngestRate(app, ingested);
  console.log(`\nbatch endpoint in-process (app.request, 1000/batch)  ${fmt(batchRate)} events/s`);
  console.log(`ratio batch/engine  ${(batchRate / engineRate).toFixed(2)}`);
  recordFigure({
    name: 'ingest.batch.eps',
    value: batchRate,
    unit: 'events/s',
    baseline: 'engine.eps',
    target: { of: 'ratio', op: '>=', bound: 0.3 },
    detail: `${ingested.length} events, 1000 per batch, app.request in-process`,
  });
  await durableBench(
    sorted.slice(0, Math.min(sorted.length, 100_000)),
    sorted,
    [...new Set([Math.min(100_000, sorted.length), sorted.length])],
    fmt,
  );

  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    env: { ...process.env, BENCH_EVENTS: String(eventCount) },
    stdio: 'inherit',
  });
  try {
    const { url, orderIds, token } = await new Promise<{ url: string; orderIds: string[]; token: string }>(
      (resolve) => child.once('message', resolve as never),
    );
    // Every request carries the ingestion token, as affsim's clients do (R18): the same cost for all three.
    const authorization = `Bearer ${token}`;
    const ping = await cannon({
      url: `${url}/ping`,
      connections,
      duration: seconds,
      headers: { authorization },
    });
    let k = 0;
    const attribution = await cannon({
      url,
      connections,
      duration: seconds,
      headers: { authorization },
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `/orders/${orderIds[k++ % orderIds.length]}/attribution` }),
        },
      ],
    });
    let n = 0;
    const single = await cannon({
      url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/events',
          headers: { 'content-type': 'application/json', authorization },
          setupRequest: (req) => ({ ...req, body: JSON.stringify(singleClick(n++)) }),
        },
      ],
    });
    console.log(`\nHTTP, ${connections} connections, ${seconds} s each, server in a child process`);
    console.log(`GET /ping                      ${fmt(ping.rps)} req/s  p99 ${ping.p99} ms`);
    console.log(`GET /orders/{id}/attribution   ${fmt(attribution.rps)} req/s  p99 ${attribution.p99} ms`);
    console.log(`POST /events (one click each)  ${fmt(single.rps)} req/s  p99 ${single.p99} ms`);
    console.log(
      `ratio attribution/ping: req/s ${(attribution.rps / ping.rps).toFixed(2)}, p99 ${(attribution.p99 / Math.max(ping.p99, 1e-9)).toFixed(2)}; single ingest/ping: req/s ${(single.rps / ping.rps).toFixed(2)}`,
    );
    if (ping.errors + attribution.errors + single.errors > 0)
      console.log(`errors/non-2xx: ${ping.errors}, ${attribution.errors}, ${single.errors}`);
    const load = `autocannon, ${connections} connections, ${seconds} s, server in a child process`;
    recordFigure({ name: 'ping.rps', value: ping.rps, unit: 'req/s', detail: load });
    recordFigure({ name: 'ping.p99', value: ping.p99, unit: 'ms', detail: load });
    recordFigure({
      name: 'attribution.read.rps',
      value: attribution.rps,
      unit: 'req/s',
      baseline: 'ping.rps',
      target: { of: 'ratio', op: '>=', bound: 0.9 },
      detail: `${load}; ${orderIds.length} orders read in turn; ${attribution.errors} errors`,
    });
    recordFigure({
      name: 'attribution.read.p99',
      value: attribution.p99,
      unit: 'ms',
      baseline: 'ping.p99',
      target: { of: 'ratio', op: '<=', bound: 1.5 },
      detail: load,
    });
    recordFigure({
      name: 'ingest.single.eps',
      value: single.rps,
      unit: 'events/s',
      baseline: 'ping.rps',
      target: { of: 'ratio', op: '>=', bound: 0.6 },
      detail: `${load}; one new click per POST /events; ${single.errors} errors`,
    });
  } finally {
    child.kill('SIGTERM');
  }
}

async function serveForBench(): Promise<void> {
  const { startServer } = await import('../../server/serve.js');
  const engine = createEngine(DEFAULT_POLICY, undefined, UNBOUNDED_CAPACITY);
  const events = historyEvents(Number(process.env.BENCH_EVENTS ?? 1_000_000)).sort((a, b) => a.at - b.at);
  for (const e of events) engine.submit(e);
  for (const e of singleSetup()) engine.submit(e);
  const orderIds = [...engine.decisions()].map((d) => d.orderId);
  const server = await startServer({ port: 0, policy: DEFAULT_POLICY, engine });
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
  process.send?.({ url: server.url, orderIds: orderIds.slice(0, 100_000), token: server.ingestToken });
}

/** A store and affiliate of their own for the one-by-one ingestion: every click is new and accepted. */
const SINGLE_AT = Date.UTC(2030, 0, 1);
function singleSetup(): AffEvent[] {
  return [
    {
      id: 'single-store',
      at: SINGLE_AT,
      type: 'store.registered',
      storeId: 'single-store',
      products: [{ productId: 'p1', categoryId: 'c1' }],
    },
    {
      id: 'single-aff',
      at: SINGLE_AT,
      type: 'affiliate.registered',
      affiliateId: 'single-aff',
      channel: 'blog',
    },
    { id: 'single-join', at: SINGLE_AT, type: 'store.joined', storeId: 'single-store', defaultRateBps: 500 },
  ];
}

function singleClick(n: number): AffEvent {
  return {
    id: `single-click-${n}`,
    at: SINGLE_AT + 1000 + n,
    type: 'click',
    buyerId: `single-buyer-${n % 50_000}`,
    affiliateId: 'single-aff',
    storeId: 'single-store',
    channel: 'blog',
  };
}

function historyEvents(count: number): AffEvent[] {
  return [...benchEvents(count, 42)];
}

async function cannon(options: autocannon.Options): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon(options);
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US').padStart(10);
}

// Last, so every constant above is initialised when either runs.
if (process.argv[2] === 'serve') await serveForBench();
else await main();
