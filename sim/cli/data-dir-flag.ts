import { DURABILITIES, type Durability } from '../../server/durable/journal.js';
import {
  DataDirError,
  type DurablePlatform,
  describeReplay,
  describeSnapshot,
  openDataDir,
} from '../../server/durable/open-data-dir.js';
import { type Capacity, DEFAULT_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine, restoreEngine } from '../../server/engine/engine.js';
import { createMutantEngine } from '../../server/mutants/index.js';
import { DEFAULT_POLICY, type Policy, policyFromAssignments, withOverrides } from '../domain/policy.js';
import { type Io, UsageError } from './io.js';
import { prepareOutDir } from './out-dir.js';
import type { PairExpiry } from './pair-expiry-flag.js';
import { applyPreload, readPreload } from './serve-preload.js';

/** `--durability` only means something with `--data-dir`; alone it is a mistake worth saying. */
export function durabilityFlag(value: string | undefined, dataDir: string | undefined): Durability {
  if (value === undefined) return 'process';
  if (dataDir === undefined) throw new UsageError(`--durability ${value}: only with --data-dir`);
  if (!(DURABILITIES as readonly string[]).includes(value)) {
    throw new UsageError(`--durability ${value}: expected ${DURABILITIES.join(' or ')}`);
  }
  return value as Durability;
}

export interface DurableFlags {
  readonly dir: string;
  readonly durability: Durability;
  readonly policyFlags: readonly string[];
  readonly preload?: string;
  readonly mutant?: string;
  /** `--limit`: the engine's capacity, also while the journal is replayed. */
  readonly capacity?: Capacity;
  /** `--pair-expiry-lag`, settled (pair-expiry-flag.ts). */
  readonly pairExpiry: PairExpiry;
  /** `--snapshot-every`, settled (snapshot-every-flag.ts): 0 for none. */
  readonly snapshotEvery: number;
}

/**
 * `affsim serve --data-dir`: opens the journal and replays it, prints what was recovered (stdout)
 * and anything cut (stderr). The policy asked for is the one of `--policy` (over the defaults), or
 * the preload's; none asked for means "the stored one". `--preload` goes only into an empty data
 * dir: the preloaded events are journaled like any other, so a restart does not preload again (and
 * preloading a second time would double every event's R17 history).
 */
export async function openDurable(flags: DurableFlags, io: Io): Promise<DurablePlatform> {
  // Checked before SQLite sees it, as `--out` is: a file, a path through a file, a directory the
  // user cannot write in, or /proc and /sys (where creating a directory can spin forever) is one
  // line and exit 2, never a stack trace nor a hang.
  await prepareOutDir(flags.dir, '--data-dir');
  const preload =
    flags.preload === undefined ? undefined : await readPreload(flags.preload, flags.policyFlags);
  let policy: Policy | undefined = preload?.policy;
  if (policy === undefined && flags.policyFlags.length > 0) {
    const parsed = policyFromAssignments(flags.policyFlags);
    if (!parsed.ok) throw new UsageError(parsed.message);
    policy = withOverrides(DEFAULT_POLICY, parsed.overrides);
  }
  const { mutant } = flags;
  let durable: DurablePlatform;
  try {
    durable = openDataDir({
      dir: flags.dir,
      durability: flags.durability,
      policy,
      engineName: mutant === undefined ? 'real' : `mutant ${mutant}`,
      pairExpiry: flags.pairExpiry,
      // A mutant runs without pair expiry (the zoo's witnesses are short histories).
      createEngine: (p, pairExpiryLagMs) =>
        mutant === undefined
          ? createEngine(p, undefined, flags.capacity, { pairExpiryLagMs })
          : createMutantEngine(mutant, p, flags.capacity),
      ...(mutant === undefined
        ? {
            snapshots: {
              schedule: {
                every: flags.snapshotEvery,
                report: (outcome) =>
                  'written' in outcome
                    ? io.stdout.write(`data dir ${flags.dir}: ${describeSnapshot(outcome.written)}\n`)
                    : io.stderr.write(
                        `affsim serve: data dir ${flags.dir}: a snapshot failed (${outcome.failed}); nothing is lost (every event is in the journal), the next start replays more\n`,
                      ),
              },
              restore: (p, pairExpiryLagMs, snapshot) =>
                restoreEngine(p, flags.capacity ?? DEFAULT_CAPACITY, { pairExpiryLagMs }, snapshot),
            },
          }
        : {}),
    });
  } catch (e) {
    if (e instanceof DataDirError) throw new UsageError(e.message);
    throw e;
  }
  const { info, warnings } = describeReplay(flags.dir, durable.report);
  io.stdout.write(`${info} (durability: ${flags.durability})\n`);
  for (const warning of warnings) io.stderr.write(`affsim serve: ${warning}\n`);
  if (preload !== undefined) {
    const held = durable.journal.count();
    if (held > 0) {
      durable.journal.close();
      throw new UsageError(
        `--preload ${flags.preload}: --data-dir ${flags.dir} already holds ${held} events; preload only into an empty data dir (or start without --preload: its events are stored)`,
      );
    }
    io.stdout.write(`${applyPreload(preload, durable.engine).note}\n`);
    durable.engine.commit();
  }
  return durable;
}
