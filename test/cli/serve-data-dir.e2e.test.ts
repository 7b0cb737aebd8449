import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { TEST_INGEST_TOKEN } from '../_test-token.js';
import { freshDir, monthEvents } from '../durable/durable-app.js';
import { affsim, BIN } from './run-cli.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `affsim serve --port 0 --data-dir DIR` as a child process; resolves with its URL and what it printed. */
function serve(
  dir: string,
  args: readonly string[] = [],
): Promise<{ url: string; child: ChildProcess; printed: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (c) => {
    out += c;
  });
  child.stderr?.on('data', (c) => {
    out += c;
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', () => {
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1] as string, child, printed: () => out });
    });
    child.once('exit', (code, signal) => reject(new Error(`serve exited (${signal ?? code}):\n${out}`)));
  });
}

async function postEvent(
  url: string,
  event: unknown,
): Promise<{ status: number; body: unknown; repeat: boolean }> {
  const res = await fetch(`${url}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify(event),
  });
  return {
    status: res.status,
    body: await res.json(),
    repeat: res.headers.get('idempotent-replayed') === 'true',
  };
}

/** The guarantee of `--durability process`: an answer sent is an event stored, whatever kills the process. */
test('a SIGKILLed `affsim serve --data-dir`, restarted on the same dir, still answers every acknowledged event', async () => {
  const dir = freshDir();
  const first = await serve(dir);
  const events = monthEvents();
  const half = Math.floor(events.length / 2);
  const acknowledged: { event: unknown; status: number; body: unknown }[] = [];
  const batch = await fetch(`${first.url}/events/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_INGEST_TOKEN}` },
    body: JSON.stringify({ events: events.slice(0, half) }),
  });
  const { results } = (await batch.json()) as { results: { status: number; body: unknown }[] };
  results.forEach((r, i) => {
    acknowledged.push({ event: events[i], status: r.status, body: r.body });
  });
  for (const event of events.slice(half))
    acknowledged.push({ event, ...(await postEvent(first.url, event)) });
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');

  const second = await serve(dir);
  expect(second.printed()).toMatch(
    new RegExp(`data dir .*: ${new Set(events.map((e) => e.id)).size} events recovered`),
  );
  for (const { event, status, body } of acknowledged) {
    const again = await postEvent(second.url, event);
    expect(again).toEqual({ status, body, repeat: true });
  }
  second.child.kill('SIGTERM');
  expect((await once(second.child, 'exit'))[0]).toBe(0);
});

/** One request to a served platform, as `token` (none: no Authorization header); JSON in and out. */
async function ask(url: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

/** R18 across restarts: a seller's token, an affiliate's link, are the data dir's, like its events. */
test("a seller's and an affiliate's tokens and the affiliate's links still work after a SIGKILL and restart", async () => {
  const dir = freshDir();
  const first = await serve(dir);
  const at = '2026-01-01T00:00:00Z';
  const products = [{ productId: 'p1', categoryId: 'c1' }];
  const seller = await ask(first.url, 'POST', '/sellers/s1/registration', TEST_INGEST_TOKEN, {
    id: 'r1',
    at,
    products,
  });
  const affiliate = await ask(first.url, 'POST', '/affiliates/a1/registration', TEST_INGEST_TOKEN, {
    id: 'r2',
    at,
    channel: 'sns',
  });
  expect([seller.status, affiliate.status]).toEqual([200, 200]);
  const link = await ask(first.url, 'POST', '/affiliates/a1/links', affiliate.body.token, {
    storeId: 's1',
    productId: 'p1',
    channel: 'sns',
  });
  expect(link.status).toBe(201);
  const dashboard = (url: string, token: string) =>
    ask(url, 'GET', '/stores/s1/reports/dashboard?from=2026-01-01&to=2026-01-31', token);
  expect((await dashboard(first.url, seller.body.token)).status).toBe(200);
  expect(first.printed()).toContain('tokens and the link key kept in the data dir');
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');

  const second = await serve(dir);
  expect((await dashboard(second.url, seller.body.token)).status).toBe(200);
  // Still scoped: the seller's token is not another store's, and an unknown token is not one.
  expect((await ask(second.url, 'GET', '/stores/s2/reports/dashboard', seller.body.token)).status).toBe(404);
  expect((await dashboard(second.url, 'afs_not-a-token-of-this-platform')).status).toBe(401);
  expect((await ask(second.url, 'GET', '/affiliates/a1/reports/links', affiliate.body.token)).status).toBe(
    200,
  );
  // The link was signed with the data dir's key: a buyer following it is still sent on.
  expect((await ask(second.url, 'GET', `/r/${link.body.linkId}`)).status).toBe(302);
  second.child.kill('SIGTERM');
  expect((await once(second.child, 'exit'))[0]).toBe(0);
});

test('--data-dir that is not a directory, or that holds another policy: exit 2 at once, one line, no stack', async () => {
  const dir = freshDir();
  mkdirSync(dir);
  appendFileSync(join(dir, 'file'), 'x');
  const notDir = await affsim('serve', '--port', '0', '--data-dir', join(dir, 'file'));
  expect(notDir.code).toBe(2);
  expect(notDir.stderr).toMatch(/--data-dir .*file: exists and is not a directory/);
  expect(notDir.stderr).not.toMatch(/\n\s+at /);

  const data = join(dir, 'data');
  const server = await serve(data); // stores the default policy
  server.child.kill('SIGKILL');
  await once(server.child, 'exit');
  const other = await affsim('serve', '--port', '0', '--data-dir', data, '--policy', 'windowDays=7');
  expect(other.code).toBe(2);
  expect(other.stderr).toMatch(/stored: +windowDays=15[\s\S]*requested: +windowDays=7/);

  // A data dir keeps its pair expiry lag (server/README "Pair expiry"): another one is refused.
  expect(server.printed()).toMatch(/pair expiry lag: 7d/);
  const lag = await affsim('serve', '--port', '0', '--data-dir', data, '--pair-expiry-lag', '1d');
  expect(lag.code).toBe(2);
  expect(lag.stderr).toMatch(/holds events taken with --pair-expiry-lag 7d, not 1d/);
  const badLag = await affsim('serve', '--port', '0', '--pair-expiry-lag', '3 weeks');
  expect(badLag).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--pair-expiry-lag 3 weeks: expected a duration/),
  });

  const durability = await affsim('serve', '--durability', 'power');
  expect(durability).toMatchObject({ code: 2, stderr: expect.stringMatching(/only with --data-dir/) });
  const help = await affsim('serve', '--help');
  expect(help.stdout).toMatch(/--data-dir DIR/);
  expect(help.stdout).toMatch(/--durability/);
  expect(help.stdout).toMatch(/--snapshot-every N +with --data-dir: snapshot the state/);
  const snapshotAlone = await affsim('serve', '--snapshot-every', '10');
  expect(snapshotAlone).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/--snapshot-every 10: only with --data-dir/),
  });
  const badEvery = await affsim('serve', '--port', '0', '--data-dir', data, '--snapshot-every', 'often');
  expect(badEvery).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(
      /--snapshot-every often: expected a number of events \(like 250k or 1M\), or 0 or off/,
    ),
  });
  expect(badEvery.stderr).not.toMatch(/\n\s+at /);
});

/** Snapshots (server/README "Snapshots"): a restart restores the latest and replays only the rows after it. */
test('`serve --data-dir --snapshot-every N`: after a SIGKILL the restart replays only the rows after the latest snapshot; a graceful stop snapshots the rest', async () => {
  const dir = freshDir();
  const args = ['--snapshot-every', '10'];
  const first = await serve(dir, args);
  const events = monthEvents();
  const acknowledged: { event: unknown; status: number; body: unknown }[] = [];
  for (const event of events) acknowledged.push({ event, ...(await postEvent(first.url, event)) });
  const stored = new Set(events.map((e) => e.id)).size;
  const lastSnapshot = Math.floor(stored / 10) * 10;
  const written = await (await fetch(`${first.url}/metrics`)).text();
  expect(written).toMatch(new RegExp(`^affsim_snapshots_written ${Math.floor(stored / 10)}$`, 'm'));
  expect(written).toMatch(/^affsim_snapshot_last_write_seconds \d/m);
  expect(first.printed()).toMatch(
    new RegExp(`snapshot after row ${lastSnapshot} written \\([\\d.]+ MiB in \\d+ ms\\)`),
  );
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');

  const second = await serve(dir, args);
  expect(second.printed()).toMatch(
    new RegExp(
      `state restored in \\d+ ms: the snapshot after row ${lastSnapshot} .*, ${stored - lastSnapshot} events after it replayed`,
    ),
  );
  for (const { event, status, body } of acknowledged) {
    expect(await postEvent(second.url, event)).toEqual({ status, body, repeat: true });
  }
  // /metrics: the snapshot restored, and what a start would replay now (repeats store nothing).
  const metrics = await (await fetch(`${second.url}/metrics`)).text();
  expect(metrics).toMatch(new RegExp(`^affsim_snapshot_seq ${lastSnapshot}$`, 'm'));
  expect(metrics).toMatch(new RegExp(`^affsim_snapshot_rows_behind ${stored - lastSnapshot}$`, 'm'));
  expect(metrics).toMatch(/^affsim_snapshots_written 0$/m);
  expect(metrics).toMatch(/^affsim_snapshot_bytes [1-9]\d*$/m);
  second.child.kill('SIGTERM');
  expect((await once(second.child, 'exit'))[0]).toBe(0);
  expect(second.printed().match(new RegExp(`snapshot after row ${stored} written`, 'g'))).toHaveLength(1);

  const third = await serve(dir, args);
  expect(third.printed()).toMatch(
    new RegExp(`the snapshot after row ${stored} .*, 0 events after it replayed`),
  );
  for (const { event, status, body } of acknowledged.slice(0, 5)) {
    expect(await postEvent(third.url, event)).toEqual({ status, body, repeat: true });
  }
});

/**
 * `affsim serve` as the user `uid` (when this test runs as root, which may write anywhere, the
 * child runs as nobody, so a mode-555 directory is unwritable for it as for any user).
 */
function serveAs(uid: number | undefined, dir: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--data-dir', dir],
      uid === undefined ? {} : { uid, gid: uid },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
    // A server that started was given a directory it could use: stop it, the test then fails on code 0.
    child.stdout?.on('data', (c: Buffer) => {
      if (c.toString().includes('listening on')) child.kill('SIGTERM');
    });
  });
}

const NOBODY = 65_534;

test('--data-dir unwritable, a file, through a file, in /proc or /sys: exit 2 at once, one line naming it, no stack', async () => {
  const root = mkdtempSync(join(tmpdir(), 'affsim-datadir-'));
  chmodSync(root, 0o755);
  const readOnly = join(root, 'read-only');
  mkdirSync(readOnly, { mode: 0o555 });
  chmodSync(readOnly, 0o555);
  const file = join(root, 'file');
  appendFileSync(file, 'x');
  const uid = process.getuid?.() === 0 ? NOBODY : undefined;
  const cases: [string, RegExp][] = [
    [readOnly, /cannot write in the directory: permission denied/],
    [join(readOnly, 'sub'), /cannot create the directory: permission denied/],
    [file, /exists and is not a directory/],
    [join(file, 'sub'), /a part of the path is a file, not a directory/],
    ['/proc/x', /\/proc is a kernel file system/],
    ['/sys/kernel', /\/sys is a kernel file system/],
    ['/dev/null', /exists and is not a directory/],
  ];
  for (const [dir, reason] of cases) {
    const { code, stderr } = await serveAs(uid, dir);
    expect({ dir, code }).toEqual({ dir, code: 2 });
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`affsim serve: --data-dir ${dir}: `);
    expect(lines[0]).toMatch(reason);
    expect(stderr).not.toMatch(/\n\s+at |unexpected failure/);
  }
});
