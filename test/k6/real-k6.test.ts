import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleK6Scripts, bundlePath, K6_SCRIPTS } from '../../scenarios/k6/driver/bundle-scripts.js';
import { findK6 } from '../../scenarios/k6/driver/find-k6.js';
import { runK6 } from '../../scenarios/k6/driver/run-k6.js';
import { startServer } from '../../server/serve.js';
import { run as load } from '../../sim/cli/commands/load.js';
import { preloadFrom } from '../../sim/cli/commands/serve.js';
import { requireTool } from '../_required-tool.js';
import { TEST_AUTH } from '../_test-token.js';
import { type SmallFixtures, writeSmallFixtures } from './_small-fixtures.js';

// Why: only a real k6 shows that the bundles run on it, that every check passes against the
// platform, and that the thresholds fail a run when the answers are wrong. Skipped, and said so,
// only locally when no k6 is installed (K6_BIN or PATH); under CI=true k6 is required.

const k6 = await findK6(process.env);
const available = requireTool(
  'the real k6 runs (test/k6/real-k6.test.ts)',
  {
    path: k6.ok ? k6.path : undefined,
    missing: k6.ok ? '' : (k6.message.split('\n')[0] as string),
    explicit: Boolean(process.env.K6_BIN),
  },
  'install k6 v0.48+ (see `affsim load` or https://grafana.com/docs/k6/latest/set-up/install-k6/) or set K6_BIN=/path/to/k6',
);
const where = k6.ok ? `under k6 at ${k6.path}` : 'SKIPPED: no k6 (set K6_BIN or put k6 on PATH)';

interface Summary {
  metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
}

function capture() {
  let text = '';
  const stream = new PassThrough();
  stream.on('data', (c) => {
    text += c;
  });
  return { stream, text: () => text };
}

/** Runs one bundle against `baseUrl` for a short while; the k6 output comes back for failure messages. */
async function k6Run(script: string, baseUrl: string, dir: string, extra: string[] = []) {
  const out = capture();
  const code = await runK6({
    k6: k6.ok ? k6.path : 'k6',
    args: [
      'run',
      '-q',
      '-e',
      `BASE_URL=${baseUrl}`,
      '-e',
      `FIXTURES=${dir}`,
      '-e',
      `SUMMARY_DIR=${dir}/..`,
      ...extra,
      bundlePath(script as never),
    ],
    env: { ...process.env, DURATION: '3s', RATE: '20' },
    stdout: out.stream,
    stderr: out.stream,
    signals: new EventEmitter(),
  });
  return { code, output: out.text() };
}

let small: SmallFixtures;
beforeAll(async () => {
  if (!available) return;
  small = await writeSmallFixtures();
  await bundleK6Scripts();
}, 60_000);

describe.skipIf(!available)(`real k6 runs ${where}`, () => {
  it('npm run load: each script for 3 s at 20/s against the preloaded platform holds every threshold', async () => {
    const results = mkdtempSync(join(tmpdir(), 'affsim-k6-results-'));
    const out = capture();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FIXTURES: small.dir,
      SUMMARY_DIR: results,
      DURATION: '3s',
      RATE: '20',
    };
    delete env.BASE_URL;
    const code = await load([], { stdout: out.stream, stderr: out.stream }, env, new EventEmitter());
    expect(code, out.text()).toBe(0);
    for (const script of K6_SCRIPTS) {
      const summary = JSON.parse(readFileSync(join(results, `${script}-summary.json`), 'utf8')) as Summary;
      expect(summary.metrics.checks?.values.rate, script).toBe(1);
      expect(summary.metrics.verified_decisions?.values.count, script).toBeGreaterThan(0);
      expect(summary.metrics.http_req_failed?.values.rate, script).toBe(0);
      const thresholds = Object.entries(summary.metrics).flatMap(([metric, m]) =>
        Object.entries(m.thresholds ?? {}).map(([t, r]) => [`${metric} ${t}`, r.ok] as const),
      );
      expect(thresholds.length, script).toBeGreaterThan(6);
      expect(
        thresholds.filter(([, ok]) => !ok),
        script,
      ).toEqual([]);
      expect(existsSync(join(results, `${script}-junit.xml`))).toBe(true);
      // The load report of every run; k6's raw points are aggregated into it, then removed.
      expect(readFileSync(join(results, `${script}.html`), 'utf8')).toContain('<canvas id="chart-rate"');
      expect(existsSync(join(results, `${script}-points.json.gz`))).toBe(false);
      expect(out.text()).toContain(`load report: ${join(results, `${script}.html`)}`);
      expect(out.text()).toContain(`${script}: every threshold held (k6 exit 0)`);
    }
  }, 60_000);

  it('a run split over two execution segments writes no event id twice (ingest)', async () => {
    const preloaded = await preloadFrom(small.dir);
    const server = await startServer({
      auth: TEST_AUTH,
      port: 0,
      policy: preloaded.policy,
      engine: preloaded.engine,
    });
    try {
      const before = preloaded.engine.stats().orders;
      // Each instance writes its own summary (the last -e SUMMARY_DIR wins over k6Run's).
      const summaries = [
        mkdtempSync(join(tmpdir(), 'affsim-k6-a-')),
        mkdtempSync(join(tmpdir(), 'affsim-k6-b-')),
      ];
      const segment = (s: string, summaryDir: string) => [
        ...['--execution-segment', s, '--execution-segment-sequence', '0,1/2,1', '-e', 'RUN_ID=split'],
        ...['-e', `SUMMARY_DIR=${summaryDir}`],
      ];
      const [a, b] = await Promise.all([
        k6Run('ingest', server.url, small.dir, segment('0:1/2', summaries[0] as string)),
        k6Run('ingest', server.url, small.dir, segment('1/2:1', summaries[1] as string)),
      ]);
      // A reused id would be answered as a replay (R17) and fail the instance's checks.
      expect(a.code, a.output).toBe(0);
      expect(b.code, b.output).toBe(0);
      // Correctness, not speed: each instance ran at least one journey, every answer it got was
      // checked and none was wrong, and every journey added exactly one order (none lost, none twice).
      let iterations = 0;
      for (const dir of summaries) {
        const summary = JSON.parse(readFileSync(join(dir, 'ingest-summary.json'), 'utf8')) as Summary;
        const m = summary.metrics;
        expect(m.iterations?.values.count, dir).toBeGreaterThanOrEqual(1);
        expect(m.checks?.values.passes, dir).toBeGreaterThan(0);
        expect(m.checks?.values.fails, dir).toBe(0);
        expect(m.verified_decisions?.values.count, dir).toBe(m.iterations?.values.count);
        iterations += m.iterations?.values.count ?? 0;
      }
      expect(preloaded.engine.stats().orders - before).toBe(iterations);
      // The same run id again: every id is a replay now, and the checks say so.
      const again = await k6Run('ingest', server.url, small.dir, ['-e', 'RUN_ID=split', '-e', 'DURATION=1s']);
      expect(again.code).toBe(99);
      expect(again.output).toContain('a replay of an earlier event id');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a platform that decides otherwise fails the run: commission rounded down (exit 99)', async () => {
    const preloaded = await preloadFrom(small.dir, ['rounding=floor']);
    const server = await startServer({
      auth: TEST_AUTH,
      port: 0,
      policy: preloaded.policy,
      engine: preloaded.engine,
    });
    try {
      const { code, output } = await k6Run('attribution', server.url, small.dir);
      expect(code, output).toBe(99);
      expect(output).toMatch(/decision of \S+: expected/);
    } finally {
      await server.close();
    }
  }, 60_000);
});
