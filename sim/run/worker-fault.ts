/**
 * A worker that fails on purpose, to try the failure path of a run end to end (issue 12): the
 * coordinator must name the worker and the day, stop the others and write what was checked. Set
 * in the environment as `AFFSIM_WORKER_FAULT=<worker>@<day>:<how>`, e.g. `2@3:exit`: worker 2 (of
 * `--workers`, from 1) fails as it starts day 3 (from 1, as the progress line counts). `how`:
 * - `exit`: the worker thread calls process.exit(1), as a native crash or a stray exit would end it;
 * - `throw`: an error nothing catches, as a socket 'error' event without a listener would throw;
 * - `oom`: the worker allocates until its heap is full (ERR_WORKER_OUT_OF_MEMORY); give the run a
 *   small heap (NODE_OPTIONS=--max-old-space-size=128) for it to come quickly.
 * Worker 0 is the main thread, with `throw` only (`0@3:throw`): an error nothing catches there, as
 * a stray socket error of the in-process platform would be, for the CLI's last resort
 * (last-resort.ts), once every worker has finished the day before (so day >= 2 there).
 * Not a user option: no flag, and nothing happens unless the variable is set.
 */
export const WORKER_FAULT_ENV = 'AFFSIM_WORKER_FAULT';

const MODES = ['exit', 'throw', 'oom'] as const;
type Mode = (typeof MODES)[number];

export interface WorkerFaultSpec {
  /** From 1, as the failure messages name workers; 0 for the main thread. */
  readonly worker: number;
  /** From 1 (from 2 for the main thread, which hears of a day once it is done). */
  readonly day: number;
  readonly mode: Mode;
}

/** The spec, or an Error saying what is wrong with it (a mistyped hook must not pass silently). */
export function parseWorkerFault(text: string): WorkerFaultSpec {
  const m = /^(\d+)@(\d+):([a-z]+)$/.exec(text.trim());
  const mode = m?.[3] as Mode | undefined;
  const ok =
    m !== null &&
    mode !== undefined &&
    MODES.includes(mode) &&
    Number(m[2]) >= (Number(m[1]) === 0 ? 2 : 1) &&
    (Number(m[1]) >= 1 || mode === 'throw');
  if (m === null || mode === undefined || !ok)
    throw new Error(
      `${WORKER_FAULT_ENV}=${text}: expected <worker>@<day>:<${MODES.join('|')}>, day >= 1, worker >= 1 (0: the main thread, throw only, day >= 2)`,
    );
  return { worker: Number(m[1]), day: Number(m[2]), mode };
}

/**
 * For worker `worker` (0-based, as tasks count), a function to call as it starts each day (0-based);
 * it fails as the spec says on the spec's day. Undefined without a spec, or for another worker.
 */
export function workerFault(text: string | undefined, worker: number): ((day: number) => void) | undefined {
  if (text === undefined || text === '') return undefined;
  const spec = parseWorkerFault(text);
  return spec.worker === worker + 1 ? failAt(spec, text) : undefined;
}

/** For the main thread (worker 0 of the spec): the same, called with the day every worker has reached. */
export function mainThreadFault(text: string | undefined): ((day: number) => void) | undefined {
  if (text === undefined || text === '') return undefined;
  const spec = parseWorkerFault(text);
  return spec.worker === 0 ? failAt(spec, text) : undefined;
}

function failAt(spec: WorkerFaultSpec, text: string): (day: number) => void {
  let done = false;
  return (day) => {
    if (done || day + 1 !== spec.day) return;
    done = true;
    if (spec.mode === 'exit') process.exit(1);
    // Thrown from a microtask of its own, outside the run's try blocks: nothing catches it, and it
    // fires before the run goes on to the next day.
    if (spec.mode === 'throw')
      queueMicrotask(() => {
        throw new Error(`injected failure (${WORKER_FAULT_ENV}=${text})`);
      });
    if (spec.mode === 'oom') exhaustHeap();
  };
}

/** Kept reachable, so the collector cannot free it: the heap fills until V8 stops the worker. */
const hoard: unknown[] = [];
function exhaustHeap(): never {
  for (;;) hoard.push(new Array(1 << 16).fill(hoard.length));
}
