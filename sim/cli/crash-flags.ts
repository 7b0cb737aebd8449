import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { duplicatedIds } from '../../server/durable/journal.js';
import { JOURNAL_FILE } from '../../server/durable/open-data-dir.js';
import { describePolicy } from '../domain/policy.js';
import { NO_FAULTS } from '../run/merge-faults.js';
import { canonicalResult } from '../run/result-json.js';
import type { RunPlatform } from '../run/run-platform.js';
import type { RunResult } from '../run/run-result.js';
import { type CrashOutcome, crashRunPlatform } from '../targets/crash-platform.js';
import { targetToken } from './target-token.js';

/** `affsim run --crash-every N [--target-cmd CMD] [--restart-timeout MS]`, checked. */
export interface CrashSettings {
  readonly everyN: number;
  readonly restartTimeoutMs: number;
  /** The user's service command (`{port}` and $PORT give it its port); affsim's platform when absent. */
  readonly targetCmd: string | undefined;
}

export const DEFAULT_RESTART_TIMEOUT_MS = 30_000;

/** The `--snapshot-every` of a crash run's platform: half the kill interval, at least 100 events. */
export function crashSnapshotEvery(everyN: number): number {
  return Math.max(100, Math.ceil(everyN / 2));
}

/** The bin of this affsim, found from this file whether it runs from source or from dist/. */
function affsimBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'bin', 'affsim.js');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('affsim: cannot find bin/affsim.js to start the platform');
    dir = parent;
  }
}

export interface CrashRun {
  readonly platform: RunPlatform;
  /** The result with its `faults.crash` counts. */
  finish(result: RunResult): RunResult;
  /** Removes the data dir (affsim's platform); after the run, whatever its end. */
  dispose(): void;
}

/**
 * A crash run's platform: affsim's own (`affsim serve --data-dir <tmp>` with the scenario's policy,
 * and `--mutant` if given) or the user's command, run through `sh -c "exec CMD"` so that the
 * SIGKILL reaches the service itself. `finish` adds the counts and, for affsim's platform, the
 * journal's duplicated ids.
 */
export function crashRun(
  settings: CrashSettings,
  seed: number,
  mutant: string | undefined,
  timeoutMs: number | undefined,
): CrashRun {
  const dataDir = settings.targetCmd === undefined ? mkdtempSync(join(tmpdir(), 'affsim-crash-')) : undefined;
  // affsim's platform gets an ingestion token of this run through its environment (R18); a user's
  // --target-cmd service the one of $AFFSIM_TARGET_TOKEN, if any.
  const token =
    settings.targetCmd === undefined ? randomBytes(32).toString('base64url') : targetToken(undefined);
  const platform = crashRunPlatform({
    token,
    everyN: settings.everyN,
    seed,
    restartTimeoutMs: settings.restartTimeoutMs,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    label:
      settings.targetCmd === undefined
        ? `affsim serve --data-dir (crash every ~${settings.everyN} events)`
        : `${settings.targetCmd} (crash every ~${settings.everyN} events)`,
    command: (policy) =>
      settings.targetCmd === undefined
        ? {
            file: process.execPath,
            args: [
              affsimBin(),
              'serve',
              '--port',
              '{port}',
              '--data-dir',
              dataDir as string,
              ...describePolicy(policy)
                .split(' ')
                .flatMap((assignment) => ['--policy', assignment]),
              // Snapshots twice per kill interval, so most restarts restore one and replay the
              // rest, and some kills land while one is being written (a mutant has none).
              ...(mutant === undefined
                ? ['--snapshot-every', String(crashSnapshotEvery(settings.everyN))]
                : ['--mutant', mutant]),
            ],
            label: 'affsim serve --data-dir',
            env: { AFFSIM_INGEST_TOKEN: token as string },
          }
        : { file: '/bin/sh', args: ['-c', `exec ${settings.targetCmd}`], label: settings.targetCmd },
  });
  return {
    platform,
    finish(result) {
      const outcome = platform.outcome() as CrashOutcome | undefined;
      {
        if (outcome === undefined) return result;
        const duplicated = dataDir === undefined ? undefined : duplicatedIds(join(dataDir, JOURNAL_FILE));
        const faults = result.faults ?? {
          spec: `crash-every=${settings.everyN}`,
          injected: NO_FAULTS,
          retries: 0,
        };
        return canonicalResult({
          ...result,
          faults: {
            ...faults,
            crash: {
              everyN: settings.everyN,
              kills: outcome.kills,
              recovered: outcome.recovered,
              recoveryMsMax: outcome.recoveryMsMax,
              acknowledged: outcome.acknowledged,
              lost: outcome.lost,
              ...(duplicated === undefined ? {} : { duplicated }),
              resent: outcome.retries,
            },
          },
        });
      }
    },
    dispose() {
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Whether a crash run failed its check: an acknowledged event lost or stored twice (the summary's `crashes` line says which). */
export function crashSummary(result: RunResult): { failed: boolean } | undefined {
  const c = result.faults?.crash;
  if (c === undefined) return undefined;
  return { failed: c.lost > 0 || (c.duplicated ?? 0) > 0 };
}
