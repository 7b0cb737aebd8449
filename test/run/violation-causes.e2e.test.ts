import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RunResult, Violation } from '../../sim/run/run-result.js';
import { affsim } from '../cli/run-cli.js';
import { startBrokenPlatform } from './_broken-platform.js';

const ADAPTER = 'test/run/fixtures/resettable-target.ts';
const RUN = ['run', 'baseline', '--seed', '7', '--buyers', '3000', '--days', '30'];

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly out: string;
  readonly url: string;
  readonly result: RunResult;
}

/** A run against a fresh broken platform (it forgets main-product rates, R10), through `args`. */
async function runBroken(...args: string[]): Promise<Ran> {
  const platform = await startBrokenPlatform();
  try {
    const out = mkdtempSync(join(tmpdir(), 'affsim-causes-'));
    const withTarget = args.map((a) => (a === 'URL' ? platform.url : a));
    const { code, stdout, stderr } = await affsim(...RUN, ...withTarget, '--out', out);
    if (code !== 0 && code !== 1) throw new Error(`affsim run exited ${code}: ${stderr}`);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    return { code, stdout, out, url: platform.url, result };
  } finally {
    await platform.close();
  }
}

/** The result with what may differ between two runs taken out: timing, the double's URL and the output dir. */
function comparable(r: Ran): unknown {
  const text = JSON.stringify({ ...r.result, timing: null })
    .replaceAll(r.url, 'URL')
    .replaceAll(r.out, 'OUT');
  return JSON.parse(text);
}

function historyFiles(r: Ran): Record<string, string> {
  const dir = join(r.out, 'violations');
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/**
 * Why: one bug must read as one thing to fix (issue 10, "Violations traced to their cause"):
 * violations grouped by fingerprint and counted, each traced to its cause (a diverging answer, or
 * the first differing field and the rule deciding it), decisions linked to the answers they follow
 * from, and every kept example's history shrunk to a few events when the target can be reset.
 */
describe('violations traced to their cause, grouped and shrunk (built CLI, broken platform)', () => {
  let one: Ran;
  let two: Ran;

  beforeAll(async () => {
    one = await runBroken('--workers', '1', '--target', 'URL', '--target-adapter', ADAPTER);
    two = await runBroken('--workers', '2', '--target', 'URL', '--target-adapter', ADAPTER);
  });

  test('groups: the forgotten rates are one decision group traced to lines[].tier (R10), every violation counted', () => {
    expect(one.code).toBe(1);
    const groups = one.result.violationGroups;
    const rates = groups.find((g) => g.kind === 'decision' && g.cause === 'field');
    expect(rates).toMatchObject({
      rule: 'R10',
      fields: expect.arrayContaining(['lines[].tier', 'lines[].rateBps']),
    });
    const total = one.result.daily.reduce((n, d) => n + d.violations, 0);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(total);
    // Every kept example belongs to a group, at most examplesPerGroup (3) of each.
    for (const g of groups) {
      const examples = one.result.violations.filter((v) => v.fingerprint === g.fingerprint);
      expect(examples.length).toBe(Math.min(g.count, one.result.examplesPerGroup));
    }
    for (const v of one.result.violations.filter((x) => x.fingerprint === rates?.fingerprint)) {
      expect(v.cause).toMatchObject({ kind: 'field', field: 'lines[].tier', rule: 'R10' });
    }
  });

  test('decisions that follow from a diverging answer are linked to its group', () => {
    const groups = one.result.violationGroups;
    const answers = groups.filter((g) => g.kind === 'answer');
    expect(answers.map((g) => g.fingerprint)).toContain('answer store.mainProductRemoved refused outcome R4');
    const linked = groups.filter((g) => g.causedBy !== undefined);
    expect(linked.length).toBeGreaterThan(0);
    for (const g of linked) {
      expect(answers.map((a) => a.fingerprint)).toContain(g.causedBy);
      for (const v of one.result.violations.filter((x) => x.fingerprint === g.fingerprint)) {
        expect(v.cause.kind).toBe('answer');
        expect(v.cause.eventId).toBeDefined();
      }
    }
  });

  test('every decision example is shrunk to a few events, from a larger superset', () => {
    const decisions = one.result.violations.filter((v) => v.kind === 'decision');
    expect(decisions.length).toBeGreaterThan(0);
    for (const v of decisions) {
      expect(v.history.form).toBe('shrunk');
      expect(v.history.events).toBeLessThanOrEqual(10);
      expect(v.history.supersetEvents).toBeGreaterThanOrEqual(v.history.events);
      const lines = readFileSync(join(one.out, v.historyFile), 'utf8').trim().split('\n');
      // The policy line, then the events.
      expect(lines.length).toBe(v.history.events + 1);
    }
    const before = decisions.reduce((n, v) => n + v.history.supersetEvents, 0);
    const after = decisions.reduce((n, v) => n + v.history.events, 0);
    expect(after).toBeLessThan(before);
  });

  test('the same seed gives the same groups, examples and shrunk histories with 1 worker and with 2', () => {
    expect(comparable(two)).toEqual(comparable(one));
    expect(historyFiles(two)).toEqual(historyFiles(one));
  });

  test('--max-violations 1 keeps one example per group and counts the same', async () => {
    const r = await runBroken('--workers', '2', '--max-violations', '1', '--target', 'URL');
    expect(r.result.violationGroups.map((g) => [g.fingerprint, g.count])).toEqual(
      one.result.violationGroups.map((g) => [g.fingerprint, g.count]),
    );
    expect(r.result.violations.length).toBe(r.result.violationGroups.length);
    // Without an adapter's reset, nothing can replay on a clean platform: supersets, and why.
    for (const v of r.result.violations as Violation[]) {
      expect(v.history.form).toBe('superset');
      expect(v.history.note).toMatch(/reset/);
    }
  });
});
