import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { durationText } from '../../sim/domain/duration-text.js';
import type { AffEvent } from '../../sim/domain/events.js';
import {
  DEFAULT_POLICY,
  describePolicy,
  type Policy,
  policyOverridesSchema,
  withOverrides,
} from '../../sim/domain/policy.js';
import { capacityMessage } from '../engine/capacity.js';
import type { Engine } from '../engine/engine.js';
import { withReports } from '../reports/reporting-engine.js';
import { type Durability, EventJournal } from './journal.js';
import { type JournaledEngine, journaledEngine } from './journaled-engine.js';
import { rowChecksum } from './row-checksum.js';
import type { SnapshotWritten } from './snapshot-writer.js';
import { type SnapshotOptions, startingState } from './starting-state.js';
import { inspectWalTail } from './wal-tail.js';

/** The database's file name inside a data directory; SQLite keeps `-wal` and `-shm` beside it. */
export const JOURNAL_FILE = 'affsim-events.db';

/** A data directory the server cannot use, or one that holds another policy or engine: the user's to fix. */
export class DataDirError extends Error {}

export interface DataDirOptions {
  readonly dir: string;
  readonly durability: Durability;
  /** The policy asked for on the command line; `undefined`: none was, so the stored one (or the default) is used. */
  readonly policy: Policy | undefined;
  /** Names the engine (`real`, or `mutant NAME`): a journal is replayed only through the engine that wrote it. */
  readonly engineName: string;
  /**
   * The pair expiry lag asked for (`--pair-expiry-lag`; undefined: off) and whether it was asked
   * for explicitly. A data dir keeps the lag its events were taken under, as it keeps the policy:
   * replayed under a shorter one, an event taken then could be refused now (a late refusal).
   */
  readonly pairExpiry: { readonly lagMs: number | undefined; readonly asked: boolean };
  readonly createEngine: (policy: Policy, pairExpiryLagMs: number | undefined) => Engine;
  /**
   * Snapshots (`--snapshot-every`): a start restores the latest one through `restore` and replays
   * only the rows after it, and the engine writes one on `schedule`. Absent (a mutant, whose state
   * a snapshot does not cover) or with `schedule.every` 0: every start replays every row.
   */
  readonly snapshots?: SnapshotOptions;
}

export interface ReplayReport {
  /** Rows applied on start: every row, or those after the snapshot restored. */
  readonly replayed: number;
  /** The whole start: snapshot restored and rows replayed. */
  readonly ms: number;
  /** The snapshot the state was restored from: after which row, its size, how long restoring it took. */
  readonly snapshot?: { readonly seq: number; readonly bytes: number; readonly ms: number };
  /** A snapshot that could not be restored (and was deleted), and why: every row was replayed instead. */
  readonly snapshotRejected?: string;
  /** The rows cut at the first bad one (a failed checksum, or not an event), if any. */
  readonly cut?: { readonly atSeq: number; readonly rows: number; readonly why: string };
  /** A WAL file that ended in a partial frame before SQLite opened it. */
  readonly walPartialBytes?: number;
}

export interface DurablePlatform {
  readonly engine: JournaledEngine;
  readonly journal: EventJournal;
  readonly policy: Policy;
  /** The pair expiry lag the engine runs with (the stored one); undefined: off. */
  readonly pairExpiryLagMs: number | undefined;
  readonly report: ReplayReport;
}

/**
 * Opens (creating it if needed) the journal in `dir` and rebuilds the engine from it: the latest
 * snapshot restored, if there is one it can use, then every row after it in order, exactly as it
 * was first applied, so decisions and R17 answers are the ones given before the restart. At the
 * first row that fails its checksum or is not an event, that row and every later one are deleted
 * (nothing before it is lost) and the report says so. A snapshot that is damaged, of another
 * version, or past the journal's last row is deleted and reported, and every row is replayed: a
 * snapshot only ever saves time, the rows are the record.
 */
export function openDataDir(options: DataDirOptions): DurablePlatform {
  const path = journalPath(options.dir);
  const wal = inspectWalTail(`${path}-wal`);
  let journal: EventJournal;
  try {
    journal = new EventJournal(path, options.durability);
  } catch (e) {
    throw new DataDirError(`--data-dir ${options.dir}: cannot open ${path}: ${(e as Error).message}`);
  }
  try {
    const policy = settledPolicy(journal, options);
    settleEngineName(journal, options);
    const pairExpiryLagMs = settledPairExpiry(journal, options);
    const started = performance.now();
    const fresh = () => withReports(options.createEngine(policy, pairExpiryLagMs));
    const start = startingState(journal, options.snapshots, fresh, policy, pairExpiryLagMs);
    if ('pastLimit' in start) {
      const { limit, used, max } = start.pastLimit;
      throw new DataDirError(
        `--data-dir ${options.dir}: its snapshot holds ${used} ${limit}, more than --limit ${limit}=${max} admits: start with a larger --limit ${limit}=N`,
      );
    }
    // The starting engine carries its report book, so the replay feeds it too.
    const { replayed, cut } = replay(journal, start.engine, options.dir, start.afterSeq);
    // A full replay (snapshots off, or the snapshot refused) that cut rows may have cut rows a
    // stored snapshot covers; the rows written next reuse their numbers, so it would no longer be
    // the state of the rows up to its seq. Used, a snapshot is always before the cut.
    if (cut !== undefined && start.snapshot === undefined) journal.dropSnapshots();
    const report: ReplayReport = {
      replayed,
      ms: performance.now() - started,
      ...(start.snapshot ? { snapshot: start.snapshot } : {}),
      ...(start.rejected ? { snapshotRejected: start.rejected } : {}),
      ...(cut ? { cut } : {}),
      ...(wal && wal.partialBytes > 0 ? { walPartialBytes: wal.partialBytes } : {}),
    };
    const engine = journaledEngine(start.engine, journal, {
      schedule: options.snapshots?.schedule,
      notSnapshotted: replayed,
      restored: start.snapshot,
    });
    return { engine, journal, policy, pairExpiryLagMs, report };
  } catch (e) {
    journal.close();
    throw e;
  }
}

/** The data directory as a directory, created if absent; its journal's path. */
function journalPath(dir: string): string {
  let existing: ReturnType<typeof statSync>;
  try {
    existing = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    // ENOTDIR (a part of the path is a file), EACCES (a parent the user cannot search), ELOOP…
    throw new DataDirError(`--data-dir ${dir}: not a usable path: ${(e as Error).message}`);
  }
  if (existing !== undefined && !existing.isDirectory()) {
    throw new DataDirError(`--data-dir ${dir}: not a directory`);
  }
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new DataDirError(`--data-dir ${dir}: not a writable directory: ${(e as Error).message}`);
  }
  return join(dir, JOURNAL_FILE);
}

/** The stored policy wins when none is asked for; one asked for must equal it (its events were decided under it). */
function settledPolicy(journal: EventJournal, options: DataDirOptions): Policy {
  const stored = journal.meta('policy');
  if (stored === undefined) {
    const policy = options.policy ?? DEFAULT_POLICY;
    journal.setMeta('policy', JSON.stringify(policy));
    return policy;
  }
  const parsed = policyOverridesSchema.safeParse(safeJson(stored));
  if (!parsed.success) {
    throw new DataDirError(`--data-dir ${options.dir}: the stored policy is unreadable (${stored})`);
  }
  const policy = withOverrides(DEFAULT_POLICY, parsed.data);
  if (options.policy !== undefined && describePolicy(options.policy) !== describePolicy(policy)) {
    throw new DataDirError(
      `--data-dir ${options.dir} holds events decided under another policy:\n  stored:    ${describePolicy(policy)}\n  requested: ${describePolicy(options.policy)}\nstart without --policy to use the stored one, or use another --data-dir`,
    );
  }
  return policy;
}

/** Stored as ms, or `off`; a dir from before pair expiry has none and takes the one asked for. */
function settledPairExpiry(journal: EventJournal, options: DataDirOptions): number | undefined {
  const asked = options.pairExpiry.lagMs;
  const words = (lag: number | undefined) => (lag === undefined ? 'off' : durationText(lag));
  const stored = journal.meta('pairExpiryLagMs');
  if (stored === undefined) {
    journal.setMeta('pairExpiryLagMs', asked === undefined ? 'off' : String(asked));
    return asked;
  }
  const lagMs = stored === 'off' ? undefined : Number(stored);
  if (lagMs !== undefined && !(Number.isSafeInteger(lagMs) && lagMs >= 0)) {
    throw new DataDirError(`--data-dir ${options.dir}: the stored pair expiry lag is unreadable (${stored})`);
  }
  if (options.pairExpiry.asked && lagMs !== asked) {
    throw new DataDirError(
      `--data-dir ${options.dir} holds events taken with --pair-expiry-lag ${words(lagMs)}, not ${words(asked)}: replayed under another lag its answers could differ; start without --pair-expiry-lag to use the stored one, or use another --data-dir`,
    );
  }
  return lagMs;
}

function settleEngineName(journal: EventJournal, options: DataDirOptions): void {
  const stored = journal.meta('engine');
  if (stored === undefined) journal.setMeta('engine', options.engineName);
  else if (stored !== options.engineName) {
    throw new DataDirError(
      `--data-dir ${options.dir} was written by engine "${stored}", not "${options.engineName}": its answers would not replay`,
    );
  }
}

function replay(
  journal: EventJournal,
  engine: Engine,
  dir: string,
  afterSeq: number,
): Pick<ReplayReport, 'replayed' | 'cut'> {
  let replayed = 0;
  let bad: { seq: number; why: string } | undefined;
  for (const row of journal.rows(afterSeq)) {
    const why = applyRow(engine, row.body, row.crc, dir);
    if (why !== undefined) {
      bad = { seq: row.seq, why };
      break; // ends the statement, so the rows can be deleted below
    }
    replayed += 1;
  }
  if (bad === undefined) return { replayed };
  const rows = journal.cutFrom(bad.seq);
  return { replayed, cut: { atSeq: bad.seq, rows, why: bad.why } };
}

/** Applies one row; the reason it cannot be applied otherwise. */
function applyRow(engine: Engine, body: string, crc: number, dir: string): string | undefined {
  if (rowChecksum(body) !== crc) return 'its checksum does not match its content';
  const event = safeJson(body);
  if (event === undefined || typeof event !== 'object' || event === null || !('type' in event)) {
    return 'its content is not an event';
  }
  let answer: ReturnType<Engine['submit']>;
  try {
    answer = engine.submit(event as AffEvent);
  } catch (e) {
    // Only a row the checksum let through yet no ingest route would have accepted gets here; the
    // engine fails on it in the R17 fingerprint, before changing any state.
    return `it is not an event the engine can apply (${(e as Error).message})`;
  }
  // A whole row the limits do not admit is not damage: nothing is cut, the server does not start.
  if (answer.refused !== undefined)
    throw new DataDirError(
      `--data-dir ${dir}: its journal holds more than the capacity limits admit (${capacityMessage(answer.refused)}): start with a larger --limit ${answer.refused.limit}=N`,
    );
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The report as console lines: the first always, the others only when something was cut or noticed. */
export function describeReplay(dir: string, report: ReplayReport): { info: string; warnings: string[] } {
  const snap = report.snapshot;
  const replayMs = report.ms - (snap?.ms ?? 0);
  const rate = replayMs > 0 ? Math.round((report.replayed / replayMs) * 1000) : 0;
  const rows = `${report.replayed} events${snap ? ' after it' : ''} replayed${report.replayed > 0 ? ` (${rate} events/s)` : ''}`;
  const info = snap
    ? `data dir ${dir}: state restored in ${Math.round(report.ms)} ms: the snapshot after row ${snap.seq} (${mib(snap.bytes)}, ${Math.round(snap.ms)} ms), ${rows}`
    : `data dir ${dir}: ${report.replayed} events recovered in ${Math.round(report.ms)} ms${report.replayed > 0 ? ` (${rate} events/s)` : ''}`;
  const warnings: string[] = [];
  if (report.snapshotRejected !== undefined) {
    warnings.push(
      `data dir ${dir}: ${report.snapshotRejected}; deleted it and replayed every row instead (nothing is lost: the rows are the record)`,
    );
  }
  if (report.cut) {
    warnings.push(
      `data dir ${dir}: journal row ${report.cut.atSeq} is damaged (${report.cut.why}): cut it and the ${report.cut.rows - 1} rows after it (${report.cut.rows} in all); the ${report.replayed} events before it are recovered`,
    );
  }
  if (report.walPartialBytes !== undefined) {
    warnings.push(
      `data dir ${dir}: the WAL file ended in a partial frame (${report.walPartialBytes} bytes after the last whole frame): a write cut short (power loss, or a copy of a live directory); SQLite ignores it, as a transaction counts only once its commit frame is whole: the events of that transaction are not recovered, and with --durability power none of them had been acknowledged`,
    );
  }
  return { info, warnings };
}

/** A snapshot written, as a console line. */
export function describeSnapshot(written: SnapshotWritten): string {
  return `snapshot after row ${written.seq} written (${mib(written.bytes)} in ${Math.round(written.ms)} ms)`;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
