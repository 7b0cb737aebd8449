import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { recordFigure } from './bench-result.js';

/**
 * The simulator end to end (issue 12): `affsim run baseline --seed 3 --days 60` as a whole process
 * against the in-process platform, its events/s with one and with two workers (on the same
 * buyers), then wall time and peak RSS as the buyers grow (wall time must grow linearly with the
 * events; peak RSS for a million buyers ≤ 2 GB). BENCH_SIM_BUYERS (default 10000,100000; add
 * 1000000 for the scale target: about ten minutes), BENCH_SIM_EPS_BUYERS (default 50000),
 * BENCH_SIM_DAYS (default 60).
 */
const BIN = fileURLToPath(new URL('../../../bin/affsim.js', import.meta.url));
const RSS = pathToFileURL(fileURLToPath(new URL('./record-peak-rss.js', import.meta.url))).href;
const days = Number(process.env.BENCH_SIM_DAYS ?? 60);
const sizes = (process.env.BENCH_SIM_BUYERS ?? '10000,100000').split(',').map(Number);
const epsBuyers = Number(process.env.BENCH_SIM_EPS_BUYERS ?? 50_000);

interface RunFigures {
  readonly events: number;
  readonly wallMs: number;
  readonly eps: number;
  readonly peakRssBytes: number;
  readonly exit: number | null;
}

function run(buyers: number, workers: number): RunFigures {
  const dir = mkdtempSync(join(tmpdir(), 'affsim-sim-bench-'));
  try {
    const rssFile = join(dir, 'peak-rss');
    const args = ['--import', RSS, BIN, 'run', 'baseline', '--seed', '3', '--days', String(days)];
    args.push('--buyers', String(buyers), '--workers', String(workers), '--out', join(dir, 'out'));
    const t = performance.now();
    const child = spawnSync(process.execPath, args, {
      env: { ...process.env, AFFSIM_BENCH_RSS_FILE: rssFile, CI: 'true' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const wallMs = performance.now() - t;
    const result = JSON.parse(readFileSync(join(dir, 'out', 'result.json'), 'utf8')) as {
      events: { sent: number };
    };
    return {
      events: result.events.sent,
      wallMs,
      eps: result.events.sent / (wallMs / 1000),
      peakRssBytes: Number(readFileSync(rssFile, 'utf8')),
      exit: child.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(what: string, f: RunFigures): void {
  console.log(
    `${what.padEnd(28)} ${f.events.toLocaleString('en-US').padStart(11)} events ${(f.wallMs / 1000).toFixed(1).padStart(7)} s ${Math.round(f.eps).toLocaleString('en-US').padStart(9)} events/s  peak RSS ${(f.peakRssBytes / 2 ** 20).toFixed(0).padStart(5)} MiB  exit ${f.exit}`,
  );
}

console.log(`affsim run baseline --seed 3 --days ${days}, whole process, in-process platform`);
for (const workers of [1, 2]) {
  const f = run(epsBuyers, workers);
  line(`${epsBuyers} buyers, ${workers} worker${workers > 1 ? 's' : ''}`, f);
  recordFigure({
    name: `sim.eps.w${workers}`,
    value: f.eps,
    unit: 'events/s',
    // The simulator is never the bottleneck: two workers feed the platform at least 0.8 × what
    // its batch ingestion takes when measured alone (server-bench's ingest.batch.eps).
    ...(workers === 2 ? { baseline: 'ingest.batch.eps', target: { of: 'ratio', op: '>=', bound: 0.8 } } : {}),
    detail: `${epsBuyers} buyers × ${days} days, ${f.events} events, exit ${f.exit}`,
  } as const);
}

let previous: { buyers: number; figures: RunFigures } | undefined;
for (const buyers of sizes) {
  const f = run(buyers, 2);
  line(`${buyers} buyers, 2 workers`, f);
  const name = `sim.scale.b${buyers}`;
  recordFigure({
    name: `${name}.wallMs`,
    value: Math.round(f.wallMs),
    unit: 'ms',
    // Linear in the events: the wall time grows at most 1.2 × as fast as the events do.
    ...(previous
      ? {
          baseline: `sim.scale.b${previous.buyers}.wallMs`,
          target: { of: 'ratio', op: '<=', bound: round2((1.2 * f.events) / previous.figures.events) },
        }
      : {}),
    detail: `${buyers} buyers × ${days} days, ${f.events} events, 2 workers, exit ${f.exit}`,
  } as const);
  recordFigure({
    name: `${name}.peakRssMB`,
    value: Math.round(f.peakRssBytes / 1e6),
    unit: 'MB',
    ...(buyers >= 1_000_000 ? { target: { of: 'value', op: '<=', bound: 2000 } } : {}),
    detail: `peak resident set of the whole process (workers included), ${f.events} events`,
  } as const);
  previous = { buyers, figures: f };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
