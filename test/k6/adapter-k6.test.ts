import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findK6 } from '../../scenarios/k6/driver/find-k6.js';
import { run as load } from '../../sim/cli/commands/load.js';
import { requireTool } from '../_required-tool.js';
import { type SmallFixtures, writeSmallFixtures } from './_small-fixtures.js';

// Why: the done-when of issue 15: k6 against the example foreign service through its adapter's k6
// part, under the real k6, every compared field checked: it passes with the service's planted bugs
// off and fails on the affiliate field with per-buyer windows on.

const k6 = await findK6(process.env);
const available = requireTool(
  'the real k6 runs against the example service (test/k6/adapter-k6.test.ts)',
  {
    path: k6.ok ? k6.path : undefined,
    missing: k6.ok ? '' : (k6.message.split('\n')[0] as string),
    explicit: Boolean(process.env.K6_BIN),
  },
  'install k6 v0.48+ or set K6_BIN=/path/to/k6',
);

const ADAPTER = 'examples/last-click-service/affsim-target.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** The example service on a free port, its history loaded by `affsim check` (which resets it first). */
async function preloadedService(
  fixtures: string,
  deviations: string[],
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const args = ['examples/last-click-service/service.mjs', '--port', String(port)];
  if (deviations.length > 0) args.push('--deviations', deviations.join(','));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((r) => child.stdout?.once('data', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const check = spawnSync(
    process.execPath,
    ['bin/affsim.js', 'check', `${fixtures}/history.jsonl`, '--target', url, '--target-adapter', ADAPTER],
    { encoding: 'utf8' },
  );
  // 0: it agrees; 1: it disagrees (the deviations): either way the history is in it now.
  if (check.status !== (deviations.length > 0 ? 1 : 0))
    throw new Error(`check: ${check.status} ${check.stderr}`);
  return { url, child };
}

function capture() {
  let text = '';
  const stream = new PassThrough();
  stream.on('data', (c) => {
    text += c;
  });
  return { stream, text: () => text };
}

async function loadAttribution(small: SmallFixtures, url: string, script = 'attribution') {
  const results = mkdtempSync(join(tmpdir(), 'affsim-k6-adapter-'));
  const out = capture();
  const env = { ...process.env, FIXTURES: small.dir, SUMMARY_DIR: results, DURATION: '3s', RATE: '20' };
  const args = [script, '--target', url, '--target-adapter', ADAPTER];
  const code = await load(args, { stdout: out.stream, stderr: out.stream }, env, new EventEmitter());
  const summary = JSON.parse(readFileSync(join(results, `${script}-summary.json`), 'utf8')) as {
    root_group: { checks: { name: string; passes: number; fails: number }[] };
    metrics: Record<string, { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }>;
  };
  return { code, output: out.text(), summary };
}

let small: SmallFixtures;
const services: ChildProcess[] = [];
let plain: string;
let buggy: string;
beforeAll(async () => {
  if (!available) return;
  small = await writeSmallFixtures();
  const [a, b] = await Promise.all([
    preloadedService(small.dir, []),
    preloadedService(small.dir, ['per-buyer-window']),
  ]);
  services.push(a.child, b.child);
  plain = a.url;
  buggy = b.url;
}, 120_000);
afterAll(() => {
  for (const child of services) child.kill();
});

describe.skipIf(!available)('affsim load attribution --target … --target-adapter (real k6)', () => {
  it('deviations off: every compared field checked, every threshold held (exit 0)', async () => {
    const { code, output, summary } = await loadAttribution(small, plain);
    expect(code, output).toBe(0);
    const checks = summary.root_group.checks.map((c) => c.name).sort();
    expect(checks).toEqual(
      [
        'attribution: a response',
        'attribution: affiliate',
        'attribution: answered',
        'attribution: commission',
        'attribution: every compared field',
        'attribution: status',
        'health: 2xx',
      ].sort(),
    );
    expect(summary.metrics.verified_decisions?.values.count).toBeGreaterThan(0);
    expect(summary.metrics['http_reqs{endpoint:health}']?.values.count).toBeGreaterThan(0);
    const failed = Object.entries(summary.metrics).flatMap(([m, v]) =>
      Object.entries(v.thresholds ?? {})
        .filter(([, r]) => !r.ok)
        .map(([t]) => `${m} ${t}`),
    );
    expect(failed).toEqual([]);
  }, 60_000);

  it.each(['ingest', 'mixed'])(
    '%s through the write side: each click and order accepted, its decision read back and checked',
    async (script) => {
      const { code, output, summary } = await loadAttribution(small, plain, script);
      expect(code, output).toBe(0);
      const checks = new Map(summary.root_group.checks.map((c) => [c.name, c]));
      for (const name of [
        'click: accepted (2xx)',
        'order: accepted (2xx)',
        'attribution: every compared field',
      ])
        expect(checks.get(name)?.passes, `${name} in ${[...checks.keys()].join(', ')}`).toBeGreaterThan(0);
      expect([...checks.values()].filter((c) => c.fails > 0)).toEqual([]);
      expect(summary.metrics['http_reqs{endpoint:orders}']?.values.count).toBeGreaterThan(0);
      // The reads back: every order written was found and decided as the model decides it.
      expect(summary.metrics.verified_decisions?.values.count).toBeGreaterThanOrEqual(
        checks.get('order: accepted (2xx)')?.passes ?? 1,
      );
    },
    60_000,
  );

  it('per-buyer windows: k6 exits 99 with failed checks on the affiliate field', async () => {
    const { code, output, summary } = await loadAttribution(small, buggy);
    expect(code, output).toBe(99);
    const affiliate = summary.root_group.checks.find((c) => c.name === 'attribution: affiliate');
    expect(affiliate?.fails).toBeGreaterThan(0);
    expect(output).toMatch(/decision of \S+ \(last-click-service, compared fields\): expected/);
  }, 60_000);
});
