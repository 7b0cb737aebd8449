import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { readHistory } from '../../sim/history/read-history.js';
import { formatEventLine } from '../../sim/history/write-history.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import { benchEvents } from './bench-history.js';

/**
 * The reference model's throughput on a generated history (default one million events): reading
 * and parsing the file, evaluating it (exact and calendar days), and `affsim check --json` as a
 * whole process. `BENCH_EVENTS` and `BENCH_SEED` change the size and the history.
 */
const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const seed = Number(process.env.BENCH_SEED ?? 42);

const dir = mkdtempSync(join(tmpdir(), 'affsim-bench-'));
const file = join(dir, 'history.jsonl');
try {
  const out = createWriteStream(file);
  for (const event of benchEvents(events, seed)) {
    if (!out.write(`${formatEventLine(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(
    `history: ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB; the baseline scenario's traffic, seed ${seed})`,
  );

  let t = performance.now();
  const read = await readHistory(file);
  const readMs = performance.now() - t;
  if (!read.ok) throw new Error(JSON.stringify(read.errors));
  const n = read.history.events.length;
  const rows: [string, number][] = [['read + parse + validate', readMs]];
  for (const dayBoundary of ['exact', 'calendar'] as const) {
    const policy = withOverrides(DEFAULT_POLICY, { dayBoundary });
    t = performance.now();
    const result = evaluateHistory(read.history.events, policy);
    rows.push([
      `evaluate (${dayBoundary}; ${result.decisions.length} orders, ${result.rejected.length} rejected)`,
      performance.now() - t,
    ]);
  }
  const bin = fileURLToPath(new URL('../../../bin/affsim.js', import.meta.url));
  for (const engine of ['model', 'both'] as const) {
    t = performance.now();
    const cli = spawnSync(process.execPath, [bin, 'check', file, '--json', '--engine', engine], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    rows.push([
      `affsim check --json --engine ${engine}, whole process (exit ${cli.status})`,
      performance.now() - t,
    ]);
  }

  console.log(`\n${n} events`);
  for (const [what, ms] of rows) {
    console.log(
      `${what.padEnd(62)} ${(ms / 1000).toFixed(2).padStart(7)} s ${Math.round(n / (ms / 1000))
        .toLocaleString('en-US')
        .padStart(12)} events/s`,
    );
  }
  console.log(`heap used after: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
