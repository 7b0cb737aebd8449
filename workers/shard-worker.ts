import type { MessagePort } from 'node:worker_threads';
import type { RunResult } from '../sim/run/run-result.js';
import { runShard, type ShardTask } from '../sim/run/shard-run.js';

/** The piscina entry point: one task is one shard of a run; progress goes back through `port`. */
export default async function shardWorker({
  task,
  port,
}: {
  task: ShardTask;
  port: MessagePort;
}): Promise<RunResult> {
  try {
    return await runShard(task, (progress) => port.postMessage(progress));
  } finally {
    port.close();
  }
}
