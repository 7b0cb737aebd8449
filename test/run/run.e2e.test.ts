import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { mergeResults } from '../../sim/run/merge-results.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { affsim, BIN } from '../cli/run-cli.js';

const SMALL = ['--buyers', '1500', '--days', '20'];
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const out = () => mkdtempSync(join(tmpdir(), 'affsim-run-'));
const load = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
/** Timing is wall-clock; the shard label is what a merge is about: everything else must be identical. */
const comparable = ({ timing: _t, shards: _s, ...rest }: RunResult) => rest;

/** The URL `affsim serve` prints; rejects with its stderr if it exits or fails to start first. */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let text = '';
    let errors = '';
    child.stderr?.on('data', (c) => {
      errors += c;
    });
    child.stdout?.on('data', (c) => {
      text += c;
      const m = /listening on (\S+)/.exec(text);
      if (m) resolve(m[1] as string);
    });
    child.once('error', (e) => reject(new Error(`affsim serve did not start: ${e.message}\n${errors}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`affsim serve exited (${signal ?? code}) before listening:\n${errors}${text}`)),
    );
  });
}

describe('affsim run (built CLI)', () => {
  test('a small baseline: zero violations against affsim, result.json written, seed printed first', async () => {
    const dir = out();
    // --workers given: the default depends on the machine's CPUs (at most 2), the line must not.
    const r = await affsim('run', ...SMALL, '--seed', '3', '--workers', '2', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('affsim run baseline: seed 3, 2 worker(s)');
    expect(r.stdout).toContain('replay: affsim run baseline --seed 3 --buyers 1500 --days 20');
    const result = load(dir);
    expect(result.violations).toEqual([]);
    expect(result.daily).toHaveLength(20);
    expect(result.orders.total).toBeGreaterThan(10);
    expect(result.clicks.qualifying).toBeGreaterThan(0);
    expect(Object.values(result.commission.byTier).reduce((a, b) => a + b, 0)).toBe(
      result.commission.totalCents,
    );
  });

  test('same seed, same result whatever --workers; shards 1/2 and 2/2 merged equal the whole run', async () => {
    const [one, two, s1, s2] = [out(), out(), out(), out()];
    const runs = await Promise.all([
      affsim('run', ...SMALL, '--workers', '1', '--out', one),
      affsim('run', ...SMALL, '--workers', '2', '--out', two),
      affsim('run', ...SMALL, '--shard', '1/2', '--out', s1),
      affsim('run', ...SMALL, '--shard', '2/2', '--out', s2),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const whole = load(one);
    expect(comparable(load(two))).toEqual(comparable(whole));
    expect(comparable(mergeResults([load(s1), load(s2)]))).toEqual(comparable(whole));
    expect(load(s1).events.sent + load(s2).events.sent).toBe(whole.events.sent);
  });

  test("a user's scenario file (.ts, loaded through ts-node) runs like a built-in one", async () => {
    const dir = out();
    const r = await affsim('run', fixture('tiny-scenario.ts'), '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const result = load(dir);
    expect(result.scenario.name).toBe('tiny-first-click');
    expect(result.policy).toMatchObject({ credit: 'first-click', windowDays: 7 });
  });

  test("a user's target adapter talks to a platform its own way (one request per event)", async () => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await listeningUrl(child);
      const dir = out();
      const r = await affsim(
        'run',
        '--buyers',
        '300',
        '--days',
        '10',
        '--target',
        url,
        '--target-adapter',
        fixture('one-by-one-target.ts'),
        '--out',
        dir,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(load(dir).target).toBe(url);
      expect(load(dir).events.sent).toBeGreaterThan(100);
      // Through affsim's own API the platform's policy is compared first: a mismatch is a setup error.
      const mismatch = await affsim('run', fixture('tiny-scenario.ts'), '--target', url, '--out', out());
      expect(mismatch.code).toBe(2);
      expect(mismatch.stderr).toMatch(/runs another policy:[\s\S]*scenario: .*credit=first-click/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('an adapter for a service that does less: unsupported events not sent, only `compare` fields compared', async () => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await listeningUrl(child);
      const dir = out();
      const resetFile = join(dir, 'resets.txt');
      process.env.AFFSIM_TEST_RESET_FILE = resetFile;
      const r = await affsim(
        'run',
        ...SMALL,
        '--workers',
        '1',
        '--target',
        url,
        '--target-adapter',
        fixture('partial-target.ts'),
        '--out',
        dir,
      );
      delete process.env.AFFSIM_TEST_RESET_FILE;
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      const result = load(dir);
      expect(result.violations).toEqual([]);
      expect(result.compared).toEqual([
        'attributed',
        'affiliateId',
        'status',
        'commissionCents',
        'lines[].commissionCents',
      ]);
      // The scenario's affiliates (50 in baseline's world or more): counted, never sent.
      expect(result.events.unsupported).toBeGreaterThan(0);
      expect(result.orders.total).toBeGreaterThan(10);
      expect(r.stdout).toMatch(
        /compared +attributed, affiliateId, status, commissionCents, lines\[\]\.commissionCents/,
      );
      // One worker, one shard: the service was reset once, before the traffic.
      expect(readFileSync(resetFile, 'utf8')).toBe('reset\n');
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('affsim scenarios lists the ten built-in scenarios and the swarm', async () => {
    const r = await affsim('scenarios');
    expect(r.code).toBe(0);
    const names = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual([
      'baseline',
      'boundary-storm',
      'withdrawal-wave',
      'rate-churn',
      'black-friday',
      'legacy-category-rates',
      'first-click',
      'calendar-days',
      'post-withdrawal-honor',
      'adversarial',
      'swarm',
    ]);
  });

  test.each([
    [['nonesuch'], /unknown scenario "nonesuch"/],
    [['--seed=-1'], /--seed -1: expected an integer >= 0/],
    [['--workers', '0'], /--workers 0: expected an integer >= 1/],
    [['--shard', '3/2'], /--shard 3\/2: expected i\/n/],
    [['--target', 'nope'], /--target nope: expected a URL/],
    [['--target-adapter', 'x.ts'], /--target-adapter needs --target/],
    [['./missing-scenario.ts'], /scenario .\/missing-scenario.ts: no such file/],
    [['--buyers', 'many'], /--buyers many: expected an integer/],
    [['--days', '0'], /--days 0: expected an integer >= 1/],
  ])('bad usage %j exits 2 with a clear message', async (args, message) => {
    const r = await affsim('run', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('an invalid scenario file names the field', async () => {
    const r = await affsim('run', fixture('bad-scenario.ts'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/buyers\.conversion/);
    expect(existsSync(fixture('bad-scenario.ts'))).toBe(true);
  });
});
