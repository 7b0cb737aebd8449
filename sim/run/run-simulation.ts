import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { expectPlatformPolicy, TargetMismatchError } from '../../server/check/expect-platform-policy.js';
import { startServer } from '../../server/serve.js';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import type { Shard } from '../traffic/shard.js';
import { mergeResults } from './merge-results.js';
import type { RunResult } from './run-result.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import { type ShardProgress, type ShardTask, VIOLATIONS_KEPT_MAX } from './shard-run.js';
import { shardWorkerFile } from './worker-file.js';
import { type RunFiles, writeRunFiles } from './write-run-files.js';

export interface RunOptions {
  readonly scenario: ScenarioRef;
  readonly changes: ScenarioChanges;
  readonly seed: number;
  readonly workers: number;
  /** This machine's share of the buyers (`--shard i/n`); the whole run is `{ index: 0, count: 1 }`. */
  readonly shard: Shard;
  /** A platform's base URL; affsim's own platform in-process on an ephemeral port when absent. */
  readonly target?: string;
  readonly adapterFile?: string;
  readonly outDir: string;
  readonly version: string;
  readonly replay: string;
  readonly onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  /** The slowest worker's simulated day: every day before it is done everywhere. */
  readonly day: number;
  readonly days: number;
  readonly events: number;
  readonly violations: number;
}

export { TargetMismatchError };

/**
 * Runs a scenario (issue 5): starts the platform unless a target is given, spreads this machine's
 * shard over a piscina pool (worker k of w takes sub-shard `i + n·k` of `n·w`, so a machine's
 * workers together cover exactly the buyers of `--shard i/n`), merges what they found and writes
 * result.json. Setup, run, cleanup: the pool and the server always close.
 */
export async function runSimulation(o: RunOptions): Promise<{ result: RunResult; files: RunFiles }> {
  const scenario = await loadScenario(o.scenario, o.changes);
  // Only affsim's own API has GET /policy; a user's adapter speaks for a platform of its own.
  if (o.target !== undefined && o.adapterFile === undefined) {
    await expectPlatformPolicy(o.target, scenario.policy, 'scenario');
  }
  mkdirSync(o.outDir, { recursive: true });
  const server = o.target === undefined ? await startServer({ port: 0, policy: scenario.policy }) : undefined;
  const baseUrl = o.target ?? (server?.url as string);
  const pool = new Piscina({ filename: shardWorkerFile(), minThreads: o.workers, maxThreads: o.workers });
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
          ...(o.adapterFile ? { adapterFile: o.adapterFile } : {}),
          outDir: o.outDir,
          replay: o.replay,
          version: o.version,
          targetLabel: o.target ?? 'affsim (in-process)',
        };
        const { port1, port2 } = new MessageChannel();
        port1.on('message', (p: ShardProgress) => {
          progress.set(k, p);
          report();
        });
        return pool
          .run({ task, port: port2 }, { transferList: [port2] })
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
    const files = await writeRunFiles(o.outDir, merged);
    return { result: merged, files };
  } finally {
    await pool.destroy();
    await server?.close();
  }
}
