import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenario/define-scenario.js';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import type { Shard } from '../traffic/shard.js';
import type { PaceMessage } from './day-pacing.js';
import { DECISION_FIELDS, type DecisionField } from './define-target.js';
import type { FaultSpec } from './fault-spec.js';
import { heapWatch, heapWords } from './heap-pressure.js';
import { mergeResults } from './merge-results.js';
import { ResultAccumulator } from './result-accumulator.js';
import { canonicalResult } from './result-json.js';
import { mainFailure, mainHeapFull, shardFailure, stopReason, workerDeath } from './run-incomplete.js';
import type { OpenPlatform, RunPlatform } from './run-platform.js';
import type { RunIncomplete, RunResult, Violation } from './run-result.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import type { ShardProgress, ShardTask } from './shard-run.js';
import { SharedReach } from './shared-reach.js';
import { shrinkViolations } from './shrink-violations.js';
import { type SoakOptions, SoakSampler } from './soak-sampler.js';
import { EventLimitError, fromWorkerError, maxEventsMessage } from './target-error.js';
import { mainThreadFault, WORKER_FAULT_ENV } from './worker-fault.js';
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
  /** `--soak`: the traffic goes on for a wall time, sampled (soak-sampler.ts); result.json `soak`. */
  readonly soak?: SoakOptions;
  /** Aborted: the run stops as if a worker had failed, and returns what was checked (the CLI's last resort). */
  readonly signal?: AbortSignal;
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
 *
 * A run that cannot finish is never lost (issue 12): the first worker to fail (the target, the
 * adapter, memory, a crash) or an abort of `signal` (the CLI's last resort) stops every other
 * worker before its next day; what the workers checked so far is merged and returned marked
 * `incomplete`, naming the failure. A worker that died took its own checks with it: it is listed.
 */
export async function runSimulation(o: RunOptions): Promise<RunResult> {
  const scenario = await loadScenario(o.scenario, o.changes);
  // What can fail on this machine fails before the platform opens, so nothing is left to close.
  const filename = shardWorkerFile();
  mkdirSync(o.outDir, { recursive: true });
  const platform = await o.platform.open(scenario.policy);
  o.onStart?.();
  const baseUrl = platform.baseUrl;
  const soakUntilMs = o.soak === undefined ? undefined : Date.now() + o.soak.durationMs;
  const pool = new Piscina({ filename, minThreads: o.workers, maxThreads: o.workers });
  const ports: MessagePort[] = [];
  const progress = new Map<number, ShardProgress>();
  // The first failure, in the order they happened: the one the run is said to have stopped on.
  let failure: Failure | undefined;
  const fail = (f: Failure) => {
    if (failure !== undefined) return;
    failure = f;
    for (const port of ports) port.postMessage({ stop: stopReason(f) } satisfies StopMessage);
  };
  const reachedDay = () =>
    progress.size < o.workers ? 0 : Math.min(...[...progress.values()].map((p) => p.day + 1));
  const onAbort = () => fail(mainFailure(o.signal?.reason, o.workers, reachedDay()));
  // The in-process platform keeps every order in this thread, and a full heap here ends the
  // process with nothing written: looked at every second, it stops the run first when the heap
  // fills slowly (a sudden spike can still outrun it: that fatal error cannot be caught).
  const mainHeap = heapWatch();
  const heapTimer = setInterval(() => {
    const heap = mainHeap();
    if (heap !== undefined) fail(mainHeapFull(heapWords(heap), o.workers, reachedDay()));
  }, HEAP_LOOK_MS).unref();
  const sampler =
    o.soak === undefined
      ? undefined
      : new SoakSampler(o.soak, baseUrl, () => [...progress.values()].reduce((n, p) => n + p.events, 0));
  sampler?.start();
  if (o.signal?.aborted) onAbort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const mainFault = mainThreadFault(process.env[WORKER_FAULT_ENV]);
    // Each worker knows only its own events; the sum over workers is checked here (--max-events).
    let stop: (e: Error) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => {
      stop = reject;
    });
    let paced = -1;
    const report = () => {
      const all = [...progress.values()];
      const events = all.reduce((n, p) => n + p.events, 0);
      if (o.maxEvents !== undefined && events > o.maxEvents) {
        const day = Math.max(...all.map((p) => p.day));
        stop(new EventLimitError(maxEventsMessage(o.maxEvents, events, day)));
      }
      // The day every worker has reached: all have finished the one before.
      if (all.length === o.workers) {
        const slowestDay = Math.min(...all.map((p) => p.day));
        mainFault?.(slowestDay + 1);
        // Pacing (day-pacing.ts): a worker ahead may start its next days now.
        if (slowestDay > paced) {
          paced = slowestDay;
          for (const port of ports) port.postMessage({ slowestDay } satisfies PaceMessage);
        }
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
          ...(platform.token === undefined ? {} : { token: platform.token }),
          ...(o.platform.adapterFile ? { adapterFile: o.platform.adapterFile } : {}),
          ...(o.platform.timeoutMs === undefined ? {} : { targetTimeoutMs: o.platform.timeoutMs }),
          ...(o.faults === undefined ? {} : { faults: o.faults }),
          ...(o.maxEvents === undefined ? {} : { maxEvents: o.maxEvents }),
          ...(soakUntilMs === undefined ? {} : { soakUntilMs }),
          outDir: o.outDir,
          examplesPerGroup: o.examplesPerGroup,
          replay: o.replay,
          version: o.version,
          targetLabel: o.platform.label,
          worker: k,
          workers: o.workers,
        };
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        // A worker started after a failure stops before its first day.
        if (failure !== undefined) port1.postMessage({ stop: stopReason(failure) } satisfies StopMessage);
        port1.on('message', (p: ShardProgress) => {
          progress.set(k, p);
          report();
        });
        const where = { worker: k + 1, workers: o.workers };
        const { buffer: reachBuffer, reach } = SharedReach.create();
        return (pool.run({ task, port: port2, reachBuffer }, { transferList: [port2] }) as Promise<RunResult>)
          .then(
            (result): Settled => {
              if (result.incomplete !== undefined && result.incomplete.kind !== 'worker') {
                const { daysChecked: _, lostWorkers: __, ...own } = result.incomplete;
                fail(own);
              }
              return { result };
            },
            (e: unknown): Settled => {
              // A TargetError or AdapterError before the first day comes back as a tagged message.
              const error = fromWorkerError(e);
              // --max-events is the user's limit, not a failure: the run stops with exit 2.
              if (error instanceof EventLimitError) {
                stop(error);
                return { lost: k + 1 };
              }
              const f =
                shardFailure(error, where, reach.day, scenario.days, o.platform.label) ??
                workerDeath(error, where, { day: reach.day, days: scenario.days, events: reach.events });
              fail(f);
              return { lost: k + 1 };
            },
          )
          .finally(() => port1.close());
      }),
    );
    // Past --max-events the run stops (exit 2): `finally` destroys the pool, which ends the workers still sending.
    const settled = await Promise.race([running, stopped]);
    // The traffic is over: the soak's last sample, before shrinking replays anything.
    const soak =
      sampler === undefined ? undefined : { simulatedDays: reachedDay(), ...(await sampler.stop()) };
    const results = settled.flatMap((s) => ('result' in s ? [s.result] : []));
    const lostWorkers = settled.flatMap((s) => ('lost' in s ? [s.lost] : []));
    // Worker results are sub-shards; together they are this machine's shard, with the first
    // examples of each violation group; the other workers' examples are dropped with their files.
    const merged = mergeResults(
      results.length > 0 ? results.map(withoutIncomplete) : [emptyResult(o, scenario)],
    );
    const kept = new Set(merged.violations.map((v) => v.historyFile));
    for (const v of results.flatMap((r) => r.violations)) {
      if (!kept.has(v.historyFile)) rmSync(join(o.outDir, v.historyFile), { force: true });
    }
    const incompleteNow = (): RunIncomplete | undefined =>
      failure === undefined
        ? undefined
        : {
            ...failure,
            daysChecked: Math.min(
              ...results.map((r) => r.incomplete?.daysChecked ?? scenario.days),
              ...(results.length === 0 ? [0] : []),
            ),
            lostWorkers,
          };
    // An incomplete run is not shrunk: the target may be what failed, and the run is over.
    const violations = await shrinkAll(o, merged, scenario, platform, incompleteNow());
    // Asked again: an error nothing caught during the shrinking (signal) marks the run too.
    const incomplete = incompleteNow();
    // The seller-answer list serves merges of machines' shares; the whole run has been merged.
    const { sellerAnswerViolations, ...whole } = merged;
    return canonicalResult({
      ...(o.shard.count > 1 && sellerAnswerViolations ? { ...whole, sellerAnswerViolations } : whole),
      shards: { count: o.shard.count, indexes: [o.shard.index] },
      violations: violations.map((v) => ({
        ...v,
        check: `affsim check ${join(o.outDir, v.historyFile)}${o.checkArgs ? ` ${o.checkArgs}` : ''}`,
      })),
      ...(incomplete === undefined ? {} : { incomplete }),
      ...(soak === undefined ? {} : { soak }),
    });
  } finally {
    clearInterval(heapTimer);
    sampler?.dispose();
    o.signal?.removeEventListener('abort', onAbort);
    await pool.destroy();
    await platform.close();
  }
}

/** How often the main thread looks at its heap (heap-pressure.ts). */
const HEAP_LOOK_MS = 1_000;

/** What a worker's task came to: its result (whole or partial), or the worker died with it. */
type Settled = { readonly result: RunResult } | { readonly lost: number };

/** The coordinator's message to a worker: finish before the next day (workers/shard-worker.ts). */
export interface StopMessage {
  readonly stop: string;
}

type Failure = Omit<RunIncomplete, 'daysChecked' | 'lostWorkers'>;

/** A worker's own stop is replaced by the run's (the first failure); merging takes whole results. */
function withoutIncomplete(r: RunResult): RunResult {
  const { incomplete: _, ...rest } = r;
  return rest;
}

/** Every worker died: the result checks nothing, and says which failed first and why. */
function emptyResult(o: RunOptions, scenario: Scenario): RunResult {
  return new ResultAccumulator(scenario).result(
    {
      affsim: { version: o.version },
      scenario: { name: scenario.name, description: scenario.description },
      seed: o.seed,
      shards: { count: o.shard.count, indexes: [o.shard.index] },
      target: o.platform.label,
      compared: [...DECISION_FIELDS],
      policy: scenario.policy,
      examplesPerGroup: o.examplesPerGroup,
    },
    [],
    [],
    { wallMs: 0, eventsPerSecond: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 } },
  );
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
  incomplete: RunIncomplete | undefined,
): Promise<Violation[]> {
  if (merged.violations.length === 0) return [];
  const replayer =
    incomplete === undefined
      ? await o.platform.replayer(scenario.policy, platform, o.shard.count > 1)
      : 'not shrunk: the run did not finish';
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
