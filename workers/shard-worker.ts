import type { MessagePort } from 'node:worker_threads';
import { DayPacer, type PaceMessage } from '../sim/run/day-pacing.js';
import type { RunResult } from '../sim/run/run-result.js';
import type { StopMessage } from '../sim/run/run-simulation.js';
import { type ConnectShard, runShard, type ShardTask } from '../sim/run/shard-run.js';
import { SharedReach } from '../sim/run/shared-reach.js';
import { AdapterError, oneLine, toWorkerError } from '../sim/run/target-error.js';
import { WORKER_FAULT_ENV, workerFault } from '../sim/run/worker-fault.js';
import { affsimTarget } from '../sim/targets/affsim-target.js';
import { FaultInjector } from '../sim/targets/fault-injector.js';
import { reorderingTarget } from '../sim/targets/fault-reordering.js';
import { guardTarget } from '../sim/targets/guard-target.js';
import { loadTarget } from '../sim/targets/load-target.js';
import { CONNECTIONS_PER_WORKER, createTargetContext } from '../sim/targets/target-context.js';

/**
 * The piscina entry point: one task is one shard of a run; progress goes back through `port`.
 * Here the worker's side is composed: the adapter (the user's file, or affsim's own API) and a
 * keep-alive connection to the platform, handed to the run through its port.
 */
export default async function shardWorker({
  task,
  port,
  reachBuffer,
}: {
  task: ShardTask;
  port: MessagePort;
  reachBuffer: SharedArrayBuffer;
}): Promise<RunResult> {
  // Written as the shard goes, in memory the coordinator shares: it outlives a worker that dies.
  const reach = new SharedReach(reachBuffer);
  const connect: ConnectShard = async (policy) => {
    const target = guardTarget(
      task.adapterFile === undefined ? affsimTarget : await loadAdapter(task.adapterFile),
      task.adapterFile,
    );
    const timeouts = task.targetTimeoutMs === undefined ? {} : { requestTimeoutMs: task.targetTimeoutMs };
    const ctx = (faults?: FaultInjector) =>
      createTargetContext(task.baseUrl, policy, timeouts, faults, undefined, task.token);
    // As many requests in flight as the worker has connections (shard-run.ts `transport`).
    const inFlight = CONNECTIONS_PER_WORKER;
    if (task.faults === undefined) return { target, inFlight, ...ctx() };
    // --faults: on the client side of whichever target, drawn from the seed and this worker's shard.
    const faults = new FaultInjector(task.faults, task.seed, task.shard);
    return {
      target: faults.reorders ? reorderingTarget(target, faults) : target,
      inFlight,
      ...ctx(faults),
      faults: () => faults.report(),
    };
  };
  // The coordinator asks the shard to stop when another worker failed (run-simulation.ts).
  // It also says how far the slowest worker is, so this one stays within the pair expiry lag.
  let stop: string | undefined;
  const pacer = new DayPacer();
  port.on('message', (m: StopMessage | PaceMessage) => {
    if ('slowestDay' in m) pacer.update(m.slowestDay);
    else {
      stop ??= m.stop;
      pacer.stop();
    }
  });
  const fault = workerFault(process.env[WORKER_FAULT_ENV], task.worker);
  try {
    return await runShard(task, connect, {
      onProgress: (progress) => {
        reach.done(progress.events);
        port.postMessage(progress);
      },
      onDayStart: (day) => {
        reach.started(day);
        fault?.(day);
      },
      stopRequested: () => stop,
      beforeDay: (day) => pacer.turn(day),
    });
  } catch (e) {
    // Cloned to the main thread with its message only: the kind (target, adapter) travels in it.
    throw toWorkerError(e);
  } finally {
    port.close();
  }
}

/** Checked in the main thread before any traffic (affsim run); loaded again here for its functions. */
async function loadAdapter(file: string) {
  try {
    return await loadTarget(file);
  } catch (e) {
    throw new AdapterError(oneLine((e as Error).message));
  }
}
