import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { freshDir } from '../durable/durable-app.js';
import { affsim, BIN } from './run-cli.js';

const SMALL = ['baseline', '--buyers', '30', '--days', '3', '--workers', '2'];
const TINY = ['baseline', '--buyers', '10', '--days', '2', '--workers', '1'];

function crashCounts(out: string) {
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
  return { crash: result.faults.crash, violations: result.violations.length };
}

/** Issue 14: the durable platform, killed with SIGKILL under load and restarted, keeps every acknowledged event. */
test('a crash run of affsim serve --data-dir: several kills, 0 lost, 0 duplicated, 0 violations', async () => {
  const out = freshDir();
  const run = await affsim('run', ...SMALL, '--crash-every', '40', '--out', out);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { crash, violations } = crashCounts(out);
  expect(violations).toBe(0);
  // The kills during the run, and the last one before the check.
  expect(crash.kills).toBeGreaterThanOrEqual(3);
  expect(crash).toMatchObject({ everyN: 40, recovered: crash.kills, lost: 0, duplicated: 0 });
  expect(crash.acknowledged).toBeGreaterThan(1000);
  expect(run.stdout).toMatch(/crashes +\d+ kills, \d+ recovered .* 0 lost, 0 duplicated/);
});

/** The check can fail: a platform that keeps nothing (no --data-dir) loses what it acknowledged, and the run says so. */
test('a crash run of a service without storage (--target-cmd) counts its lost events and exits 1', async () => {
  const out = freshDir();
  const run = await affsim(
    'run',
    ...TINY,
    '--crash-every',
    '100000',
    '--target-cmd',
    `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} serve --port {port}`,
    '--out',
    out,
  );
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(/acknowledged events were lost or duplicated/);
  const { crash } = crashCounts(out);
  // Only the last kill: every event it had acknowledged is gone after the restart.
  expect(crash).toMatchObject({ kills: 1, lost: crash.acknowledged });
  expect(crash.duplicated).toBeUndefined();
});

/** The user's-service path on a service that stores its events: affsim serve --data-dir started by --target-cmd. */
test('a crash run through --target-cmd of `affsim serve --data-dir`: a few kills, 0 lost, 0 violations', async () => {
  const out = freshDir();
  const data = freshDir();
  const run = await affsim(
    'run',
    ...SMALL,
    '--crash-every',
    '80',
    '--target-cmd',
    `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} serve --port {port} --data-dir ${JSON.stringify(data)}`,
    '--out',
    out,
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { crash, violations } = crashCounts(out);
  expect(violations).toBe(0);
  expect(crash.kills).toBeGreaterThanOrEqual(2);
  expect(crash).toMatchObject({ recovered: crash.kills, lost: 0 });
  expect(crash.acknowledged).toBeGreaterThan(500);
  // Not affsim's own journal: a doubled event would show as a wrong decision, not as this count.
  expect(crash.duplicated).toBeUndefined();
});

test('--target-cmd without --crash-every: exit 2', async () => {
  const alone = await affsim('run', '--target-cmd', 'true');
  expect(alone.code).toBe(2);
  expect(alone.stderr).toMatch(/--target-cmd needs --crash-every/);
});
