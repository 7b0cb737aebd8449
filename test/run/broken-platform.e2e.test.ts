import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunResult } from '../../sim/run/run-result.js';
import { affsim } from '../cli/run-cli.js';
import { startBrokenPlatform } from './_broken-platform.js';

/**
 * Why: the simulator exists to catch attribution and commission bugs. A platform that forgets
 * main-product rates (R10) must be reported with violations, a non-zero exit and the seed, and each
 * violation's history must make `affsim check` show the same disagreement on its own.
 */
describe('affsim run against a broken platform (built CLI)', () => {
  let platform: Awaited<ReturnType<typeof startBrokenPlatform>>;
  const out = mkdtempSync(join(tmpdir(), 'affsim-broken-'));
  let code: number;
  let stdout: string;
  let stderr: string;
  let result: RunResult;

  beforeAll(async () => {
    platform = await startBrokenPlatform();
    ({ code, stdout, stderr } = await affsim(
      'run',
      'baseline',
      '--seed',
      '7',
      '--buyers',
      '3000',
      '--days',
      '30',
      '--target',
      platform.url,
      '--out',
      out,
    ));
    result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
  });
  afterAll(() => platform.close());

  test('violations are reported with the rule, exit 1 and the replay command', () => {
    expect(code).toBe(1);
    expect(stderr).toContain('replay with: affsim run baseline --seed 7 --buyers 3000 --days 30');
    // Forgotten main products show as decisions with the wrong tier and rate (R10), and as
    // refused removals of main products the platform never recorded (R4 answers).
    const decisions = result.violations.filter((v) => v.kind === 'decision');
    expect(decisions.length).toBeGreaterThan(0);
    for (const v of decisions) {
      expect(v.rules).toContain('R10');
      expect(v.fields.some((f) => /^lines\[\d+\]\.(tier|rateBps)$/.test(f))).toBe(true);
    }
    for (const v of result.violations.filter((x) => x.kind === 'answer')) expect(v.rules).toEqual(['R4']);
    expect(stdout).toMatch(/VIOLATIONS\s+[\d,]+: the platform differs from the reference model/);
    expect(stdout).toMatch(/^ +check {4}affsim check \S+violations\/decision-/m);
  });

  test("each violation's history reproduces it with affsim check", async () => {
    const v = result.violations.find((x) => x.kind === 'decision') as RunResult['violations'][number];
    const file = join(out, v.historyFile);
    const model = JSON.parse((await affsim('check', file, '--json', '--engine', 'model')).stdout) as {
      decisions: { orderId: string }[];
    };
    expect(model.decisions.find((d) => d.orderId === v.subject)).toEqual(v.model);
    const fresh = await startBrokenPlatform();
    try {
      const against = await affsim('check', file, '--target', fresh.url, '--json');
      expect(against.code).toBe(1);
      const { disagreements } = JSON.parse(against.stdout) as { disagreements: { orderId: string }[] };
      expect(disagreements.map((d) => d.orderId)).toContain(v.subject);
    } finally {
      await fresh.close();
    }
    // The same history against a correct platform agrees: the history isolates the platform's bug.
    expect((await affsim('check', file)).code).toBe(0);
  });
});
