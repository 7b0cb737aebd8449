import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

/**
 * Why: `npm run zoo` is how the harness shows what it catches (issue 11, step 5); its JSON is what
 * a CI job or a README table reads. One mutant through the whole pipeline (a scenario catches it,
 * its shrunk history is confirmed by affsim check, the property suite fails on it), and the usage
 * errors. The full zoo (every mutant) is `npm run zoo`, a few minutes, outside the test suite.
 */
const ZOO = 'dist/test/zoo/zoo.js';

function zoo(...args: string[]) {
  const r = spawnSync(process.execPath, [ZOO, ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run zoo (built)', () => {
  test('one mutant: caught by a scenario, its history confirmed, caught by the properties', () => {
    const out = mkdtempSync(join(tmpdir(), 'affsim-zoo-'));
    const r = zoo('--only', 'window-end-inclusive', '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { mutants: Record<string, unknown>[] };
    expect(json).toEqual(JSON.parse(readFileSync(join(out, 'zoo.json'), 'utf8')));
    expect(json.mutants).toHaveLength(1);
    const [m] = json.mutants;
    expect(m).toMatchObject({
      name: 'window-end-inclusive',
      rule: 'R6',
      caught: true,
      caughtBy: expect.any(String),
      secondsToCatch: expect.any(Number),
      propertiesCaught: true,
      confirmed: true,
      historyForm: 'shrunk',
    });
    expect(m?.historyEvents as number).toBeLessThanOrEqual(10);
    // The history is a file affsim check reads; its first line is the policy.
    expect(readFileSync(m?.history as string, 'utf8').split('\n')[0]).toContain('"type":"policy"');
    expect(r.stderr).toContain('zoo 1/1: window-end-inclusive (R6)');
  }, 250_000); // the child's own limit (240 s) bounds it: a loaded machine takes longer than vitest's default

  test('an unknown mutant or a bad flag is a usage error (exit 2) naming the mutants', () => {
    const unknown = zoo('--only', 'no-such-bug');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown mutant no-such-bug; the mutants are: ');
    expect(unknown.stderr).toContain('window-end-inclusive');
    expect(zoo('--frobnicate').code).toBe(2);
    expect(zoo('--fc-seed', 'x').code).toBe(2);
    expect(zoo('--jobs', '0').code).toBe(2);
  });
});
