import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { AffEvent } from '../../sim/domain/events.js';
import { rowChecksum } from './row-checksum.js';
import { SnapshotFile, type StoredSnapshot } from './snapshot-file.js';

/** The snapshot's file name inside a data directory (snapshot-file.ts), beside the journal. */
export const SNAPSHOT_FILE = 'affsim-snapshot.bin';

/**
 * What survives once an answer has been sent (README "Durability"):
 * - `process`: SQLite `synchronous=NORMAL` in WAL mode. A commit is in the WAL (the OS's page
 *   cache) before the answer leaves, so it survives the process being killed (SIGKILL, a crash, an
 *   OOM kill), not the machine losing power: the last commits may be lost then, never half of one.
 * - `power`: `synchronous=FULL`. Every commit is fsynced before the answer leaves; it survives
 *   power loss too, at the price of one fsync per request (per batch on the batch endpoint).
 */
export type Durability = 'process' | 'power';
export const DURABILITIES: readonly Durability[] = ['process', 'power'];

/** One journal row as read back: its position, its JSON text and the checksum stored with it. */
export interface JournalRow {
  readonly seq: number;
  readonly body: string;
  readonly crc: number;
}

/**
 * The platform's event journal in one SQLite file: every event the engine applied (R17 repeats and
 * id conflicts excluded: they change nothing), in the order it was applied, with a CRC32 of its
 * JSON; a `meta` table (the policy, the engine, the link key); the `tokens` issued to sellers
 * and affiliates (R18), as SHA-256 digests only. Beside the database, the latest snapshot of the
 * engine's state after the rows up to its `seq` (snapshot-file.ts), so a start replays only the
 * rows after it (the rows stay: they are the record). Events are queued by `append` and written by
 * `commit` in one transaction: the server commits once per request, before the answer leaves, so
 * a batch is one transaction (group commit) and a single event is one.
 */
export class EventJournal {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement<[string, number]>;
  readonly #writePending: () => void;
  readonly #snapshot: SnapshotFile;
  readonly #durability: Durability;
  #pending: string[] = [];

  constructor(
    readonly path: string,
    durability: Durability,
  ) {
    this.#db = new Database(path);
    this.#durability = durability;
    this.#snapshot = new SnapshotFile(join(dirname(path), SNAPSHOT_FILE));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, body TEXT NOT NULL, crc INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS tokens (digest TEXT PRIMARY KEY, tenant TEXT NOT NULL);
    `);
    this.#insert = this.#db.prepare('INSERT INTO events (body, crc) VALUES (?, ?)');
    this.#writePending = this.#db.transaction(() => {
      for (const body of this.#pending) this.#insert.run(body, rowChecksum(body));
    });
  }

  meta(key: string): string | undefined {
    const row = this.#db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.#db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  /** The issued tokens' digests with their tenants' JSON, in the order issued. */
  tokens(): { digest: string; tenant: string }[] {
    return this.#db.prepare('SELECT digest, tenant FROM tokens ORDER BY rowid').all() as {
      digest: string;
      tenant: string;
    }[];
  }

  /** Stores an issued token's digest at once (its own transaction): it is handed out right after. */
  keepToken(digest: string, tenant: string): void {
    this.#db.prepare('INSERT OR REPLACE INTO tokens (digest, tenant) VALUES (?, ?)').run(digest, tenant);
  }

  /** Queues an applied event; it is durable only after the next `commit`. */
  append(event: AffEvent): void {
    this.#pending.push(JSON.stringify(event));
  }

  get pending(): number {
    return this.#pending.length;
  }

  /** Writes every queued event in one transaction; throws (and keeps nothing queued) if SQLite fails. */
  commit(): void {
    if (this.#pending.length === 0) return;
    try {
      this.#writePending();
    } finally {
      this.#pending = [];
    }
  }

  /** Every row after `afterSeq` in order, streamed (a million rows are never all in memory as rows). */
  rows(afterSeq = 0): IterableIterator<JournalRow> {
    return this.#db
      .prepare('SELECT seq, body, crc FROM events WHERE seq > ? ORDER BY seq')
      .iterate(afterSeq) as IterableIterator<JournalRow>;
  }

  count(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  /** The seq of the last row (0 when there is none). */
  lastSeq(): number {
    return (this.#db.prepare('SELECT coalesce(max(seq), 0) AS n FROM events').get() as { n: number }).n;
  }

  /** The latest snapshot stored: undefined when there is none, or why its file is not one. */
  latestSnapshot(): ReturnType<SnapshotFile['read']> {
    return this.#snapshot.read();
  }

  /**
   * Stores the snapshot of the state after row `seq`, replacing the last one (atomically: a crash
   * keeps one or the other). Call it with nothing queued (after `commit`), so the state it holds
   * is that of the rows up to `seq`.
   */
  keepSnapshot(snapshot: StoredSnapshot): void {
    if (this.#pending.length > 0) throw new Error('EventJournal.keepSnapshot with events not yet committed');
    this.#snapshot.write(snapshot, this.#durability === 'power');
  }

  /** Deletes the snapshot (one that cannot be restored): a start replays every row. */
  dropSnapshots(): void {
    this.#snapshot.drop();
  }

  /** Deletes the row at `seq` and every later one; returns how many went. */
  cutFrom(seq: number): number {
    return this.#db.prepare('DELETE FROM events WHERE seq >= ?').run(seq).changes;
  }

  /** Closes the database; SQLite checkpoints the WAL into the main file on the last close. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

/**
 * Event ids stored in more than one row of a journal file (read-only; the server is stopped): each
 * such id is an event the platform holds twice. The journal never stores a repeat (R17), so any
 * count above 0 is a bug of the platform, which is what a crash run checks it for.
 */
export function duplicatedIds(path: string): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        "SELECT count(*) AS n FROM (SELECT json_extract(body, '$.id') AS id FROM events GROUP BY id HAVING count(*) > 1)",
      )
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}
