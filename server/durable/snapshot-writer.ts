import type { Engine } from '../engine/engine.js';
import type { EventJournal } from './journal.js';
import { encodeSnapshot } from './snapshot-codec.js';

/** A snapshot written: after which row, its size, and how long the whole write took (the pause it caused). */
export interface SnapshotWritten {
  readonly seq: number;
  readonly bytes: number;
  readonly ms: number;
}

/**
 * When a durable platform snapshots its state (`affsim serve --snapshot-every N`): once N more
 * events have been journaled since the last snapshot, right after the commit that passes N, and
 * on a graceful stop. A write is synchronous, so the request whose commit triggers it waits for it
 * (about a memory copy of the state plus a write of it: docs/benchmarks.md); `report` hears of
 * every write and of every failure (a failed snapshot loses nothing: the journal holds every event).
 */
export interface SnapshotSchedule {
  readonly every: number;
  readonly report?: (outcome: { written: SnapshotWritten } | { failed: string }) => void;
}

/** The default `--snapshot-every`: a start replays at most this many rows (~2–10 s at 46–106 k/s). */
export const DEFAULT_SNAPSHOT_EVERY = 250_000;

/**
 * Writes the engine's snapshot as of the journal's last row. Call it with nothing queued (right
 * after a commit): then the engine's state is exactly that of the rows up to that row.
 */
export function writeSnapshot(engine: Engine, journal: EventJournal): SnapshotWritten {
  const started = performance.now();
  const taken = engine.snapshot?.();
  if (taken === undefined) throw new Error('this engine has no snapshot (a mutant)');
  const { body, digest } = encodeSnapshot(taken);
  const seq = journal.lastSeq();
  journal.keepSnapshot({ seq, body, digest });
  return { seq, bytes: body.byteLength, ms: performance.now() - started };
}
