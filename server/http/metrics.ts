import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AffEvent } from '../../sim/domain/events.js';
import { CAPACITY_LIMITS, CAPACITY_MEANINGS, capacityUsed } from '../engine/capacity.js';
import type { Engine } from '../engine/engine.js';
import type { Answer } from '../engine/outcome.js';
import { hasReports } from '../reports/reporting-engine.js';
import { heapAfterFullGc, watchFullGcs } from './heap-after-gc.js';

/**
 * Prometheus metrics of one app: requests and latency by route, and events by outcome and rule id.
 * Each app has its own registry, so apps created side by side in tests never share counters.
 */
export interface AppMetrics {
  readonly registry: Registry;
  readonly middleware: MiddlewareHandler;
  countEvent(event: AffEvent, answer: Answer): void;
}

const LATENCY_BUCKETS_SECONDS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** A data dir's snapshots so far (server/durable/journaled-engine.ts), for `affsim_snapshot_*`. */
export interface SnapshotStatus {
  readonly every: number;
  /** Events journaled since the latest snapshot: what a start would replay now. */
  readonly since: number;
  /** The latest snapshot, written or restored at start: the row it is after and its size. */
  readonly latest: { readonly seq: number; readonly bytes: number } | undefined;
  /** How long the latest write took (the pause of its commit); undefined before the first. */
  readonly lastWriteMs: number | undefined;
  readonly written: number;
  readonly failed: number;
}

/** `snapshots`: a data dir's snapshot status (`affsim serve --data-dir`); no snapshot metrics without. */
export function createMetrics(engine: Engine, snapshots?: () => SnapshotStatus | undefined): AppMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'affsim_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'affsim_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern and method',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [registry],
  });
  const events = new Counter({
    name: 'affsim_events_total',
    help: 'Events by type and outcome (accepted, rejected, repeat, capacity, late: past the pair expiry lag); rejected events by the rule id that refused them (R3)',
    labelNames: ['type', 'outcome', 'rule'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'affsim_engine_entities',
    help: 'What the engine holds: stores, affiliates, (buyer, store) pairs, orders, event ids',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      for (const [kind, n] of Object.entries(engine.stats())) this.set({ kind }, n);
    },
  });

  // Each capacity limit and its usage side by side, so an operator sees a limit coming (and can
  // alert on used / limit) before events are refused with 507.
  new Gauge({
    name: 'affsim_capacity_limit',
    help: `Capacity limits of the engine (affsim serve --limit): ${CAPACITY_LIMITS.map((l) => `${l}: ${CAPACITY_MEANINGS[l]}`).join('; ')}`,
    labelNames: ['limit'] as const,
    registers: [registry],
    collect() {
      for (const limit of CAPACITY_LIMITS) this.set({ limit }, engine.capacity[limit]);
    },
  });
  new Gauge({
    name: 'affsim_capacity_used',
    help: 'What each capacity limit holds now; at the limit, new events it counts are refused with 507',
    labelNames: ['limit'] as const,
    registers: [registry],
    collect() {
      const used = capacityUsed(engine.stats());
      for (const limit of CAPACITY_LIMITS) this.set({ limit }, used[limit]);
    },
  });
  // The process's memory under prom-client's default-metric names, read at each scrape, so a soak
  // (affsim run --soak) reads this platform's RSS and heap from /metrics. Two gauges, not
  // collectDefaultMetrics: that one starts an event-loop monitor per registry, and a test process
  // creates many platforms.
  new Gauge({
    name: 'process_resident_memory_bytes',
    help: 'Resident memory size in bytes',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  new Gauge({
    name: 'nodejs_heap_size_used_bytes',
    help: 'Process heap size used from Node.js in bytes',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage().heapUsed);
    },
  });
  watchFullGcs();
  // What the platform keeps, for a soak's verdict: the heap as the latest full GC left it (a reading
  // at any other moment swings with the garbage of the GC's cycle) and the typed arrays (the R17
  // ledger, the pair table and the book's cells live there, outside the heap).
  new Gauge({
    name: 'affsim_heap_after_gc_bytes',
    help: 'Heap used as the latest full (mark-compact) GC left it; 0 before the first',
    registers: [registry],
    collect() {
      this.set(heapAfterFullGc());
    },
  });
  new Gauge({
    name: 'affsim_array_buffers_bytes',
    help: "Memory of the process's ArrayBuffers (typed-array tables: R17 ids, pairs, report cells)",
    registers: [registry],
    collect() {
      this.set(process.memoryUsage().arrayBuffers);
    },
  });
  if (hasReports(engine)) {
    const book = engine.reports;
    new Gauge({
      name: 'affsim_report_rows',
      help: 'Rows and click cells the report book holds (bounded by its rows limit)',
      registers: [registry],
      collect() {
        this.set(book.rows);
      },
    });
    new Gauge({
      name: 'affsim_report_day_totals',
      help: "The report book's day totals, every store's together (not rows: never dropped; they grow with stores × days)",
      registers: [registry],
      collect() {
        this.set(book.dayTotals);
      },
    });
  }
  if (snapshots?.() !== undefined) {
    // A data dir's snapshots (server/README "Snapshots"): how much a start would replay now, and
    // what the latest write paused its commit for.
    const status = () => snapshots() as SnapshotStatus;
    const gauge = (name: string, help: string, read: (s: SnapshotStatus) => number) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read(status()));
        },
      });
    gauge(
      'affsim_snapshot_seq',
      'The journal row the latest snapshot is after (0: none yet)',
      (s) => s.latest?.seq ?? 0,
    );
    gauge('affsim_snapshot_bytes', 'Size of the latest snapshot', (s) => s.latest?.bytes ?? 0);
    gauge(
      'affsim_snapshot_rows_behind',
      'Events journaled since the latest snapshot: what a start would replay now (at most --snapshot-every)',
      (s) => s.since,
    );
    gauge(
      'affsim_snapshot_last_write_seconds',
      'How long the latest snapshot write took: the pause of the commit that wrote it (0 before the first)',
      (s) => (s.lastWriteMs ?? 0) / 1000,
    );
    gauge('affsim_snapshots_written', 'Snapshots written since start', (s) => s.written);
    gauge(
      'affsim_snapshots_failed',
      'Snapshot writes that failed since start (nothing lost: the journal holds every event)',
      (s) => s.failed,
    );
  }
  const refusals = new Counter({
    name: 'affsim_capacity_refusals_total',
    help: 'Events refused with 507 because applying them would pass a capacity limit',
    labelNames: ['limit'] as const,
    registers: [registry],
  });

  return {
    registry,
    middleware: async function metricsMiddleware(c, next) {
      const started = performance.now();
      await next();
      // The last matched pattern is the handler's; a request that matched only middleware is "unmatched".
      const pattern = routePath(c, -1);
      const route = pattern === '*' || pattern === '/*' || pattern === '' ? 'unmatched' : pattern;
      const method = c.req.method;
      requests.inc({ method, route, status: String(c.res.status) });
      latency.observe({ method, route }, (performance.now() - started) / 1000);
    },
    countEvent(event, answer) {
      if (answer.refused) {
        refusals.inc({ limit: answer.refused.limit });
        events.inc({ type: event.type, outcome: 'capacity', rule: '' });
        return;
      }
      if (answer.late) {
        events.inc({ type: event.type, outcome: 'late', rule: '' });
        return;
      }
      const o = answer.outcome;
      const outcome = answer.repeat ? 'repeat' : o.kind;
      events.inc({ type: event.type, outcome, rule: o.kind === 'rejected' ? o.rule : '' });
    },
  };
}
