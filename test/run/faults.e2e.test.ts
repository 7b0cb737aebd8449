import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { startServer } from '../../server/serve.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import type { RunResult, Violation } from '../../sim/run/run-result.js';
import { TEST_AUTH } from '../_test-token.js';
import { affsim } from '../cli/run-cli.js';
import { startExampleService } from '../examples/_example-service.js';

/**
 * Why (issue 14, "Faults toward any target"): Jepsen's standard for a faulted run — an acknowledged
 * event is never lost, none is applied twice, and the final state is the clean run's. Requests are
 * dropped (before the target saw them, or with the answer lost after), duplicated, timed out,
 * delayed and reordered where the ordering guarantee allows; clients retry with the same ids. A
 * platform that is right under R17 gives the clean run's decisions and counts; one that applies a
 * retried event twice is caught.
 */
const FAULTS = 'drop=0.02,dup=0.02,reorder=0.02,timeout=0.01,delay=1ms';
/**
 * About 7,000 events with the baseline's own client retries and id reuses (R17). The seed gives
 * every kind of fault at least once with 1 and 2 workers: the faults are drawn from the seed, so
 * that holds on every machine.
 */
const RUN = ['run', 'baseline', '--seed', '3', '--buyers', '300', '--days', '45'];
const KINDS = ['dropBefore', 'dropAfter', 'dup', 'delay', 'reorder', 'timeout'] as const;

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: string;
  readonly result: RunResult;
}

async function run(...args: string[]): Promise<Ran> {
  const out = mkdtempSync(join(tmpdir(), 'affsim-faults-'));
  const { code, stdout, stderr } = await affsim(...args, '--out', out);
  if (code !== 0 && code !== 1) throw new Error(`affsim run exited ${code}:\n${stderr}${stdout}`);
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
  return { code, stdout, stderr, out, result };
}

/** What must equal the clean run's: everything but the wall clock, the faults, and the target's URL. */
function decided(r: RunResult): Omit<RunResult, 'timing' | 'faults' | 'target'> {
  const { timing: _t, faults: _f, target: _u, ...rest } = r;
  return rest;
}

function expectEveryKindInjected(r: RunResult): void {
  expect(r.faults?.spec).toBe(FAULTS);
  for (const kind of KINDS) expect(r.faults?.injected[kind], kind).toBeGreaterThan(0);
  expect(r.faults?.retries).toBeGreaterThanOrEqual(
    (r.faults?.injected.dropBefore ?? 0) +
      (r.faults?.injected.dropAfter ?? 0) +
      (r.faults?.injected.timeout ?? 0),
  );
}

describe('affsim run --faults: the result equals the clean run with the same seed', () => {
  test("affsim's in-process platform, --workers 1 and 2: same decisions and counts, every kind injected", async () => {
    const [clean, one, two] = await Promise.all([
      run(...RUN, '--workers', '1'),
      run(...RUN, '--workers', '1', '--faults', FAULTS),
      run(...RUN, '--workers', '2', '--faults', FAULTS),
    ]);
    expect(clean.code).toBe(0);
    expect(clean.result.faults).toBeUndefined();
    expect(clean.stdout).not.toMatch(/^faults/m);
    // The history's own repeats are counted as in the clean run, not the retries the faults caused.
    expect(clean.result.events.repeats).toBeGreaterThan(0);
    for (const faulted of [one, two]) {
      expect(faulted.code, faulted.stderr).toBe(0);
      expect(decided(faulted.result)).toEqual(decided(clean.result));
      expectEveryKindInjected(faulted.result);
      expect(faulted.stdout).toMatch(
        /^faults {7}drop=0\.02,\S+: \d+ dropped before, \d+ answers lost, .*; \d+ retries$/m,
      );
      expect(faulted.stdout).toContain(
        `replay: affsim run baseline --seed 3 --buyers 300 --days 45 --faults ${FAULTS}`,
      );
    }
    // Same seed, same faults.
    const again = await run(...RUN, '--workers', '1', '--faults', FAULTS);
    expect(again.result.faults).toEqual(one.result.faults);
  });

  test('an HTTP target (affsim serve on an ephemeral port, --target URL, 2 workers)', async () => {
    const server = await startServer({ auth: TEST_AUTH, port: 0, policy: DEFAULT_POLICY });
    try {
      const [clean, faulted] = await Promise.all([
        run(...RUN, '--workers', '2'),
        run(...RUN, '--workers', '2', '--target', server.url, '--faults', FAULTS),
      ]);
      expect(faulted.code, faulted.stderr).toBe(0);
      expect(faulted.result.target).toBe(server.url);
      expect(decided(faulted.result)).toEqual(decided(clean.result));
      expectEveryKindInjected(faulted.result);
    } finally {
      await server.close();
    }
  });

  test('the example service through its adapter (one request per event)', async () => {
    const small = [
      'run',
      'boundary-storm',
      '--seed',
      '2',
      '--buyers',
      '150',
      '--days',
      '30',
      '--workers',
      '1',
    ];
    const adapter = ['--target-adapter', 'examples/last-click-service/affsim-target.ts'];
    const [a, b] = await Promise.all([startExampleService(), startExampleService()]);
    try {
      const [clean, faulted] = await Promise.all([
        run(...small, '--target', a.url, ...adapter),
        run(...small, '--target', b.url, ...adapter, '--faults', FAULTS),
      ]);
      expect(clean.code, clean.stderr).toBe(0);
      expect(faulted.code, faulted.stderr).toBe(0);
      expect(decided(faulted.result)).toEqual(decided(clean.result));
      expectEveryKindInjected(faulted.result);
    } finally {
      a.child.kill();
      b.child.kill();
    }
  });
});

describe('affsim run --faults: what the faults expose', () => {
  test('a platform that applies a retried event again (mutant retry-applied-twice) shows violations only under faults', async () => {
    // The tiny scenario has no client retries of its own: without faults the mutant is not caught.
    const tiny = fileURLToPath(new URL('./fixtures/tiny-scenario.ts', import.meta.url));
    const args = [
      'run',
      tiny,
      '--seed',
      '3',
      '--days',
      '30',
      '--workers',
      '1',
      '--mutant',
      'retry-applied-twice',
    ];
    // Lost answers make the client retry: the mutant applies the retry again and answers that.
    const [clean, faulted] = await Promise.all([
      run(...args),
      run(...args, '--faults', 'drop=0.05:after,dup=0.05'),
    ]);
    expect(clean.code, clean.stderr).toBe(0);
    expect(faulted.code).toBe(1);
    expect(faulted.result.faults?.injected.dropAfter).toBeGreaterThan(0);
    const groups = faulted.result.violationGroups;
    expect(groups.reduce((n, g) => n + g.count, 0)).toBeGreaterThan(0);
    // The retried order is refused as a duplicate (R16): the original answer was an acceptance (R17).
    expect(groups.map((g) => g.title).join('\n')).toMatch(
      /the platform refuses order\.created events the model accepts \(R16\)/,
    );
    // Shrunk on a clean replay with the event delivered twice, as the faults delivered it.
    const v = faulted.result.violations.find((x) => x.cause.eventId === x.subject) as Violation;
    expect(v.history.form).toBe('shrunk');
    const ids = readFileSync(join(faulted.out, v.historyFile), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.filter((id) => id === v.subject)).toHaveLength(2);
    expect(faulted.stderr).toMatch(
      /violation\(s\); seed 3; replay with: .*--mutant retry-applied-twice --faults /,
    );
  });

  test('a bad spec is exit 2 with one line naming the key, before any traffic', async () => {
    for (const [spec, message] of [
      ['loss=0.1', /--faults loss=0\.1: unknown key "loss"/],
      ['dup=0.9', /--faults dup=0\.9: dup: "0\.9" is not a probability in 0\.\.0\.5/],
    ] as const) {
      const r = await affsim('run', '--faults', spec, '--out', mkdtempSync(join(tmpdir(), 'affsim-faults-')));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).not.toMatch(/replay:/);
    }
  });
});
