import type { AffEvent } from '../domain/events.js';
import { DAY_MS } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import type { ScenarioChanges } from '../scenario/with-changes.js';
import { createSimulation } from '../traffic/create-simulation.js';
import { REFUNDS_AFTER_COMPLETION_MS_MAX } from '../traffic/index.js';
import type { Shard } from '../traffic/shard.js';
import { readDecisions, sendEvents, type TargetContext, type TargetDefinition } from './define-target.js';
import type { FaultSpec } from './fault-spec.js';
import { heapWatch, heapWords } from './heap-pressure.js';
import type { LatencyHistogram } from './latency-histogram.js';
import { readDecisionsInParallel, sendInParallel } from './parallel-send.js';
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
  /**
   * A soak's end (`--soak`, epoch ms): the shard ends before the first day that starts after it,
   * as if the scenario ended there (its decisions are all read back and compared).
   */
  readonly soakUntilMs?: number;
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
  /**
   * How many requests may be in flight at once for an adapter that sends one event a request (or
   * reads one decision a request): its connections. 1 or absent: one after another.
   */
  readonly inFlight?: number;
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
  /** Resolves when `day` may start: the other workers are close enough behind (day-pacing.ts). */
  readonly beforeDay?: (day: number) => Promise<void>;
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
 * day touched is read back and compared; an order whose decision can no longer change (cancelled,
 * refunded in full, or completed past the traffic's refund horizon) is then compared a last time,
 * feeds the result and is dropped, and at the end of the run the rest are. The model here is an independent instance fed the same events in time
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
  const { onProgress, onDayStart, stopRequested = () => undefined, beforeDay } = hooks;
  const started = performance.now();
  const scenario = await loadScenario(task.scenario, task.changes);
  const connection = await connect(scenario.policy);
  const { target, ctx, latency, close, faults } = connection;
  const { send, read } = transport(target, ctx, connection.inFlight ?? 1);
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
      // The traffic's promise (issue 12): completed orders are finalized this long after, and dropped.
      refundHorizonMs: REFUNDS_AFTER_COMPLETION_MS_MAX,
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
        await beforeDay?.(day.day);
        if (task.soakUntilMs !== undefined && Date.now() >= task.soakUntilMs) break;
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
          const sellerAnswers = await send(day.sellerEvents);
          const buyerAnswers = await send(day.buyerEvents);
          checker.day(day.sellerEvents, sellerAnswers, day.buyerEvents, buyerAnswers);
          const touched = checker.takeTouchedOrders();
          // Seen at the day's end: the history of a violation found now holds every event up to it.
          const dayEndMs = day.dayStartMs + DAY_MS - 1;
          checker.compareDecisions(touched, await read(touched), false, dayEndMs);
          // Orders whose decision can no longer change are read a last time and compared finally
          // now, not at the end: the checker keeps the open orders only (issue 12).
          const due = checker.dueOrders(dayEndMs);
          checker.compareDecisions(due, await read(due), true);
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
        checker.compareDecisions(all, await read(all), true);
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

/**
 * How the shard's events and reads reach the target. An adapter with `sendBatch` (affsim's own API)
 * gets each list in one call; one that sends an event a request gets up to `inFlight` requests at
 * once, in an arrival order inside the engine's ordering guarantee (ordered-dispatch.ts): one after
 * another, the simulator, not the service, would be what a run measures. Decisions likewise.
 */
function transport(target: TargetDefinition, ctx: TargetContext, inFlight: number) {
  const parallel = inFlight > 1;
  return {
    send: (events: readonly AffEvent[]) =>
      parallel && target.sendBatch === undefined && events.length > 1
        ? sendInParallel(target, events, ctx, inFlight)
        : sendEvents(target, events, ctx),
    read: (orderIds: readonly string[]) =>
      parallel && target.readDecisions === undefined && orderIds.length > 1
        ? readDecisionsInParallel(target, orderIds, ctx, inFlight)
        : readDecisions(target, orderIds, ctx),
  };
}
