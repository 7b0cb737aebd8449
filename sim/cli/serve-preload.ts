import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Capacity, capacityMessage } from '../../server/engine/capacity.js';
import { createEngine, type Engine } from '../../server/engine/engine.js';
import { createMutantEngine } from '../../server/mutants/index.js';
import { preloadEngine } from '../../server/preload-engine.js';
import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { FIXTURE_FILES } from '../fixtures/fixture-format.js';
import { UsageError } from './io.js';
import { loadHistory } from './load-history.js';

export interface Preload {
  readonly engine: Engine;
  readonly policy: Policy;
  /** One line on what was applied, for the console. */
  readonly note: string;
}

/**
 * Reads a history (a fixture directory's, or a file) and applies it to a fresh engine in-process.
 * The history's policy line is the policy; `--policy` assignments still win, as for `check`.
 * `mutant`: the engine is that mutant's (`--mutant`).
 */
export async function preloadFrom(
  path: string,
  assignments: readonly string[] = [],
  mutant?: string,
  capacity?: Capacity,
  pairExpiryLagMs?: number,
): Promise<Preload> {
  const started = performance.now();
  const read = await readPreload(path, assignments);
  const engine =
    mutant === undefined
      ? createEngine(read.policy, undefined, capacity, { pairExpiryLagMs })
      : createMutantEngine(mutant, read.policy, capacity);
  return applyPreload(read, engine, started);
}

/** A `--preload` history read and its policy settled, not applied yet. */
export interface PreloadHistory {
  readonly file: string;
  readonly events: readonly AffEvent[];
  readonly policy: Policy;
}

export async function readPreload(path: string, assignments: readonly string[]): Promise<PreloadHistory> {
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const file = isDir ? join(path, FIXTURE_FILES.history) : path;
  try {
    const loaded = await loadHistory(file, assignments);
    return { file, events: loaded.history.events, policy: loaded.policy };
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`--preload ${path}: ${e.message}`);
    throw e;
  }
}

/** Applies a read history to `engine` (a fresh one for its policy when absent). */
export function applyPreload(
  read: PreloadHistory,
  engine: Engine | undefined,
  started = performance.now(),
): Preload {
  const preloaded = preloadEngine(read.events, read.policy, engine);
  const full = preloaded.full;
  if (full !== undefined)
    throw new UsageError(
      `--preload ${read.file}: event ${full.index} passes a capacity limit: ${capacityMessage(full)}; raise it with --limit ${full.limit}=N`,
    );
  const ms = Math.round(performance.now() - started);
  const note = `preloaded ${read.file}: ${preloaded.events} events (${preloaded.rejected} refused by the rules), ${preloaded.engine.stats().orders} orders in ${ms} ms`;
  return { engine: preloaded.engine, policy: read.policy, note };
}
