import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { run as load } from '../../sim/cli/commands/load.js';
import { TargetFailure, UsageError } from '../../sim/cli/io.js';
import { type SmallFixtures, writeSmallFixtures } from './_small-fixtures.js';

// Why: a mistake in `affsim load --target …` must be one line (exit 2, or 3 for a dead service)
// before k6 starts, never thousands of failed requests. A stand-in k6 (never run) lets these run
// without k6 installed.

const dir = mkdtempSync(join(tmpdir(), 'affsim-load-target-'));
const fakeK6 = join(dir, 'k6');
writeFileSync(fakeK6, '#!/bin/sh\nexit 42\n', { mode: 0o755 });
const noK6Part = join(dir, 'no-k6.target.mjs');
writeFileSync(
  noK6Part,
  "export default { name: 'plain', compare: ['status'], sendBatch: async (e) => e.map(() => ({ accepted: true })), readDecision: async () => null };\n",
);
const readOnly = join(dir, 'read-only.target.mjs');
writeFileSync(
  readOnly,
  "export default { name: 'reads', compare: ['status'], sendBatch: async (e) => e.map(() => ({ accepted: true })), readDecision: async () => null, k6: { attribution: { path: (o) => '/o/' + encodeURIComponent(o), decision: (s, b) => (s === 404 ? null : { status: b.status }) } } };\n",
);
const EXAMPLE = 'examples/last-click-service/affsim-target.ts';

let small: SmallFixtures;
beforeAll(async () => {
  small = await writeSmallFixtures();
}, 60_000);

function loadWith(args: string[], fixtures = small.dir) {
  const out = new PassThrough();
  out.resume();
  const env = { PATH: '', K6_BIN: fakeK6, FIXTURES: fixtures, SUMMARY_DIR: dir };
  return load(args, { stdout: out, stderr: out }, env, new EventEmitter());
}

describe('affsim load --target … --target-adapter …, before k6 starts', () => {
  it('--target-adapter without --target is a usage error', async () => {
    await expect(loadWith(['attribution', '--target-adapter', EXAMPLE])).rejects.toThrow(
      /--target-adapter needs --target URL/,
    );
  });

  it('an adapter without a k6 part: the part to add, for its compare list', async () => {
    const attempt = loadWith(['attribution', '--target', 'http://127.0.0.1:9', '--target-adapter', noK6Part]);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(
      /\(plain\) has no k6 part[\s\S]*decision: \(status, body\) =>\s+status === 404 \? null : \{ status: body\.status \}/,
    );
  });

  it('fixtures that are not there: how to write and load them', async () => {
    await expect(
      loadWith(
        ['attribution', '--target', 'http://127.0.0.1:9', '--target-adapter', EXAMPLE],
        join(dir, 'none'),
      ),
    ).rejects.toThrow(
      /with --target the service must already hold them: write them \(affsim fixtures --out .*\) and load their history into it \(affsim check .*history\.jsonl --target http:\/\/127\.0\.0\.1:9 --target-adapter/,
    );
  });

  it('ingest and mixed through an adapter without a write side: the part to add, and what runs instead', async () => {
    const attempt = loadWith([
      'ingest',
      'mixed',
      '--target',
      'http://127.0.0.1:9',
      '--target-adapter',
      readOnly,
    ]);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(
      /affsim load ingest, mixed --target-adapter .*read-only\.target\.mjs: the k6 part of reads has no write side[\s\S]*write: \{\n\s+click: \(e\) => \(\{ method: 'POST'[\s\S]*Or run only the reads: affsim load attribution --target http:\/\/127\.0\.0\.1:9/,
    );
  });

  it('an unreachable service is a target failure (exit 3), not a k6 run', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise((r) => server.close(r));
    const attempt = loadWith(['attribution', '--target', url, '--target-adapter', EXAMPLE]);
    await expect(attempt).rejects.toThrow(TargetFailure);
    await expect(attempt).rejects.toThrow(`--target ${url} is unreachable: ECONNREFUSED`);
  });
});
