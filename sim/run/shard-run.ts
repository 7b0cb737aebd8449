import { DAY_MS } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import { createSimulation } from '../traffic/create-simulation.js';
import type { Shard } from '../traffic/shard.js';
import { readDecisions, sendEvents, type TargetContext, type TargetDefinition } from './define-target.js';
import type { FaultSpec } from './fault-spec.js';
import { heapWatch, heapWords } from './heap-pressure.js';
import type { LatencyHistogram } from './latency-histogram.js';
import { ResultAccumulator } from './result-accumulator.js';
import { shardFailure, workerHeapFull } from './run-incomplete.js';
import type { RunFaults, RunIncomplete, RunResult } from './run-result.js';
import { loadScenario, type ScenarioRef } from './scenario-ref.js';
import { ShardChecker } from './shard-checker.js';
import { EventLimitError, maxEventsMessage } from './target-error.js';
import { writeViolationFiles } from './violation-files.js';

/** One worker's share of a run: a shard of the buyers, with the whole seller timeline. */
export interface ShardTask {
  readonly scenario: ScenarioRef;
  readonly changes: ScenarioChanges;
  readonly seed: number;
  readonly shard: Shard;
  readonly baseUrl: string;
  /** The bearer token of every request to the platform (OpenPlatform.token). */
  readonly token?: string;
  /** A user's `defineTarget` file; affsim's own API when absent. */
  readonly adapterFile?: string;
  /** How long a request to the platform may wait for its answer (`--target-timeout`); the client's default when absent. */
  readonly targetTimeoutMs?: number;
  /** Faults injected toward the platform (`--faults`), drawn from the seed and this shard; none when absent. */
  readonly faults?: FaultSpec;
  readonly outDir: string;
  /** Examples kept per violation group (`--max-violations`). */
  readonly examplesPerGroup: number;
  /** The command that replays the whole run, printed with every violation. */
  readonly replay: string;
  readonly version: string;
  readonly targetLabel: string;
  /** `--max-events`: the shard stops before sending a day that would take its events past it. */
  readonly maxEvents?: number;
  /** Which worker of this machine runs the shard (0-based) and how many there are: named in failures. */
  readonly worker: number;
  readonly workers: number;
}

/**
 * The worker's port to the platform: the adapter (affsim's API or the user's) and a connection for
 * the run's policy, which records every request's latency in a histogram. The worker composes it
 * (workers/shard-worker.ts); the run never imports a target.
 */
export type ConnectShard = (policy: Policy) => Promise<ShardConnection>;

export interface ShardConnection {
  readonly target: TargetDefinition;
  readonly ctx: TargetContext;
  /** Every request's latency, in a histogram: memory does not grow with the requests. */
  readonly latency: LatencyHistogram;
  /** What the connection injected (`--faults`), read at the end of the shard. */
  readonly faults?: () => RunFaults;
  close(): Promise<void>;
}

/** How the worker follows the shard: its progress, the day it starts, and whether to stop. */
export interface ShardHooks {
  /** After each day, with the events counted so far. */
  readonly onProgress?: (p: ShardProgress) => void;
  /** Before each day's first request: the day a failure during it is said to happen on. */
  readonly onDayStart?: (day: number) => void;
  /** Why the shard should stop before its next day (another worker failed), or undefined. */
  readonly stopRequested?: () => string | undefined;
}

export interface ShardProgress {
  readonly day: number;
  /** Events so far as the result counts them: a shard other than 0 leaves out the seller timeline. */
  readonly events: number;
  readonly violations: number;
}

/**
 * Runs one shard against a platform and checks it (issue 5, "Workers"): each simulated day, the
 * seller events and then the shard's buyer events go to the platform, every answer is compared
 * with the reference model's outcome, and at the end of the day the decision of every order the
 * day touched is read back and compared; at the end of the run every decision is compared again
 * and feeds the result. The model here is an independent instance fed the same events in time
 * order; it never sees the platform's state, only its answers (a black-box checker).
 *
 * A run that cannot go on (issue 12) still returns what it checked: when the platform fails past
 * its retries, the adapter throws, or `stopRequested` says why (another worker failed), the shard
 * stops before its next day and returns its result so far marked `incomplete`, its violation
 * histories written. The final read of every decision is skipped: the platform may be the failure.
 */
export async function runShard(
  task: ShardTask,
  connect: ConnectShard,
  hooks: ShardHooks = {},
): Promise<RunResult> {
  const { onProgress, onDayStart, stopRequested = () => undefined } = hooks;
  const started = performance.now();
  const scenario = await loadScenario(task.scenario, task.changes);
  const { target, ctx, latency, close, faults } = await connect(scenario.policy);
  try {
    const simulation = createSimulation(scenario, task.seed);
    // Every shard sends the seller timeline (R17 repeats after the first); only shard 0 counts it,
    // so the result's event counts are the history's whatever the number of shards.
    const accumulator = new ResultAccumulator(scenario);
    const checker = new ShardChecker(scenario.policy, {
      accumulator,
      countsSellerEvents: task.shard.index === 0,
      ...(target.compare === undefined ? {} : { compare: target.compare }),
      examplesPerGroup: task.examplesPerGroup,
      sharded: task.shard.count > 1,
    });
    let events = 0;
    let daysChecked = 0;
    const heapFull = heapWatch();
    let stopped: Omit<RunIncomplete, 'daysChecked' | 'lostWorkers'> | undefined;
    const where = { worker: task.worker + 1, workers: task.workers };
    try {
      // A clean service for the history (defineTarget's `reset`), only when this shard is the whole
      // run: with several, one worker would empty what the others sent.
      if (target.reset !== undefined && task.shard.count === 1) await target.reset(ctx);
      for (const day of simulation.days(task.shard)) {
        const stop = stopRequested();
        if (stop !== undefined) {
          stopped = { kind: 'worker', reason: stop, ...where, day: day.day };
          break;
        }
        // Stopped before the heap runs out, the worker keeps its checks; out of memory, it loses them.
        const heap = heapFull();
        if (heap !== undefined) {
          stopped = workerHeapFull(heapWords(heap), where, day.day, events);
          break;
        }
        const dayEvents = (checker.countsSellerEvents ? day.sellerEvents.length : 0) + day.buyerEvents.length;
        // The traffic is drawn day by day, so the run's total is not known up front: the guard
        // stops at the first day that would pass the limit, before sending any of it (exit 2).
        if (task.maxEvents !== undefined && events + dayEvents > task.maxEvents) {
          throw new EventLimitError(maxEventsMessage(task.maxEvents, events, day.day, dayEvents));
        }
        onDayStart?.(day.day);
        try {
          const sellerAnswers = await sendEvents(target, day.sellerEvents, ctx);
          const buyerAnswers = await sendEvents(target, day.buyerEvents, ctx);
          checker.day(day.sellerEvents, sellerAnswers, day.buyerEvents, buyerAnswers);
          const touched = checker.takeTouchedOrders();
          // Seen at the day's end: the history of a violation found now holds every event up to it.
          const dayEndMs = day.dayStartMs + DAY_MS - 1;
          checker.compareDecisions(touched, await readDecisions(target, touched, ctx), false, dayEndMs);
        } catch (e) {
          stopped = shardFailure(e, where, day.day, scenario.days, task.targetLabel);
          if (stopped === undefined) throw e;
          break;
        }
        // Counted as the result counts them (seller events by shard 0 only), so the progress the
        // coordinator sums over workers, and the events/s, are the summary's.
        events += dayEvents;
        daysChecked = day.day + 1;
        onProgress?.({ day: day.day, events, violations: checker.violationCount });
      }
      if (stopped === undefined) {
        const all = checker.orderIds();
        checker.compareDecisions(all, await readDecisions(target, all, ctx), true);
      }
    } catch (e) {
      // The reset or the final read failed: the days so far were checked all the same.
      stopped = shardFailure(e, where, daysChecked, scenario.days, task.targetLabel);
      if (stopped === undefined) throw e;
    }
    const violations = await writeViolationFiles(
      checker.keptViolations(),
      () => simulation.events(task.shard),
      {
        outDir: task.outDir,
        replay: task.replay,
        policyOverrides: scenario.policyOverrides,
      },
    );
    const wallMs = performance.now() - started;
    const sellerAnswerViolations = checker.sellerAnswerViolations();
    const result = accumulator.result(
      {
        affsim: { version: task.version },
        scenario: { name: scenario.name, description: scenario.description },
        seed: task.seed,
        shards: { count: task.shard.count, indexes: [task.shard.index] },
        target: task.targetLabel,
        compared: checker.compared,
        policy: scenario.policy,
        examplesPerGroup: task.examplesPerGroup,
      },
      violations,
      checker.violationGroups(),
      {
        wallMs,
        eventsPerSecond: events / (wallMs / 1000),
        latencyMs: latency.summary(),
        latencyHistogram: latency.encode(),
      },
    );
    return {
      ...result,
      ...(sellerAnswerViolations?.length ? { sellerAnswerViolations } : {}),
      ...(faults === undefined ? {} : { faults: faults() }),
      ...(stopped === undefined ? {} : { incomplete: { ...stopped, daysChecked, lostWorkers: [] } }),
    };
  } finally {
    await close();
  }
}
