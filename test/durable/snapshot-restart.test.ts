import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { SNAPSHOT_FILE } from '../../server/durable/journal.js';
import { DataDirError, describeReplay, JOURNAL_FILE } from '../../server/durable/open-data-dir.js';
import { encodeSnapshot } from '../../server/durable/snapshot-codec.js';
import { SnapshotFile } from '../../server/durable/snapshot-file.js';
import { type Capacity, DEFAULT_CAPACITY } from '../../server/engine/capacity.js';
import type { Answer } from '../../server/engine/outcome.js';
import type { ReportingEngine } from '../../server/reports/reporting-engine.js';
import { toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { AFFILIATE_REPORTS, runReport, STORE_REPORTS } from '../../sim/domain/reports/index.js';
import { benchEvents } from '../bench/bench-history.js';
import { durableApp, freshDir } from './durable-app.js';

/**
 * Why: a data dir restarts from its latest snapshot and replays only the journal rows after it
 * (server/durable/open-data-dir.ts). The restart must be invisible (every answer, R17 repeat,
 * decision, stat and report as before), a snapshot must never cost an event (a damaged, foreign
 * or stale one is dropped and every row replayed), and the torn-tail cut still applies after it.
 */
const EVENTS: readonly AffEvent[] = [...benchEvents(4000, 42)].sort((a, b) => a.at - b.at);
/** Not a divisor of the event count: the last snapshot leaves rows after it. */
const EVERY = 1500;

const opened: { close(): void }[] = [];
afterEach(() => {
  for (const journal of opened.splice(0)) journal.close();
});

function open(dir: string, snapshotEvery = EVERY, capacity?: Capacity) {
  const platform = durableApp(dir, DEFAULT_POLICY, capacity, 'process', undefined, snapshotEvery);
  opened.push(platform.durable.journal);
  return platform.durable;
}

type Durable = ReturnType<typeof open>;

/** Submits the events 100 a commit (a batch request each), as the server does; their answers. */
function submitAll(durable: Durable, events: readonly AffEvent[]): Answer[] {
  const answers: Answer[] = [];
  for (let i = 0; i < events.length; i += 100) {
    for (const event of events.slice(i, i + 100)) answers.push(durable.engine.submit(event));
    durable.engine.commit();
  }
  return answers;
}

/** Everything a user can read: decisions, stats and every report of every store and affiliate. */
function observed(durable: Durable) {
  const engine = durable.engine as unknown as ReportingEngine;
  const ids = (type: string, key: 'storeId' | 'affiliateId'): string[] => [
    ...new Set(
      EVENTS.filter((e) => e.type === type).map(
        (e) => (e as unknown as Record<string, string>)[key] as string,
      ),
    ),
  ];
  return {
    decisions: [...engine.decisions()].map(toDecisionJson),
    stats: engine.stats(),
    stores: ids('store.registered', 'storeId').map((id) =>
      STORE_REPORTS.map((r) => runReport(engine.reports, 'store', id, r, {})),
    ),
    affiliates: ids('affiliate.registered', 'affiliateId').map((id) =>
      AFFILIATE_REPORTS.map((r) => runReport(engine.reports, 'affiliate', id, r, {})),
    ),
  };
}

function withDb(dir: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dir, JOURNAL_FILE));
  try {
    change(db);
  } finally {
    db.close();
  }
}

const snapshotPath = (dir: string) => join(dir, SNAPSHOT_FILE);

/** The rows the stored snapshot covers, as [seq]; [] when there is none. */
const snapshotRows = (dir: string): number[] => {
  const read = new SnapshotFile(snapshotPath(dir)).read();
  if (read !== undefined && !read.ok) throw new Error(read.why);
  return read === undefined ? [] : [read.stored.seq];
};

/** A data dir fed every event (a snapshot each EVERY events), closed without a graceful snapshot. */
function fedDir(): { dir: string; answers: Answer[]; seen: ReturnType<typeof observed>; stored: number } {
  const dir = freshDir();
  const durable = open(dir);
  const answers = submitAll(durable, EVENTS);
  const seen = observed(durable);
  const stored = durable.journal.count();
  durable.journal.close();
  return { dir, answers, seen, stored };
}

describe('a data dir restarts from its latest snapshot', () => {
  test('only the rows after the snapshot are replayed; answers, repeats, decisions and reports are unchanged', () => {
    const { dir, answers, seen, stored } = fedDir();
    // One snapshot is kept (each new one replaces the last), at a commit that passed EVERY rows.
    const [seq] = snapshotRows(dir);
    expect(seq).toBeGreaterThan(stored - EVERY - 100);
    expect(existsSync(`${snapshotPath(dir)}.tmp`)).toBe(false);

    const after = open(dir);
    expect(after.report.snapshot?.seq).toBe(seq);
    expect(after.report.replayed).toBe(stored - (seq as number));
    expect(after.report.cut).toBeUndefined();
    expect(describeReplay(dir, after.report).info).toMatch(
      new RegExp(
        `state restored in \\d+ ms: the snapshot after row ${seq} \\([\\d.]+ MiB, \\d+ ms\\), ${stored - (seq as number)} events after it replayed`,
      ),
    );
    expect(observed(after)).toEqual(seen);
    // R17 across the restart: every event sent again gets its original answer, as a repeat.
    EVENTS.forEach((event, i) => {
      const again = after.engine.submit(event);
      expect(again.outcome).toEqual(answers[i]?.outcome);
      expect(again.repeat).toBe(true);
    });
    after.engine.commit();
    expect(after.journal.count()).toBe(stored);
  });

  test('a graceful stop snapshots what is left: the next start replays nothing', () => {
    const { dir, seen, stored } = fedDir();
    const durable = open(dir);
    expect(durable.engine.snapshotNow()).toMatchObject({ seq: stored });
    // Nothing new since: no second write.
    expect(durable.engine.snapshotNow()).toBeUndefined();
    durable.journal.close();
    const after = open(dir);
    expect(after.report).toMatchObject({ replayed: 0, snapshot: { seq: stored } });
    expect(observed(after)).toEqual(seen);
  });

  test('a damaged snapshot is deleted and reported; every row is replayed instead and nothing is lost', () => {
    const { dir, seen, stored } = fedDir();
    const file = readFileSync(snapshotPath(dir));
    const middle = Math.floor(file.length / 2);
    file[middle] = (file[middle] as number) ^ 0xff;
    writeFileSync(snapshotPath(dir), file);
    const after = open(dir);
    expect(after.report.snapshot).toBeUndefined();
    expect(after.report.replayed).toBe(stored);
    expect(after.report.snapshotRejected).toMatch(
      /cannot be restored: its digest does not match its content/,
    );
    expect(describeReplay(dir, after.report).warnings[0]).toMatch(
      /deleted it and replayed every row instead \(nothing is lost/,
    );
    expect(observed(after)).toEqual(seen);
    expect(existsSync(snapshotPath(dir))).toBe(false);
  });

  test('a snapshot file cut short, or not a snapshot file at all, is not restored: every row is replayed', () => {
    const { dir, seen, stored } = fedDir();
    const file = readFileSync(snapshotPath(dir));
    writeFileSync(snapshotPath(dir), file.subarray(0, file.length - 1));
    const cut = open(dir);
    expect(cut.report).toMatchObject({ replayed: stored });
    expect(cut.report.snapshotRejected).toMatch(
      /holds \d+ bytes of state, not the \d+ its header says \(cut short\)/,
    );
    expect(observed(cut)).toEqual(seen);
    cut.journal.close();
    writeFileSync(snapshotPath(dir), 'hello');
    expect(open(dir).report.snapshotRejected).toMatch(/is not an affsim snapshot file/);
  });

  test('a snapshot of another affsim version (state layout) is not restored: every row is replayed', () => {
    const { dir, seen, stored } = fedDir();
    const durable = open(dir, 0);
    const taken = (durable.engine.snapshot as () => object)();
    durable.journal.close();
    const foreign = encodeSnapshot({ ...taken, layout: 999 } as never);
    new SnapshotFile(snapshotPath(dir)).write({ seq: stored, ...foreign }, false);
    const after = open(dir);
    expect(after.report).toMatchObject({ replayed: stored });
    expect(after.report.snapshotRejected).toMatch(/another version of affsim \(state layout 999/);
    expect(observed(after)).toEqual(seen);
  });

  test('a snapshot past the last row (rows it covers are gone) is not restored', () => {
    const { dir, stored } = fedDir();
    const [seq] = snapshotRows(dir);
    withDb(dir, (db) => db.prepare('DELETE FROM events WHERE seq > ?').run((seq as number) - 10));
    const after = open(dir);
    expect(after.report.snapshot).toBeUndefined();
    expect(after.report.snapshotRejected).toMatch(
      new RegExp(`after row ${seq} is past the journal's last row`),
    );
    expect(after.report.replayed).toBe((seq as number) - 10);
    expect(after.report.replayed).toBeLessThan(stored);
  });

  test('a torn tail after the snapshot is still cut at the last whole row; the snapshot is used', () => {
    const { dir, stored } = fedDir();
    const [seq] = snapshotRows(dir);
    let lastId = '';
    withDb(dir, (db) => {
      const row = db.prepare('SELECT body FROM events WHERE seq = ?').get(stored) as { body: string };
      lastId = (JSON.parse(row.body) as AffEvent).id;
      db.prepare("UPDATE events SET body = substr(body, 1, 20) || 'x' WHERE seq = ?").run(stored);
    });
    const after = open(dir);
    expect(after.report).toMatchObject({
      snapshot: { seq },
      replayed: stored - (seq as number) - 1,
      cut: { atSeq: stored, rows: 1, why: 'its checksum does not match its content' },
    });
    // The cut event is not in the state: sent again it is new, not a repeat.
    const lastStored = EVENTS.find((e) => e.id === lastId) as AffEvent;
    expect(after.engine.submit(lastStored).repeat).toBe(false);
  });

  test('after a failed commit no snapshot is written: the memory is ahead of the journal', () => {
    const dir = freshDir();
    const durable = open(dir);
    submitAll(durable, EVENTS.slice(0, 500));
    durable.journal.close(); // the disk goes away under the server
    expect(() => durable.engine.submit(EVENTS[600] as AffEvent)).not.toThrow();
    expect(() => durable.engine.commit()).toThrow(/the event journal .* failed/);
    expect(durable.engine.snapshotNow()).toBeUndefined();
    expect(snapshotRows(dir)).toEqual([]);
  });

  test('a snapshot that cannot be written is reported and loses nothing: the events are committed, the next start replays them', () => {
    const dir = freshDir();
    const reports: unknown[] = [];
    const durable = durableApp(dir, DEFAULT_POLICY, undefined, 'process', undefined, {
      every: EVERY,
      report: (outcome) => reports.push(outcome),
    }).durable;
    opened.push(durable.journal);
    mkdirSync(snapshotPath(dir)); // the snapshot's path is taken: the rename over it fails
    submitAll(durable, EVENTS.slice(0, 2000));
    expect(durable.engine.snapshotStatus()).toMatchObject({ written: 0, failed: 1, since: 500 });
    expect(reports).toEqual([{ failed: expect.stringMatching(/EISDIR|directory/) }]);
    expect(durable.journal.count()).toBe(2000);
    durable.journal.close();
    rmSync(snapshotPath(dir), { recursive: true });
    expect(open(dir).report).toMatchObject({ replayed: 2000 });
  });

  test('a full replay that cuts rows drops a stored snapshot (it may cover rows the cut removed)', () => {
    const { dir } = fedDir();
    const [seq] = snapshotRows(dir);
    withDb(dir, (db) => db.prepare('UPDATE events SET crc = crc + 1 WHERE seq = ?').run((seq as number) - 5));
    const off = open(dir, 0);
    expect(off.report.cut).toMatchObject({ atSeq: (seq as number) - 5 });
    expect(snapshotRows(dir)).toEqual([]);
  });

  test('--snapshot-every 0: none is written, and a stored one is not read (every row is replayed)', () => {
    const { dir, stored } = fedDir();
    const off = open(dir, 0);
    expect(off.report).toMatchObject({ replayed: stored });
    expect(off.report.snapshot).toBeUndefined();
    expect(off.engine.snapshotNow()).toBeUndefined();
    off.journal.close();
    const fresh = freshDir();
    const none = open(fresh, 0);
    submitAll(none, EVENTS.slice(0, 2500));
    expect(none.engine.snapshotNow()).toBeUndefined();
    expect(snapshotRows(fresh)).toEqual([]);
  });

  test('a --limit smaller than what the snapshot holds stops the start, naming the limit (as a replay does)', () => {
    const { dir } = fedDir();
    expect(() => open(dir, EVERY, { ...DEFAULT_CAPACITY, events: 100 })).toThrow(DataDirError);
    expect(() => open(dir, EVERY, { ...DEFAULT_CAPACITY, events: 100 })).toThrow(
      /its snapshot holds \d+ events, more than --limit events=100 admits: start with a larger --limit events=N/,
    );
  });
});
