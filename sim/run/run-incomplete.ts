import type { RunIncomplete } from './run-result.js';
import { AdapterError, oneLine, TargetError } from './target-error.js';

/**
 * How a run that could not finish says so (issue 12): which worker, which day, what failed, and
 * for memory what to change. The reasons are one line each, for stderr and the reports.
 */

type Where = Pick<RunIncomplete, 'worker' | 'workers'>;
type Failure = Omit<RunIncomplete, 'daysChecked' | 'lostWorkers'>;

/**
 * A failure a shard stops on and still returns its result for: the platform past its retries
 * (TargetError) or the user's adapter (AdapterError). Anything else is a bug and is not caught
 * here (undefined): the worker fails, and the coordinator names it (workerDeath).
 */
export function shardFailure(
  e: unknown,
  where: Where,
  day: number,
  days: number,
  target: string,
): Failure | undefined {
  if (e instanceof TargetError)
    return {
      kind: 'target',
      reason: `target ${target} failed: ${oneLine(e.message)}`,
      ...where,
      day: lastDay(day, days),
    };
  if (e instanceof AdapterError)
    return { kind: 'adapter', reason: oneLine(e.message), ...where, day: lastDay(day, days) };
  return undefined;
}

/** The final read comes after the last day: it is said to fail on the last day. */
const lastDay = (day: number, days: number) => Math.min(day, Math.max(0, days - 1));

/** How far a worker had got when it failed: its last progress (day done, events sent). */
export interface WorkerReach {
  /** The day the worker was on (the one after its last finished day). */
  readonly day: number;
  readonly days: number;
  readonly events: number;
}

/**
 * A worker thread that died (piscina rejected its task): out of memory (ERR_WORKER_OUT_OF_MEMORY,
 * also a `resourceLimits` exit), `process.exit`, or an error nothing caught (a socket error
 * without a listener). The worker's checks are lost with it; its last progress says how far it got.
 */
export function workerDeath(e: unknown, where: Where, reach: WorkerReach): Failure {
  const error = e as { code?: unknown; message?: unknown; name?: unknown };
  const message = oneLine(String(error?.message ?? e));
  const after = `after ${reach.events.toLocaleString('en-US')} events`;
  const day = lastDay(reach.day, reach.days);
  if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const why = message.replace(/^Worker terminated due to reaching memory limit: /, '');
    return {
      kind: 'memory',
      reason: `ran out of memory (${after}; ${why}): ${workerAdvice(where)}`,
      ...where,
      day,
    };
  }
  // piscina's words for a worker that ended without answering its task (process.exit in it).
  const exited = /^worker exited with code: (\d+)/.exec(message);
  if (exited) return { kind: 'worker', reason: `exited with code ${exited[1]} (${after})`, ...where, day };
  const code = typeof error?.code === 'string' && !message.includes(error.code) ? ` (${error.code})` : '';
  return { kind: 'worker', reason: `failed (${after}): ${message}${code}`, ...where, day };
}

/** A failure of the main thread itself (the CLI's last resort): every worker is stopped. */
export function mainFailure(e: unknown, workers: number, day: number): Failure {
  const error = e as { message?: unknown; code?: unknown };
  const message = oneLine(String(error?.message ?? e));
  const code = typeof error?.code === 'string' && !message.includes(error.code) ? ` (${error.code})` : '';
  return { kind: 'main', reason: `the main thread failed: ${message}${code}`, workers, day };
}

/** What a stopped worker is told: who failed first. */
export function stopReason(f: Failure): string {
  return f.worker === undefined ? 'stopped: the main thread failed' : `stopped: worker ${f.worker} failed`;
}

/** `worker 2 of 2, day 5 of 60: <reason>` (days counted from 1, as the progress line does). */
export function incompleteLine(i: RunIncomplete, days: number): string {
  const worker = i.worker === undefined ? '' : `worker ${i.worker} of ${i.workers}`;
  const day = i.day === undefined ? '' : `day ${i.day + 1} of ${days}`;
  const where = [worker, day].filter(Boolean).join(', ');
  return `${where ? `${where}: ` : ''}${i.reason}`;
}

/** What to change when a worker's heap is too small for its share of the buyers. */
function workerAdvice(where: Where): string {
  return (
    `give each worker fewer buyers (more --workers than ${where.workers}, or split the run with --shard i/n ` +
    'and affsim merge), or raise the heap limit the workers share with the main thread: ' +
    'NODE_OPTIONS=--max-old-space-size=<MB>'
  );
}

/** A worker that stopped itself before its heap ran out (heap-pressure.ts): its checks are kept. */
export function workerHeapFull(heap: string, where: Where, day: number, events: number): Failure {
  return {
    kind: 'memory',
    reason: `stopped with its heap ${heap} (after ${events.toLocaleString('en-US')} events), before it ran out: ${workerAdvice(where)}`,
    ...where,
    day,
  };
}

/** The main thread stopped the run before its heap ran out (the in-process platform lives there). */
export function mainHeapFull(heap: string, workers: number, day: number): Failure {
  return {
    kind: 'memory',
    reason:
      `the main thread stopped the run with its heap ${heap}, before it ran out: the in-process platform keeps ` +
      'every order there; run the platform in a process of its own (affsim serve, then --target URL), or raise ' +
      'NODE_OPTIONS=--max-old-space-size=<MB>',
    workers,
    day,
  };
}
