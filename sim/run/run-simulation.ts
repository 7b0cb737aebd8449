import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import type { Shard } from '../traffic/shard.js';
import { mergeResults } from './merge-results.js';
import type { RunPlatform } from './run-platform.js';
import type { RunResult } from './run-result.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import { type ShardProgress, type ShardTask, VIOLATIONS_KEPT_MAX } from './shard-run.js';
import { fromWorkerError } from './target-error.js';
import { shardWorkerFile } from './worker-file.js';

export interface RunOptions {
  readonly scenario: ScenarioRef;
  readonly changes: ScenarioChanges;
  readonly seed: number;
  readonly workers: number;
  /** This machine's share of the buyers (`--shard i/n`); the whole run is `{ index: 0, count: 1 }`. */
  readonly shard: Shard;
  /** The platform under test (sim/targets/run-platforms.ts): opened with the scenario's policy. */
  readonly platform: RunPlatform;
  readonly outDir: string;
  readonly version: string;
  readonly replay: string;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called once the scenario has loaded and the platform has opened: the run is valid and starts. */
  readonly onStart?: () => void;
}

export interface RunProgress {
  /** The slowest worker's simulated day: every day before it is done everywhere. */
  readonly day: number;
  readonly days: number;
  readonly events: number;
  readonly violations: number;
}

/**
 * Runs a scenario (issue 5): opens the platform with the scenario's policy, spreads this machine's
 * shard over a piscina pool (worker k of w takes sub-shard `i + n·k` of `n·w`, so a machine's
 * workers together cover exactly the buyers of `--shard i/n`), merges what they found; the caller writes the
 * files. Setup, run, cleanup: the pool and the platform always close.
 */
export async function runSimulation(o: RunOptions): Promise<RunResult> {
  const scenario = await loadScenario(o.scenario, o.changes);
  // What can fail on this machine fails before the platform opens, so nothing is left to close.
  const filename = shardWorkerFile();
  mkdirSync(o.outDir, { recursive: true });
  const platform = await o.platform.open(scenario.policy);
  o.onStart?.();
  const baseUrl = platform.baseUrl;
  const pool = new Piscina({ filename, minThreads: o.workers, maxThreads: o.workers });
  try {
    const progress = new Map<number, ShardProgress>();
    const report = () => {
      const all = [...progress.values()];
      o.onProgress?.({
        day: all.length < o.workers ? 0 : Math.min(...all.map((p) => p.day)),
        days: scenario.days,
        events: all.reduce((n, p) => n + p.events, 0),
        violations: all.reduce((n, p) => n + p.violations, 0),
      });
    };
    const count = o.shard.count * o.workers;
    const results = await Promise.all(
      Array.from({ length: o.workers }, (_, k) => {
        const task: ShardTask = {
          scenario: o.scenario,
          changes: o.changes,
          seed: o.seed,
          shard: { index: o.shard.index + o.shard.count * k, count },
          baseUrl,
          ...(o.platform.adapterFile ? { adapterFile: o.platform.adapterFile } : {}),
          ...(o.platform.timeoutMs === undefined ? {} : { targetTimeoutMs: o.platform.timeoutMs }),
          outDir: o.outDir,
          replay: o.replay,
          version: o.version,
          targetLabel: o.platform.label,
        };
        const { port1, port2 } = new MessageChannel();
        port1.on('message', (p: ShardProgress) => {
          progress.set(k, p);
          report();
        });
        return pool
          .run({ task, port: port2 }, { transferList: [port2] })
          .catch((e: unknown) => {
            // A TargetError or AdapterError comes back from the worker as a tagged message.
            throw fromWorkerError(e);
          })
          .finally(() => port1.close()) as Promise<RunResult>;
      }),
    );
    // Worker results are sub-shards; together they are this machine's shard.
    const all = mergeResults(results);
    const merged: RunResult = {
      ...all,
      shards: { count: o.shard.count, indexes: [o.shard.index] },
      violations: all.violations.slice(0, VIOLATIONS_KEPT_MAX),
    };
    for (const dropped of all.violations.slice(VIOLATIONS_KEPT_MAX)) {
      rmSync(join(o.outDir, dropped.historyFile), { force: true });
    }
    return merged;
  } finally {
    await pool.destroy();
    await platform.close();
  }
}
