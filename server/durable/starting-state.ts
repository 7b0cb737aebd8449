import type { Policy } from '../../sim/domain/policy.js';
import { CAPACITY_LIMITS, type Capacity, type CapacityLimit, capacityUsed } from '../engine/capacity.js';
import type { Engine, EngineSnapshot, EngineStats } from '../engine/engine.js';
import { withReports } from '../reports/reporting-engine.js';
import type { EventJournal } from './journal.js';
import { decodeSnapshot } from './snapshot-codec.js';
import type { StoredSnapshot } from './snapshot-file.js';
import type { SnapshotSchedule } from './snapshot-writer.js';

/** A data dir's snapshots (open-data-dir.ts `DataDirOptions.snapshots`): when to write one, how to restore one. */
export interface SnapshotOptions {
  readonly schedule: SnapshotSchedule;
  readonly restore: (policy: Policy, pairExpiryLagMs: number | undefined, snapshot: EngineSnapshot) => Engine;
}

export interface StartingState {
  /** The engine to replay the rows after `afterSeq` into, its report book beside it. */
  readonly engine: Engine;
  readonly afterSeq: number;
  readonly snapshot?: { readonly seq: number; readonly bytes: number; readonly ms: number };
  readonly rejected?: string;
}

/**
 * The engine a data dir's start replays its rows into: restored from the latest usable snapshot
 * (`afterSeq` its row), or `fresh()` (every row to replay). A snapshot that cannot be used is
 * deleted and `rejected` says why; one holding more than the engine's limits is `pastLimit` (the
 * start must stop, as a replay past a limit does).
 */
export function startingState(
  journal: EventJournal,
  snapshots: SnapshotOptions | undefined,
  fresh: () => Engine,
  policy: Policy,
  lagMs: number | undefined,
): StartingState | { pastLimit: { limit: CapacityLimit; used: number; max: number } } {
  if (snapshots === undefined || snapshots.schedule.every <= 0) return { engine: fresh(), afterSeq: 0 };
  const started = performance.now();
  const read = journal.latestSnapshot();
  if (read === undefined) return { engine: fresh(), afterSeq: 0 };
  if (!read.ok) {
    journal.dropSnapshots();
    return { engine: fresh(), afterSeq: 0, rejected: `the snapshot cannot be restored: ${read.why}` };
  }
  const stored = read.stored;
  const restored = restoreSnapshot(stored, journal.lastSeq(), (snapshot) => {
    const inner = snapshots.restore(policy, lagMs, snapshot);
    return withReports(inner, undefined, snapshot.reports);
  });
  if (!restored.ok) {
    journal.dropSnapshots();
    return { engine: fresh(), afterSeq: 0, rejected: restored.why };
  }
  const full = pastCapacity(restored.engine.stats(), restored.engine.capacity);
  if (full !== undefined) return { pastLimit: full };
  const snapshot = { seq: stored.seq, bytes: stored.body.byteLength, ms: performance.now() - started };
  return { engine: restored.engine, afterSeq: stored.seq, snapshot };
}

function restoreSnapshot(
  stored: StoredSnapshot,
  lastSeq: number,
  restore: (snapshot: EngineSnapshot) => Engine,
): { ok: true; engine: Engine } | { ok: false; why: string } {
  const at = `the snapshot after row ${stored.seq}`;
  if (stored.seq > lastSeq) {
    return { ok: false, why: `${at} is past the journal's last row (${lastSeq}): rows it covers are gone` };
  }
  const decoded = decodeSnapshot(stored.body, stored.digest);
  if (!decoded.ok) return { ok: false, why: `${at} cannot be restored: ${decoded.why}` };
  try {
    return { ok: true, engine: restore(decoded.snapshot) };
  } catch (e) {
    return { ok: false, why: `${at} cannot be restored: ${(e as Error).message}` };
  }
}

/** The first limit a restored state is already past (a start with a smaller --limit than before). */
function pastCapacity(
  stats: EngineStats,
  capacity: Capacity,
): { limit: CapacityLimit; used: number; max: number } | undefined {
  const used = capacityUsed(stats);
  const limit = CAPACITY_LIMITS.find((l) => used[l] > capacity[l]);
  return limit === undefined ? undefined : { limit, used: used[limit], max: capacity[limit] };
}
