import type { AffEvent } from '../../sim/domain/events.js';
import type { Engine } from '../engine/engine.js';
import type { Answer } from '../engine/outcome.js';
import type { SnapshotStatus } from '../http/metrics.js';
import { makeProblem, ProblemError } from '../http/problem.js';
import { hasReports } from '../reports/reporting-engine.js';
import type { EventJournal } from './journal.js';
import { type SnapshotSchedule, type SnapshotWritten, writeSnapshot } from './snapshot-writer.js';

/**
 * Whether applying an event changed anything the journal must hold. A repeat (R17) only reads its
 * original answer, and an id conflict (R17) is refused before any rule runs and takes no id; every
 * other event, accepted or refused by a rule, takes its id in the R17 ledger, so it is journaled:
 * a later repeat of it must get the same answer after a restart.
 */
export function changesState(answer: Answer): boolean {
  // A capacity refusal applies nothing and takes no id (capacity.ts): nothing to store.
  // Nor does a late refusal (pair expiry, outcome.ts LateAnswer).
  if (answer.repeat || answer.refused !== undefined || answer.late !== undefined) return false;
  return !(answer.outcome.kind === 'rejected' && answer.outcome.rule === 'R17');
}

/**
 * Thrown by a journaled engine whose commit failed, then by every later submit: its memory is
 * ahead of its disk. A 503 (the infrastructure failed, not the request), through the app's one
 * error path.
 */
export class JournalFailure extends ProblemError {
  constructor(message: string) {
    super(makeProblem('storage-failed', 503, message));
  }
}

/**
 * An engine whose every state-changing event is queued in a journal; the server commits the queue
 * before any answer leaves (app.ts, the commit middleware). The engine itself stays unaware: this
 * wraps any Engine (the real one or a mutant) and delegates every read.
 */
export interface JournaledEngine extends Engine {
  /**
   * Writes the queued events (one transaction), then a snapshot when the schedule says one is due.
   * After a failed write every later submit throws JournalFailure.
   */
  commit(): void;
  /**
   * Commits, then snapshots if any event was journaled since the last snapshot (a graceful stop,
   * so the next start replays nothing); undefined when there was none to write or no schedule.
   */
  snapshotNow(): SnapshotWritten | undefined;
  /** Where snapshots stand, for /metrics; undefined without a schedule (or for a mutant). */
  snapshotStatus(): SnapshotStatus | undefined;
}

export interface JournalingOptions {
  /** Snapshots (snapshot-writer.ts); none when absent, or when the engine has no `snapshot` (a mutant). */
  readonly schedule?: SnapshotSchedule | undefined;
  /** Rows already journaled after the latest snapshot (the start replayed them). */
  readonly notSnapshotted?: number;
  /** The snapshot the start restored, if any. */
  readonly restored?: { readonly seq: number; readonly bytes: number } | undefined;
}

/** Without a schedule (or for a mutant, which has no `snapshot`) its data dir replays every row on start. */
export function journaledEngine(
  inner: Engine,
  journal: EventJournal,
  options: JournalingOptions = {},
): JournaledEngine {
  const { schedule } = options;
  let failure: string | undefined;
  /** Events journaled since the last snapshot. */
  let since = options.notSnapshotted ?? 0;
  let latest = options.restored;
  let lastWriteMs: number | undefined;
  let written = 0;
  let failed = 0;
  const snapshots = schedule !== undefined && schedule.every > 0 && inner.snapshot !== undefined;
  const snapshot = (): SnapshotWritten | undefined => {
    try {
      const done = writeSnapshot(inner, journal);
      since = 0;
      latest = { seq: done.seq, bytes: done.bytes };
      lastWriteMs = done.ms;
      written += 1;
      schedule?.report?.({ written: done });
      return done;
    } catch (e) {
      // Nothing is lost: every event is in the journal, so the next start replays more. The next
      // snapshot is tried after another `every` events, not on every commit.
      since = 0;
      failed += 1;
      schedule?.report?.({ failed: (e as Error).message });
      return undefined;
    }
  };
  const commit = () => {
    if (failure !== undefined) throw new JournalFailure(failure);
    const queued = journal.pending;
    try {
      journal.commit();
    } catch (e) {
      failure = `the event journal ${journal.path} failed (${(e as Error).message}); events applied since the last commit are not stored, so this server refuses events until it is restarted (a restart rebuilds its state from the journal)`;
      throw new JournalFailure(failure);
    }
    since += queued;
    if (snapshots && since >= (schedule as SnapshotSchedule).every) snapshot();
  };
  return {
    policy: inner.policy,
    capacity: inner.capacity,
    // The report book of a reporting engine stays reachable (server/reports): it was fed by the replay.
    ...(hasReports(inner) ? { reports: inner.reports } : {}),
    ...(inner.snapshot ? { snapshot: inner.snapshot.bind(inner) } : {}),
    submit(event: AffEvent): Answer {
      if (failure !== undefined) throw new JournalFailure(failure);
      const answer = inner.submit(event);
      if (changesState(answer)) journal.append(event);
      return answer;
    },
    commit,
    snapshotNow() {
      // After a failed commit the memory is ahead of the journal: a snapshot of it would hold
      // events the journal lost, so none is written (the next start replays the journal).
      if (failure !== undefined) return undefined;
      commit();
      return snapshots && since > 0 ? snapshot() : undefined;
    },
    snapshotStatus: () =>
      snapshots
        ? { every: (schedule as SnapshotSchedule).every, since, latest, lastWriteMs, written, failed }
        : undefined,
    decision: (orderId) => inner.decision(orderId),
    orderStoreId: (orderId) => inner.orderStoreId(orderId),
    decisions: () => inner.decisions(),
    whatIf: (query) => inner.whatIf(query),
    hasAffiliate: (affiliateId) => inner.hasAffiliate(affiliateId),
    storeCatalogue: (storeId) => inner.storeCatalogue(storeId),
    stats: () => inner.stats(),
  };
}
