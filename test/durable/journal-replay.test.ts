import { appendFileSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { DataDirError, describeReplay, JOURNAL_FILE } from '../../server/durable/open-data-dir.js';
import { type Capacity, DEFAULT_CAPACITY } from '../../server/engine/capacity.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { durableApp, freshDir, monthEvents, post, type Sent } from './durable-app.js';

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close();
});

function open(dir: string, policy?: Parameters<typeof durableApp>[1], capacity?: Capacity) {
  const platform = durableApp(dir, policy, capacity);
  opened.push(platform.durable.journal);
  return platform;
}

/** Sends the month: its first half as one batch, the rest one by one, with an R17 repeat and an R17 conflict. */
async function sendMonth(app: ReturnType<typeof open>['app']): Promise<{ event: unknown; sent: Sent }[]> {
  const events = monthEvents();
  const half = Math.floor(events.length / 2);
  const log: { event: unknown; sent: Sent }[] = [];
  const batch = await post(app, '/events/batch', { events: events.slice(0, half) });
  const results = (batch.body as { results: { status: number; body: unknown; repeat: boolean }[] }).results;
  results.forEach((r, i) => {
    log.push({ event: events[i], sent: { status: r.status, body: r.body, repeat: r.repeat } });
  });
  for (const event of events.slice(half)) log.push({ event, sent: await post(app, '/events', event) });
  const first = events[0] as Record<string, unknown>;
  log.push({ event: first, sent: await post(app, '/events', first) });
  const conflict = { ...(events[1] as Record<string, unknown>), at: '2030-01-01T00:00:00Z' };
  log.push({ event: conflict, sent: await post(app, '/events', conflict) });
  return log;
}

/** R17 across a restart: the state is rebuilt from the journal, so every id keeps its answer. */
test('a reopened data dir has the same decisions and gives every event its original answer (R17)', async () => {
  const dir = freshDir();
  const before = open(dir);
  const log = await sendMonth(before.app);
  expect(log.at(-2)?.sent.repeat).toBe(true); // the repeat, answered from the ledger
  expect(log.at(-1)?.sent.status).toBe(409); // the conflict (R17)
  const decisions = [...before.durable.engine.decisions()];
  expect(decisions.length).toBeGreaterThan(0);
  const stored = before.durable.journal.count();
  // Every id of the month is stored once; its retried copies, our repeat and our conflict change
  // nothing, so are not stored.
  expect(stored).toBe(new Set(monthEvents().map((e) => e.id)).size);
  before.durable.journal.close();

  const after = open(dir);
  expect(after.durable.report).toMatchObject({ replayed: stored });
  expect(after.durable.report.cut).toBeUndefined();
  expect([...after.durable.engine.decisions()]).toEqual(decisions);
  for (const { event, sent } of log) {
    const again = await post(after.app, '/events', event);
    expect({ status: again.status, body: again.body }).toEqual({ status: sent.status, body: sent.body });
    // Everything that took an id is a repeat now; the conflict is refused again, as before.
    expect(again.repeat).toBe(sent.status !== 409);
  }
  expect(after.durable.journal.count()).toBe(stored);
});

test('the data dir keeps its policy: none asked for uses it, another one is refused naming both', async () => {
  const dir = freshDir();
  const seven = withOverrides(DEFAULT_POLICY, { windowDays: 7 });
  open(dir, seven).durable.journal.close();
  const reopened = open(dir);
  expect(reopened.durable.policy.windowDays).toBe(7);
  reopened.durable.journal.close();
  expect(() => open(dir, DEFAULT_POLICY)).toThrow(DataDirError);
  expect(() => open(dir, DEFAULT_POLICY)).toThrow(/stored: +windowDays=7[\s\S]*requested: +windowDays=15/);
  expect(open(dir, seven).durable.policy.windowDays).toBe(7);
});

test('a data dir that is a file is refused at once (DataDirError, exit 2 from the CLI)', () => {
  const dir = freshDir();
  mkdirSync(dir);
  const file = join(dir, 'plain-file');
  appendFileSync(file, 'x');
  expect(() => open(file)).toThrow(/--data-dir .*plain-file: not a directory/);
});

/** Writes the month, closes, then damages the journal with `damage` (SQL on the closed file). */
async function damagedJournal(
  damage: (db: Database.Database) => void,
): Promise<{ dir: string; stored: number }> {
  const dir = freshDir();
  const before = open(dir);
  await sendMonth(before.app);
  const stored = before.durable.journal.count();
  before.durable.journal.close();
  const db = new Database(join(dir, JOURNAL_FILE));
  damage(db);
  db.close();
  return { dir, stored };
}

test('a garbled last row (its checksum fails) is cut and reported; every row before it is recovered', async () => {
  const { dir, stored } = await damagedJournal((db) =>
    db
      .prepare(
        "UPDATE events SET body = substr(body, 1, 20) || 'x' WHERE seq = (SELECT max(seq) FROM events)",
      )
      .run(),
  );
  const after = open(dir);
  expect(after.durable.report).toMatchObject({
    replayed: stored - 1,
    cut: { atSeq: stored, rows: 1, why: 'its checksum does not match its content' },
  });
  expect(after.durable.journal.count()).toBe(stored - 1);
  expect(describeReplay(dir, after.durable.report).warnings[0]).toMatch(
    new RegExp(
      `journal row ${stored} is damaged \\(its checksum does not match its content\\): cut it and the 0 rows after it`,
    ),
  );
  // The cut event was never in the new state: sent again it is new, not a repeat.
  const last = monthEvents().at(-1);
  expect((await post(after.app, '/events', last)).repeat).toBe(false);
});

test('garbage appended after the last row is cut; a damaged middle row cuts from there, keeping what is before', async () => {
  const appended = await damagedJournal((db) => {
    db.prepare('INSERT INTO events (body, crc) VALUES (?, ?)').run('{"id":"torn","type":"cli', 0);
    db.prepare('INSERT INTO events (body, crc) VALUES (?, ?)').run('\u0000\u0001', 7);
  });
  const a = open(appended.dir);
  expect(a.durable.report).toMatchObject({
    replayed: appended.stored,
    cut: { atSeq: appended.stored + 1, rows: 2 },
  });
  expect(a.durable.journal.count()).toBe(appended.stored);

  const middle = await damagedJournal((db) =>
    db.prepare('UPDATE events SET crc = crc + 1 WHERE seq = 5').run(),
  );
  const m = open(middle.dir);
  expect(m.durable.report).toMatchObject({ replayed: 4, cut: { atSeq: 5, rows: middle.stored - 4 } });
  expect(m.durable.journal.count()).toBe(4);
});

test('a checksummed row that is not JSON of an event is cut too (its content, not its checksum, is wrong)', async () => {
  const { crc32 } = await import('node:zlib');
  const { dir, stored } = await damagedJournal((db) => {
    db.prepare('INSERT INTO events (body, crc) VALUES (?, ?)').run('[1,2', crc32('[1,2'));
  });
  expect(open(dir).durable.report).toMatchObject({
    replayed: stored,
    cut: { atSeq: stored + 1, rows: 1, why: 'its content is not an event' },
  });
});

test('a WAL that ends in a partial frame is reported; SQLite ignores it and every committed event is recovered', async () => {
  const dir = freshDir();
  const live = open(dir);
  await sendMonth(live.app);
  const stored = live.durable.journal.count();
  // A copy of a live data dir: the WAL still holds the commits (no checkpoint yet), then half a frame.
  const copy = freshDir();
  mkdirSync(copy);
  for (const suffix of ['', '-wal'])
    copyFileSync(join(dir, `${JOURNAL_FILE}${suffix}`), join(copy, `${JOURNAL_FILE}${suffix}`));
  expect(existsSync(join(copy, `${JOURNAL_FILE}-wal`))).toBe(true);
  appendFileSync(join(copy, `${JOURNAL_FILE}-wal`), Buffer.alloc(1000, 0xab));
  const reopened = open(copy);
  expect(reopened.durable.report).toMatchObject({ replayed: stored, walPartialBytes: 1000 });
  expect(describeReplay(copy, reopened.durable.report).warnings.join('\n')).toMatch(
    /WAL file ended in a partial frame \(1000 bytes after the last whole frame\).*SQLite ignores it/,
  );
});

/** A commit that fails leaves memory ahead of disk: the server must say so (503), never answer as if stored. */
test('a failing commit answers 503 and refuses every later event until a restart', async () => {
  const dir = freshDir();
  const { app, durable } = open(dir);
  const [first, second] = monthEvents();
  expect((await post(app, '/events', first)).status).toBe(200);
  durable.journal.close(); // the disk goes away under the server
  const failed = await post(app, '/events', second);
  expect(failed.status).toBe(503);
  expect(failed.body).toMatchObject({ type: 'urn:affsim:problem:storage-failed' });
  expect((await post(app, '/events', second)).status).toBe(503);
  const reopened = open(dir);
  expect(reopened.durable.report.replayed).toBe(1);
});

/** Capacity (server/engine/capacity.ts) and the journal: a refusal applies nothing, so stores nothing. */
test('a capacity refusal (507) is not journaled; a journal the limits cannot admit stops the start, cutting nothing', async () => {
  const dir = freshDir();
  const events = monthEvents();
  const stores = events.filter((e) => e.type === 'store.registered').length;
  expect(stores).toBeGreaterThan(1);
  const full = open(dir, undefined, { ...DEFAULT_CAPACITY, stores: 1 });
  const answers: Sent[] = [];
  for (const event of events) answers.push(await post(full.app, '/events', event));
  expect(answers.filter((a) => a.status === 507).length).toBeGreaterThanOrEqual(stores - 1);
  const stored = full.durable.journal.count();
  // Stored: what took an id; not a 507, an R17 conflict (409) or a repeat (the month retries some).
  expect(stored).toBe(answers.filter((a) => a.status !== 507 && a.status !== 409 && !a.repeat).length);
  full.durable.journal.close();

  // The same dir with room: everything refused before is new now, and is stored.
  const roomy = open(dir);
  expect(roomy.durable.report.replayed).toBe(stored);
  for (const event of events) await post(roomy.app, '/events', event);
  const all = roomy.durable.journal.count();
  expect(all).toBe(new Set(events.map((e) => e.id)).size);
  roomy.durable.journal.close();

  // Reopened under the small limit, its journal no longer fits: a usage error naming the limit,
  // and every row still there.
  expect(() => open(dir, undefined, { ...DEFAULT_CAPACITY, stores: 1 })).toThrow(DataDirError);
  expect(() => open(dir, undefined, { ...DEFAULT_CAPACITY, stores: 1 })).toThrow(
    /its journal holds more than the capacity limits admit \(capacity: limit stores=1 .*start with a larger --limit stores=N/,
  );
  const check = open(dir);
  expect(check.durable.report.replayed).toBe(all);
});
