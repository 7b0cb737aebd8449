import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { arch, cpus, loadavg, platform, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchFigure, describeTarget, type JudgedFigure, judgeFigures } from './bench-result.js';

/**
 * `npm run bench [-- --json] [-- --only a,b]`: runs each benchmark as a process of its own (a fresh
 * heap each, `--expose-gc` where it reads the heap), collects the figures they record
 * (bench-result.ts) and judges each against its target, as a ratio to a figure measured in the same
 * run where the target is one. Human output: each benchmark's own lines, then the figures' table.
 * `--json`: the benchmarks' lines go to stderr and stdout is one JSON document,
 * `{"machine": {...}, "results": [{"name", "value", "unit", "baseline", "baselineValue", "ratio",
 * "target", "met"}]}`. Exit 0 when every benchmark ran (targets missed are figures, not failures;
 * `--strict` exits 1 on a missed one), 3 when one failed to run.
 */
const BENCHES: readonly { readonly name: string; readonly file: string; readonly gc?: boolean }[] = [
  { name: 'model', file: 'model-bench.js' },
  { name: 'server', file: 'server-bench.js' },
  { name: 'sim', file: 'sim-bench.js' },
  { name: 'one-by-one', file: 'one-by-one-bench.js' },
  { name: 'capacity', file: 'capacity-bench.js', gc: true },
  { name: 'latency', file: 'latency-bench.js', gc: true },
  { name: 'engine-memory', file: 'engine-memory-bench.js', gc: true },
  { name: 'book-memory', file: 'book-memory-bench.js', gc: true },
  { name: 'checker-memory', file: 'checker-memory-bench.js', gc: true },
  { name: 'attack', file: 'attack-bench.js', gc: true },
  { name: 'report', file: 'report-bench.js' },
];

const USAGE =
  'usage: npm run bench [-- --json] [-- --strict] [-- --only model,server,sim,one-by-one,capacity,latency,engine-memory,book-memory,checker-memory,attack,report]';

function parseArgs(argv: readonly string[]): { json: boolean; strict: boolean; only: Set<string> | null } {
  let json = false;
  let strict = false;
  let only: Set<string> | null = null;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--strict') strict = true;
    else if (a === '--only' && argv[i + 1] !== undefined) {
      only = new Set((argv[++i] as string).split(','));
      const unknown = [...only].filter((n) => !BENCHES.some((b) => b.name === n));
      if (unknown.length > 0) fail(`--only: no benchmark named ${unknown.join(', ')}`);
    } else fail(`unknown argument ${a}`);
  }
  return { json, strict, only };
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${platform()} ${arch()}`,
    loadAverage1mAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    startedAt: new Date().toISOString(),
  };
}

const args = parseArgs(process.argv.slice(2));
const about = machine();
const dir = mkdtempSync(join(tmpdir(), 'affsim-bench-results-'));
const resultsFile = join(dir, 'figures.jsonl');
const failed: string[] = [];
const started = performance.now();
try {
  for (const bench of BENCHES) {
    if (args.only && !args.only.has(bench.name)) continue;
    const file = fileURLToPath(new URL(`./${bench.file}`, import.meta.url));
    const child = spawnSync(process.execPath, [...(bench.gc ? ['--expose-gc'] : []), file], {
      env: { ...process.env, BENCH_RESULTS: resultsFile },
      // With --json stdout is the document alone: the benchmarks' own lines go to stderr.
      stdio: ['ignore', args.json ? process.stderr : 'inherit', 'inherit'],
    });
    if (child.status !== 0) failed.push(`${bench.name} (exit ${child.status ?? child.signal})`);
  }
  const figures = readFigures(resultsFile);
  const results = judgeFigures(figures);
  const finished = {
    ...about,
    loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  if (args.json) {
    console.log(JSON.stringify({ machine: finished, results, failed }, null, 2));
  } else {
    printTable(results, finished);
  }
  if (failed.length > 0) {
    console.error(`bench: ${failed.join(', ')} did not finish`);
    process.exitCode = 3;
  } else if (args.strict && results.some((r) => r.met === false)) {
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function readFigures(file: string): BenchFigure[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as BenchFigure);
}

function printTable(
  results: readonly JudgedFigure[],
  m: ReturnType<typeof machine> & { wallSeconds: number },
): void {
  console.log(
    `\nfigures (${m.cores} × ${m.cpu}, ${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${m.node}, load ${m.loadAverage1mAtStart} at start; ${m.wallSeconds} s)`,
  );
  for (const r of results) {
    const value = `${r.value >= 1000 ? Math.round(r.value).toLocaleString('en-US') : r.value} ${r.unit}`;
    const ratio = r.ratio === null ? '' : `${r.ratio} × ${r.baseline}`;
    const target = r.target === null ? '' : `target ${describeTarget(r.target, r.baseline)}`;
    const met = r.met === null ? '' : r.met ? 'met' : 'NOT MET';
    console.log(
      `${r.name.padEnd(30)} ${value.padStart(22)}  ${ratio.padEnd(34)} ${target.padEnd(34)} ${met}`,
    );
  }
}
