import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenario/define-scenario.js';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import type { Shard } from '../traffic/shard.js';
import type { DecisionField } from './define-target.js';
import type { FaultSpec } from './fault-spec.js';
import { mergeResults } from './merge-results.js';
import { canonicalResult } from './result-json.js';
import type { OpenPlatform, RunPlatform } from './run-platform.js';
import type { RunResult, Violation } from './run-result.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import type { ShardProgress, ShardTask } from './shard-run.js';
import { shrinkViolations } from './shrink-violations.js';
import { EventLimitError, fromWorkerError, maxEventsMessage } from './target-error.js';
import { shardWorkerFile } from './worker-file.js';

/**
 * `affsim run --max-events` default: far above any built-in scenario, below what a run can hold
 * (the in-process platform refuses past its own capacity, server/engine/capacity.ts, long before).
 */
export const MAX_EVENTS_DEFAULT = 50_000_000;

export interface RunOptions {
  readonly scenario: ScenarioRef;
  readonly changes: ScenarioChanges;
  readonly seed: number;
  readonly workers: number;
  /** This machine's share of the buyers (`--shard i/n`); the whole run is `{ index: 0, count: 1 }`. */
  readonly shard: Shard;
  /** The platform under test (sim/targets/run-platforms.ts): opened with the scenario's policy. */
  readonly platform: RunPlatform;
  /** Faults each worker injects toward the platform (`--faults`); a clean run when absent. */
  readonly faults?: FaultSpec;
  readonly outDir: string;
  readonly version: string;
  readonly replay: string;
  /** Examples kept per violation group (`--max-violations`). */
  readonly examplesPerGroup: number;
  /** What follows `affsim check <history>` to replay a violation on the same target (`--target …`). */
  readonly checkArgs: string;
  readonly onProgress?: (progress: RunProgress) => void;
  /** Called before the kept violations' histories are shrunk (the traffic is over). */
  readonly onShrink?: (violations: number) => void;
  /**
   * `--max-events`: the run stops with an EventLimitError before a worker sends a day past it, or
   * once the workers' events together pass it (after at most one day per worker); no limit when absent.
   */
  readonly maxEvents?: number;
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
    // Each worker knows only its own events; the sum over workers is checked here.
    let stop: (e: Error) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      stop = reject;
    });
    const report = () => {
      const all = [...progress.values()];
      const events = all.reduce((n, p) => n + p.events, 0);
      if (o.maxEvents !== undefined && events > o.maxEvents) {
        const day = Math.max(...all.map((p) => p.day));
        stop(new EventLimitError(maxEventsMessage(o.maxEvents, events, day)));
      }
      o.onProgress?.({
        day: all.length < o.workers ? 0 : Math.min(...all.map((p) => p.day)),
        days: scenario.days,
        events,
        violations: all.reduce((n, p) => n + p.violations, 0),
      });
    };
    const count = o.shard.count * o.workers;
    const running = Promise.all(
      Array.from({ length: o.workers }, (_, k) => {
        const task: ShardTask = {
          scenario: o.scenario,
          changes: o.changes,
          seed: o.seed,
          shard: { index: o.shard.index + o.shard.count * k, count },
          baseUrl,
          ...(o.platform.adapterFile ? { adapterFile: o.platform.adapterFile } : {}),
          ...(o.platform.timeoutMs === undefined ? {} : { targetTimeoutMs: o.platform.timeoutMs }),
          ...(o.faults === undefined ? {} : { faults: o.faults }),
          ...(o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents }),
          outDir: o.outDir,
          examplesPerGroup: o.examplesPerGroup,
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
    // On a stop, `finally` destroys the pool, which ends the workers still sending.
    const results = await Promise.race([running, stopped]);
    // Worker results are sub-shards; together they are this machine's shard, with the first
    // examples of each violation group; the other workers' examples are dropped with their files.
    const merged = mergeResults(results);
    const kept = new Set(merged.violations.map((v) => v.historyFile));
    for (const v of results.flatMap((r) => r.violations)) {
      if (!kept.has(v.historyFile)) rmSync(join(o.outDir, v.historyFile), { force: true });
    }
    const violations = await shrinkAll(o, merged, scenario, platform);
    // The seller-answer list serves merges of machines' shares; the whole run has been merged.
    const { sellerAnswerViolations, ...whole } = merged;
    return canonicalResult({
      ...(o.shard.count > 1 && sellerAnswerViolations ? { ...whole, sellerAnswerViolations } : whole),
      shards: { count: o.shard.count, indexes: [o.shard.index] },
      violations: violations.map((v) => ({
        ...v,
        check: `affsim check ${join(o.outDir, v.historyFile)}${o.checkArgs ? ` ${o.checkArgs}` : ''}`,
      })),
    });
  } finally {
    await pool.destroy();
    await platform.close();
  }
}

/**
 * Shrinks the kept violations' histories on the target (the platform is still open). Shrinking
 * resets the target again and again, so a remote target is shrunk on only when this machine runs
 * the whole run: a machine's share of a sharded run (`--shard i/n`) would empty what the others send.
 */
async function shrinkAll(
  o: RunOptions,
  merged: RunResult,
  scenario: Scenario,
  platform: OpenPlatform,
): Promise<Violation[]> {
  if (merged.violations.length === 0) return [];
  const replayer = await o.platform.replayer(scenario.policy, platform, o.shard.count > 1);
  if (typeof replayer !== 'string') o.onShrink?.(merged.violations.length);
  try {
    return await shrinkViolations(merged.violations, {
      outDir: o.outDir,
      policy: scenario.policy,
      policyOverrides: scenario.policyOverrides,
      compare: merged.compared as DecisionField[],
      replayer,
      sharded: o.workers * o.shard.count > 1,
      faulted: o.faults !== undefined,
    });
  } finally {
    if (typeof replayer !== 'string') await replayer.close();
  }
}
