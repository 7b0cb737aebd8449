import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '../../sim/domain/policy.js';
import { type DoubleRequest, type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { affsim, type CliResult, WORKED_EXAMPLE } from '../cli/run-cli.js';

/**
 * Why (issue 10): a run's exit code says whose problem it is. A mistake in the user's adapter is
 * exit 2 with one line naming the file, before any traffic; a platform that cannot be reached,
 * hangs or keeps answering 5xx is exit 3 (not a violation, not a crash), after a few tries with
 * the same request; a platform that fails once and recovers does not fail the run.
 */
const TINY = fileURLToPath(new URL('./fixtures/tiny-scenario.ts', import.meta.url));
const TINY_POLICY: Policy = { ...DEFAULT_POLICY, credit: 'first-click', windowDays: 7 };
const SHORT = [TINY, '--buyers', '30', '--days', '2', '--workers', '1'];
/** Nothing listens on the discard port. */
const DEAD = 'http://127.0.0.1:9';

const dir = mkdtempSync(join(tmpdir(), 'affsim-adapters-'));
// A user's folder: ES modules, no tsconfig, no affsim import needed for a plain definition object.
writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
const adapter = (name: string, source: string) => {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, source);
  return file;
};

const out = () => mkdtempSync(join(tmpdir(), 'affsim-fail-'));

/** One line on stderr, no stack trace. */
function expectOneLine(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('affsim run: adapter mistakes exit 2 before any traffic', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a wrong adapter path', () => join(dir, 'nonesuch.ts'), /target adapter \S+nonesuch\.ts: no such file/],
    [
      'a syntax error',
      () => adapter('syntax', "export default { name: 'x',\n"),
      /target adapter \S+syntax\.ts could not be loaded: syntax error at line 2/,
    ],
    [
      'a ReferenceError at the top level',
      () => adapter('top-level', "const y = notDefinedAtTop;\nexport default { name: 'x', y };\n"),
      /target adapter \S+top-level\.ts could not be loaded: notDefinedAtTop is not defined/,
    ],
    [
      'a missing sender',
      () =>
        adapter(
          'missing-sender',
          "export default { name: 'x', send: { click: async () => ({ accepted: true }) }, readDecision: async () => null };\n",
        ),
      /target adapter \S+missing-sender\.ts: defineTarget: send: .*missing store\.registered/,
    ],
    [
      'an unknown compare field',
      () =>
        adapter(
          'bad-compare',
          "export default { name: 'x', sendBatch: async (es) => es.map(() => ({ accepted: true })), compare: ['status', 'payout'], readDecision: async () => null };\n",
        ),
      /target adapter \S+bad-compare\.ts: defineTarget: compare: unknown field\(s\) "payout"; valid: attributed, .*lines\[\]\.commissionCents$/m,
    ],
    [
      'no default export',
      () => adapter('no-default', 'export const x = 1;\n'),
      /target adapter \S+no-default\.ts has no default export/,
    ],
    [
      'a default export that is not a definition',
      () => adapter('number', 'export default 42;\n'),
      /target adapter \S+number\.ts: defineTarget: expected an object/,
    ],
  ];
  test.each(cases)('%s', async (_, file, message) => {
    // The dead port is never asked: the adapter is checked first (exit 2, not the target's exit 3).
    const r = await affsim('run', ...SHORT, '--target', DEAD, '--target-adapter', file(), '--out', out());
    expectOneLine(r, 2, message);
  });

  test('an adapter function that throws when called (ReferenceError in a sender) exits 2, naming it', async () => {
    const file = adapter(
      'throws',
      "export default { name: 'thrower', sendBatch: async () => missingHelper(), readDecision: async () => null };\n",
    );
    const r = await affsim('run', ...SHORT, '--target', DEAD, '--target-adapter', file, '--out', out());
    expectOneLine(
      r,
      2,
      /^affsim run: incomplete run: worker 1 of 1, day 1 of 2: target adapter \S+throws\.ts: sendBatch threw ReferenceError: missingHelper is not defined; what was checked so far is in \S+result\.json$/m,
    );
  });
});

describe('affsim run: a failing target exits 3, not as violations', () => {
  const doubles: PlatformDouble[] = [];
  afterAll(async () => {
    await Promise.all(doubles.map((d) => d.close()));
  });
  /** A platform double running the tiny scenario's policy, failing as `fail` says. */
  async function platform(fail: (r: DoubleRequest) => Promise<{ status: number; text: string }> | undefined) {
    const d = await startPlatformDouble((r) => fail(r) ?? r.forward(r.body), TINY_POLICY);
    doubles.push(d);
    return d.url;
  }
  const batch = (r: DoubleRequest) => r.method === 'POST' && r.url === '/events/batch';

  test('a dead port ends with exit 3 (affsim API and a user adapter)', async () => {
    const plain = await affsim('run', ...SHORT, '--target', DEAD, '--out', out());
    expectOneLine(
      plain,
      3,
      /^affsim run: target http:\/\/127\.0\.0\.1:9 failed: GET \/policy: connect ECONNREFUSED$/m,
    );
    const viaAdapter = await affsim(
      'run',
      ...SHORT,
      '--target',
      DEAD,
      '--target-adapter',
      fileURLToPath(new URL('./fixtures/one-by-one-target.ts', import.meta.url)),
      '--out',
      out(),
    );
    expectOneLine(
      viaAdapter,
      3,
      /^affsim run: incomplete run: worker 1 of 1, day 1 of 2: target http:\/\/127\.0\.0\.1:9 failed: POST \/events \(event \S+\): connect ECONNREFUSED \(after 3 attempts\); what was checked so far is in \S+result\.json$/m,
    );
  });

  test('a target answering 500 always: exit 3 after the retries, with the status and the body', async () => {
    let batches = 0;
    const url = await platform((r) => {
      if (!batch(r)) return undefined;
      batches += 1;
      return Promise.resolve({ status: 500, text: '{"error":"database on fire"}' });
    });
    const r = await affsim('run', ...SHORT, '--target', url, '--out', out());
    expectOneLine(
      r,
      3,
      /^affsim run: incomplete run: worker 1 of 1, day 1 of 2: target \S+ failed: POST \/events\/batch \(\d+ events \S+ … \S+\): answered 500: \{"error":"database on fire"\} \(after 3 attempts\); what was checked so far is in \S+result\.json$/m,
    );
    expect(batches).toBe(3);
  });

  test('a target that hangs: exit 3 after --target-timeout', async () => {
    const url = await platform((r) => (batch(r) ? new Promise(() => {}) : undefined));
    // The message names the 200 ms, not the 30 s default; a run that waited forever would hit the test's timeout.
    const r = await affsim('run', ...SHORT, '--target', url, '--target-timeout', '200', '--out', out());
    expectOneLine(
      r,
      3,
      /failed: POST \/events\/batch \(.*\): no answer within 200 ms \(after 3 attempts\); what was checked so far is in \S+result\.json$/m,
    );
  });

  test('a target answering 500 once recovers: the run succeeds, the same events sent again', async () => {
    const bodies: (string | undefined)[] = [];
    const url = await platform((r) => {
      if (!batch(r)) return undefined;
      bodies.push(r.body);
      return bodies.length === 1 ? Promise.resolve({ status: 503, text: 'busy' }) : undefined;
    });
    const r = await affsim('run', ...SHORT, '--target', url, '--out', out());
    expect(r.code, r.stderr).toBe(0);
    expect(bodies.length).toBeGreaterThan(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  test('--target-timeout is checked like any number flag', async () => {
    const r = await affsim('run', ...SHORT, '--target', DEAD, '--target-timeout', 'soon');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^affsim run: --target-timeout soon: expected an integer >= 1$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('affsim check: a failing target exits 3', () => {
  test('a dead port', async () => {
    const r = await affsim('check', WORKED_EXAMPLE, '--target', DEAD);
    expectOneLine(
      r,
      3,
      /^affsim check: target http:\/\/127\.0\.0\.1:9 failed: GET \/policy: connect ECONNREFUSED$/m,
    );
  });

  test('a platform answering 500 to the events', async () => {
    const d = await startPlatformDouble((r) =>
      r.url === '/policy' ? r.forward() : Promise.resolve({ status: 500, text: '{"error":"down"}' }),
    );
    try {
      const r = await affsim('check', WORKED_EXAMPLE, '--target', d.url);
      expectOneLine(r, 3, /failed: POST \/events\/batch answered 500: \{"error":"down"\}$/m);
    } finally {
      await d.close();
    }
  });
});
