import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../sim/run/run-result.js';
import { affsim } from '../cli/run-cli.js';
import { startBrokenPlatform } from './_broken-platform.js';

const SMALL = ['--buyers', '300', '--days', '15', '--workers', '1'];

/**
 * Why: swarm testing (issue 11, "Swarm") finds what no hand-written scenario reaches only if a user
 * can run many seeds and replay the one that fails: the knobs are drawn from the seed and printed,
 * and `--seeds` runs seed after seed, stopping at the first violation with its replay command.
 */
describe('affsim run swarm and --seeds (built CLI)', () => {
  test('swarm --seed N draws the policy and knobs from N, prints them, and runs them', async () => {
    const out = mkdtempSync(join(tmpdir(), 'affsim-swarm-'));
    const r = await affsim('run', 'swarm', '--seed', '3', ...SMALL, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^swarm 3: policy windowDays=\d+ /m);
    expect(r.stdout).toMatch(/^swarm 3: knobs start="[^"]+" days=45 .*buyers\.retries\.share=/m);
    expect(r.stdout).toContain('replay: affsim run swarm --seed 3 --buyers 300 --days 15');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    expect(result.scenario.name).toBe('swarm-3');
    // Another seed, another policy or world: the knobs do come from the seed.
    const other = await affsim('run', 'swarm', '--seed', '4', ...SMALL, '--out', `${out}-4`);
    const policyOf = (text: string, n: number) => new RegExp(`^swarm ${n}: (.*)$`, 'm').exec(text)?.[1];
    expect(policyOf(other.stdout, 4)).not.toBe(policyOf(r.stdout, 3));
  });

  test('--seeds A..B runs every seed, one line each, and passes on affsim', async () => {
    const out = mkdtempSync(join(tmpdir(), 'affsim-seeds-'));
    const r = await affsim('run', 'swarm', '--seeds', '1..3', ...SMALL, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    for (const n of [1, 2, 3])
      expect(r.stdout).toMatch(new RegExp(`^seed ${n}: [\\d,]+ events, [\\d,]+ orders, no violations`, 'm'));
    expect(r.stdout).toMatch(/^all 3 seeds passed: no violations/m);
    expect(JSON.parse(readFileSync(join(out, 'seed2', 'result.json'), 'utf8')).seed).toBe(2);
  });

  test('--seeds stops at the first seed with violations and prints its run and replay command', async () => {
    const platform = await startBrokenPlatform();
    try {
      const out = mkdtempSync(join(tmpdir(), 'affsim-seeds-broken-'));
      const r = await affsim(
        'run',
        'baseline',
        '--seeds',
        '1..20',
        '--buyers',
        '1500',
        '--days',
        '30',
        '--target',
        platform.url,
        '--out',
        out,
      );
      expect(r.code).toBe(1);
      const failed = Number(/seed (\d+) failed, after (\d+) seed\(s\) passed/.exec(r.stderr)?.[1]);
      expect(failed).toBeGreaterThanOrEqual(1);
      expect(r.stdout).toContain(
        `replay: affsim run baseline --seed ${failed} --buyers 1500 --days 30 --target ${platform.url}`,
      );
      expect(r.stdout).toMatch(/VIOLATIONS\s+[\d,]+: the platform differs/);
      // Nothing ran after the failing seed.
      expect(r.stdout).not.toMatch(new RegExp(`^seed ${failed + 1}:`, 'm'));
    } finally {
      await platform.close();
    }
  });

  test.each([
    [['--seed', '1', '--seeds', '1..3'], /--seed and --seeds/],
    [['--seeds', '5..2'], /--seeds 5\.\.2: expected a range like 1\.\.200/],
    [['--seeds', 'many'], /--seeds many: expected a range/],
  ])('bad usage %j exits 2 with one clear line', async (args, message) => {
    const r = await affsim('run', 'swarm', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
