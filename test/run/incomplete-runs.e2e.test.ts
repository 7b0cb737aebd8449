import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { createApp } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { DEFAULT_POLICY, type Policy } from '../../sim/domain/policy.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { BIN, type CliResult } from '../cli/run-cli.js';

/**
 * Why (issue 12): a million-buyer run died after minutes with an uncaught `read ECONNRESET` and
 * wrote nothing. A run that cannot finish must say which worker failed on which day and why, exit
 * 3, and still write what it checked, result.json marked incomplete. Workers are made to fail on
 * purpose with the AFFSIM_WORKER_FAULT hook (sim/run/worker-fault.ts); the target that resets its
 * connections is a tiny server here. Small worlds: each run takes a second or two.
 */
const TINY = fileURLToPath(new URL('./fixtures/tiny-scenario.ts', import.meta.url));
const TINY_POLICY: Policy = { ...DEFAULT_POLICY, credit: 'first-click', windowDays: 7 };
const DAYS = 6;
/** Against a target of the test's own: the tiny scenario's policy, so GET /policy agrees. */
const SMALL = [TINY, '--buyers', '40', '--days', String(DAYS), '--workers', '1'];
/**
 * In-process: a built-in scenario, which workers load at once (a .ts scenario is compiled in each
 * one, and one may start days after the other); the faults come on day 4 of 6.
 */
const BASELINE = ['baseline', '--buyers', '80', '--days', '6', '--workers', '2'];

const out = () => mkdtempSync(join(tmpdir(), 'affsim-incomplete-'));
const load = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;

/** The built CLI, with extra environment variables. */
function affsimWith(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Exit 3, one line on stderr and no stack trace, the line naming what failed where and the file. */
function expectNamedFailure(r: CliResult, dir: string, line: RegExp): void {
  expect(r.code, r.stderr).toBe(3);
  expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /m);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
  expect(r.stderr).toContain(`what was checked so far is in ${join(dir, 'result.json')}`);
}

/** The report files are written as far as they go, each saying the run is incomplete. */
function expectReportFiles(dir: string): void {
  expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Incomplete run');
  expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(
    /<failure message="incomplete: [^"]+" type="incomplete">/,
  );
}

describe('affsim run: a worker that dies mid-run', () => {
  test.each([
    ['exits (process.exit)', 'exit', {}, /exited with code 1 \(after [\d,]+ events\)/],
    ['throws an error nothing catches', 'throw', {}, /failed \(after [\d,]+ events\): injected failure/],
    [
      'runs out of memory',
      'oom',
      // The workers take the main thread's heap limit: a small one fills in a moment.
      { NODE_OPTIONS: '--max-old-space-size=128' },
      /ran out of memory \(after [\d,]+ events; .*\): give each worker fewer buyers \(more --workers than 2, or split the run with --shard i\/n and affsim merge\), or raise the heap limit .*NODE_OPTIONS=--max-old-space-size=<MB>/,
    ],
  ])('%s: exit 3, the worker and the day named, what was checked written', async (_, how, env, reason) => {
    const dir = out();
    const r = await affsimWith(
      { AFFSIM_WORKER_FAULT: `2@4:${how}`, ...env },
      'run',
      ...BASELINE,
      '--out',
      dir,
    );
    // An error nothing catches ends a worker thread a moment later: it may have begun day 5.
    const day = how === 'throw' ? '[45]' : '4';
    expectNamedFailure(r, dir, new RegExp(`^affsim run: incomplete run: worker 2 of 2, day ${day} of 6: `));
    expect(r.stderr).toMatch(reason);
    const result = load(dir);
    expect(result.incomplete).toMatchObject({
      kind: how === 'oom' ? 'memory' : 'worker',
      worker: 2,
      workers: 2,
      lostWorkers: [2],
    });
    expect(how === 'throw' ? [3, 4] : [3]).toContain(result.incomplete?.day);
    expect(result.incomplete?.reason).toMatch(reason);
    // Worker 1's checks are in: its buyers' events (and the seller timeline it counts) were checked.
    expect(result.events.sent).toBeGreaterThan(0);
    expect(result.incomplete?.daysChecked).toBeGreaterThanOrEqual(1);
    expect(result.incomplete?.daysChecked).toBeLessThanOrEqual(6);
    expect(r.stdout).toMatch(new RegExp(`^INCOMPLETE {3}worker 2 of 2, day ${day} of 6: `, 'm'));
    expectReportFiles(dir);
  });

  test('an error nothing catches in the main thread stops every worker, writes what they checked, exit 3', async () => {
    const dir = out();
    const r = await affsimWith({ AFFSIM_WORKER_FAULT: '0@2:throw' }, 'run', ...BASELINE, '--out', dir);
    expectNamedFailure(
      r,
      dir,
      /^affsim run: incomplete run: day 2 of 6: the main thread failed: injected failure \(AFFSIM_WORKER_FAULT=0@2:throw\); /,
    );
    const result = load(dir);
    expect(result.incomplete).toMatchObject({ kind: 'main', workers: 2, lostWorkers: [] });
    expect(result.incomplete?.worker).toBeUndefined();
    expect(result.events.sent).toBeGreaterThan(0);
    expectReportFiles(dir);
  });

  test('a mistyped hook is refused, naming it', async () => {
    const r = await affsimWith({ AFFSIM_WORKER_FAULT: '2@3:explode' }, 'run', ...BASELINE, '--out', out());
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/AFFSIM_WORKER_FAULT=2@3:explode: expected <worker>@<day>:<exit\|throw\|oom>/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('affsim run: a target that resets its connections mid-run', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /**
   * affsim's own platform on a port, which resets the connection (TCP RST) of every request to
   * /events/batch after the first `k`: each retry is reset too, so the run must give up on it.
   */
  async function resettingPlatform(k: number): Promise<{ url: string; batches: () => number }> {
    const app = createApp({ policy: TINY_POLICY, auth: NO_AUTH });
    let batches = 0;
    const server = createServer((req, res) => {
      void answer(req).then(
        (a) => {
          if (a === 'reset') return void req.socket.resetAndDestroy();
          res.writeHead(a.status, { 'content-type': 'application/json' });
          res.end(a.text);
        },
        () => req.socket.resetAndDestroy(),
      );
    });
    async function answer(req: IncomingMessage): Promise<{ status: number; text: string } | 'reset'> {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url === '/events/batch') {
        batches += 1;
        if (batches > k) return 'reset';
      }
      const response = await app.request(req.url ?? '/', {
        method: req.method ?? 'GET',
        headers: { 'content-type': 'application/json' },
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
      });
      return { status: response.status, text: await response.text() };
    }
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, batches: () => batches };
  }

  test('exit 3, the failing worker, day and request named, the days before written, no stack trace', async () => {
    // One worker, so the day is known: up to two batches a day (seller events, buyer events); in
    // this world the fifth is day 4's.
    const { url, batches } = await resettingPlatform(4);
    const dir = out();
    const r = await affsimWith({}, 'run', ...SMALL, '--target', url, '--out', dir);
    expectNamedFailure(
      r,
      dir,
      new RegExp(
        `^affsim run: incomplete run: worker 1 of 1, day 4 of 6: target ${url.replaceAll('.', '\\.')} failed: POST /events/batch \\(\\d+ events \\S+ … \\S+\\): .*(ECONNRESET|other side closed).* \\(after 3 attempts\\); `,
      ),
    );
    // The first try and two retries, each reset.
    expect(batches()).toBe(4 + 3);
    const result = load(dir);
    expect(result.incomplete?.kind).toBe('target');
    expect(result.incomplete?.lostWorkers).toEqual([]);
    expect(result.incomplete).toMatchObject({ worker: 1, workers: 1, day: 3, daysChecked: 3 });
    // The days checked before the resets are counted; no violation: a failing target is not one.
    expect(result.events.sent).toBeGreaterThan(0);
    expect(result.daily.reduce((n, d) => n + d.violations, 0)).toBe(0);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expectReportFiles(dir);
  });
});
