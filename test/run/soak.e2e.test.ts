import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { RunResult } from '../../sim/run/run-result.js';
import { affsim } from '../cli/run-cli.js';

/**
 * Why: `affsim run --soak` (README "Soak") must keep the traffic going for its wall time and leave
 * samples and a summary that say something: time and events only move forward, the platform's
 * figures are there for affsim's own platform, and the summary's start and end
 * are its first and last samples. Not a timed assertion: nothing here depends on the machine's
 * speed but the number of samples, which only has to be a few. AFFSIM_SOAK_DEEP=1 adds a 2-minute
 * soak whose verdict must be "flat" and "stable".
 */
const SEED = 7;

async function soak(duration: string, sample: string, buyers: number) {
  const out = join(mkdtempSync(join(tmpdir(), 'affsim-soak-')), 'out');
  const run = await affsim(
    'run',
    'baseline',
    '--seed',
    String(SEED),
    '--buyers',
    String(buyers),
    '--workers',
    '1',
    '--soak',
    duration,
    '--soak-sample',
    sample,
    '--out',
    out,
  );
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
  return { run, result, html: readFileSync(join(out, 'report.html'), 'utf8') };
}

test("a short soak: samples move forward, the platform is sampled, the summary is its samples' ends", async () => {
  const { run, result, html } = await soak('10s', '1s', 150);
  expect(run.code, `seed ${SEED}\n${run.stderr}`).toBe(0);
  const s = result.soak;
  if (s === undefined) throw new Error(`seed ${SEED}: no soak in result.json`);
  expect(s.samples.length).toBeGreaterThanOrEqual(3);
  for (const [a, b] of s.samples.slice(1).map((x, i) => [s.samples[i], x] as const)) {
    expect(b.atMs).toBeGreaterThan(a?.atMs ?? -1);
    expect(b.events).toBeGreaterThanOrEqual(a?.events ?? 0);
  }
  const first = s.samples[0];
  const last = s.samples.at(-1);
  // The wall time was used (the scenario's days go on, up to 3,650): the last sample is past it.
  expect(last?.atMs).toBeGreaterThanOrEqual(10_000);
  expect(last?.events).toBeGreaterThan(0);
  expect(s.simulatedDays).toBeGreaterThanOrEqual(1);
  expect(result.period.days).toBe(3650);
  for (const x of s.samples) {
    expect(x.platform?.rssBytes).toBeGreaterThan(0);
    expect(x.platform?.heapUsedBytes).toBeGreaterThan(0);
    expect(x.simulator.rssBytes).toBeGreaterThan(0);
  }
  // The engine's own counts come with the platform's figures (pair expiry: live and expired pairs).
  expect(last?.platform?.eventIds).toBeGreaterThan(0);
  expect(last?.platform?.expiredPairs).toBeGreaterThanOrEqual(0);
  // What it keeps: its typed arrays (the R17 ledger at least) and, once a full GC ran, its heap after it.
  expect(last?.platform?.arrayBuffersBytes).toBeGreaterThan(0);
  expect(last?.platform?.heapAfterGcBytes).toBeGreaterThanOrEqual(0);
  const p = s.summary.platform;
  expect(p?.rssStartMb).toBe(Math.round((first?.platform?.rssBytes ?? 0) / 1e5) / 10);
  expect(p?.heapEndMb).toBe(Math.round((last?.platform?.heapUsedBytes ?? 0) / 1e5) / 10);
  expect(s.summary.events).toBe(last?.events);
  expect(s.summary.verdict).toMatch(
    /^platform memory (flat|GROWS): (heap|kept \(heap after GC \+ typed arrays\)) [+-][\d.]+ MB\/min .*; p99 (stable|NOT stable)$/,
  );
  expect(run.stdout).toMatch(/\nsoak +\d[\d.]* s, \d+ samples every 1 s/);
  expect(run.stdout).toContain(s.summary.verdict);
  expect(run.stdout).toMatch(/replay: affsim run baseline --seed 7 --buyers 150 --soak 10s/);
  expect(html).toContain('<h2>Soak</h2>');
  expect(html).toContain(`data-soak-samples="${s.samples.length}"`);
});

test('soak flags: a bad duration, --soak-sample alone, or with --seeds exit 2 naming the flag', async () => {
  const bad = await affsim('run', 'baseline', '--soak', 'ten minutes');
  expect(bad).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--soak ten minutes: expected a duration like 30s, 10m/),
  });
  const short = await affsim('run', 'baseline', '--soak', '2s');
  expect(short.stderr).toMatch(/--soak 2s: expected a duration from 10s to 1d/);
  const alone = await affsim('run', 'baseline', '--soak-sample', '5s');
  expect(alone.stderr).toMatch(/--soak-sample needs --soak D/);
  const seeds = await affsim('run', 'baseline', '--soak', '1m', '--seeds', '1..3');
  expect(seeds.stderr).toMatch(/--soak and --seeds/);
});

test.skipIf(process.env.AFFSIM_SOAK_DEEP !== '1')(
  "deep (AFFSIM_SOAK_DEEP=1): a 2-minute soak of affsim's platform stays flat and its p99 stable",
  async () => {
    const { run, result } = await soak('2m', '5s', 3000);
    expect(run.code, `seed ${SEED}\n${run.stderr}`).toBe(0);
    expect(result.soak?.summary.platform?.memoryFlat, result.soak?.summary.verdict).toBe(true);
    expect(result.soak?.summary.verdict).toMatch(/p99 stable$/);
  },
  300_000,
);
