import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run as load } from '../../sim/cli/commands/load.js';

// Why: a load run that silently did nothing would read as a pass; without k6 it must say so and fail.

function capture() {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (c) => {
    stdout += c;
  });
  err.on('data', (c) => {
    stderr += c;
  });
  return { io: { stdout: out, stderr: err }, text: () => ({ stdout, stderr }) };
}

const emptyDir = mkdtempSync(join(tmpdir(), 'affsim-no-k6-'));

function expectInstallHelp(stderr: string) {
  expect(stderr).toContain('No load test was run');
  expect(stderr).toContain('K6_BIN');
  expect(stderr).toContain('https://grafana.com/docs/k6/latest/set-up/install-k6/');
  expect(stderr).toContain('sudo apt-get install k6');
  expect(stderr).toContain('grafana/k6');
}

describe('affsim load (npm run load) without k6', () => {
  it('fails with install instructions when K6_BIN names a missing file', async () => {
    const { io, text } = capture();
    const env = { PATH: emptyDir, K6_BIN: join(emptyDir, 'k6-missing') };
    const code = await load([], io, env, new EventEmitter());
    expect(code).not.toBe(0);
    expect(text().stderr).toContain(`K6_BIN=${join(emptyDir, 'k6-missing')} is not an executable file`);
    expectInstallHelp(text().stderr);
    expect(text().stdout).not.toContain('=== k6');
  });

  it('fails with install instructions when k6 is not on PATH', async () => {
    const { io, text } = capture();
    const code = await load(['attribution'], io, { PATH: emptyDir }, new EventEmitter());
    expect(code).toBe(2);
    expect(text().stderr).toContain('there is no k6 on PATH');
    expectInstallHelp(text().stderr);
  });

  it('does not take a file that is not executable for k6', async () => {
    const notExecutable = join(emptyDir, 'k6');
    writeFileSync(notExecutable, '#!/bin/sh\n', { mode: 0o644 });
    const { io, text } = capture();
    const code = await load([], io, { PATH: emptyDir }, new EventEmitter());
    expect(code).toBe(2);
    expectInstallHelp(text().stderr);
  });

  it('refuses an unknown script name as a usage error', async () => {
    const { io } = capture();
    await expect(load(['checkout'], io, { PATH: emptyDir }, new EventEmitter())).rejects.toThrow(
      /unknown script "checkout": expected attribution, ingest, mixed/,
    );
  });
});
