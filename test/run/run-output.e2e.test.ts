import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { RunResult } from '../../sim/run/run-result.js';
import { affsim } from '../cli/run-cli.js';

const SMALL = ['--buyers', '400', '--days', '8'];
const out = () => mkdtempSync(join(tmpdir(), 'affsim-run-'));
const load = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;

/** The events of the last progress line (`affsim: day 8/8 (100%) · 1,234 events · …`; piped, so plain lines). */
function finalProgressEvents(stdout: string): number {
  const lines = stdout.split('\n').filter((l) => l.startsWith('affsim: day '));
  const m = /· ([\d,]+) events ·/.exec(lines.at(-1) ?? '');
  if (!m) throw new Error(`no progress line in:\n${stdout}`);
  return Number((m[1] as string).replaceAll(',', ''));
}

describe('affsim run output (built CLI)', () => {
  test('the final progress counts the events result.json counts, with 1 worker and with 2', async () => {
    const [one, two] = [out(), out()];
    const runs = await Promise.all([
      affsim('run', ...SMALL, '--workers', '1', '--out', one),
      affsim('run', ...SMALL, '--workers', '2', '--out', two),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const sent = load(one).events.sent;
    expect(load(two).events.sent).toBe(sent);
    // Worker 2 also sends the seller timeline, which only shard 0 counts.
    expect(finalProgressEvents((runs[0] as { stdout: string }).stdout)).toBe(sent);
    expect(finalProgressEvents((runs[1] as { stdout: string }).stdout)).toBe(sent);
  });

  test('an overridden world is described as overridden in result.json, the summary and the report; replay printed', async () => {
    const dir = out();
    const r = await affsim('run', ...SMALL, '--seed', '4', '--workers', '1', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    // A valid run prints its replay line (once it has started).
    expect(r.stdout).toMatch(/^replay: affsim run baseline --seed 4 --buyers 400 --days 8$/m);
    const suffix = '(overridden: 400 buyers, 8 days)';
    expect(load(dir).scenario.description).toBe(
      `Ninety days of an ordinary marketplace under the default policy (400 stores, 50,000 buyers) ${suffix}`,
    );
    expect(r.stdout).toContain(suffix);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(suffix);
  });

  test('a bad scenario name prints no replay line and exits 2', async () => {
    const r = await affsim('run', 'no-such-scenario', '--out', out());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no-such-scenario');
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^replay:/m);
  });
});
