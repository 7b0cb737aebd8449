import type { MessagePort } from 'node:worker_threads';
import type { RunResult } from '../sim/run/run-result.js';
import { type ConnectShard, runShard, type ShardTask } from '../sim/run/shard-run.js';
import { affsimTarget } from '../sim/targets/affsim-target.js';
import { loadTarget } from '../sim/targets/load-target.js';
import { createTargetContext } from '../sim/targets/target-context.js';

/**
 * The piscina entry point: one task is one shard of a run; progress goes back through `port`.
 * Here the worker's side is composed: the adapter (the user's file, or affsim's own API) and a
 * keep-alive connection to the platform, handed to the run through its port.
 */
export default async function shardWorker({
  task,
  port,
}: {
  task: ShardTask;
  port: MessagePort;
}): Promise<RunResult> {
  const connect: ConnectShard = async (policy) => {
    const target = task.adapterFile === undefined ? affsimTarget : await loadTarget(task.adapterFile);
    return { target, ...createTargetContext(task.baseUrl, policy) };
  };
  try {
    return await runShard(task, connect, (progress) => port.postMessage(progress));
  } finally {
    port.close();
  }
}
