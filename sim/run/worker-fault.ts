/**
 * A worker that fails on purpose, to try the failure path of a run end to end (issue 12): the
 * coordinator must name the worker and the day, stop the others and write what was checked. Set
 * in the environment as `AFFSIM_WORKER_FAULT=<worker>@<day>:<how>`, e.g. `2@3:exit`: worker 2 (of
 * `--workers`, from 1) fails as it starts day 3 (from 1, as the progress line counts; at least 2,
 * since a worker reports a day once it is done). `how`:
 * - `exit`: the worker thread calls process.exit(1), as a native crash or a stray exit would end it;
 * - `throw`: an error nothing catches, as a socket 'error' event without a listener would throw;
 * - `oom`: the worker allocates until its heap is full (ERR_WORKER_OUT_OF_MEMORY); give the run a
 *   small heap (NODE_OPTIONS=--max-old-space-size=128) for it to come quickly.
 * Not a user option: no flag, and nothing happens unless the variable is set.
 */
export const WORKER_FAULT_ENV = 'AFFSIM_WORKER_FAULT';

const MODES = ['exit', 'throw', 'oom'] as const;
type Mode = (typeof MODES)[number];

export interface WorkerFaultSpec {
  /** From 1, as the failure messages name workers. */
  readonly worker: number;
  /** From 1; at least 2. */
  readonly day: number;
  readonly mode: Mode;
}

/** The spec, or an Error saying what is wrong with it (a mistyped hook must not pass silently). */
export function parseWorkerFault(text: string): WorkerFaultSpec {
  const m = /^(\d+)@(\d+):([a-z]+)$/.exec(text.trim());
  const mode = m?.[3] as Mode | undefined;
  if (m === null || mode === undefined || !MODES.includes(mode) || Number(m[1]) < 1 || Number(m[2]) < 2)
    throw new Error(
      `${WORKER_FAULT_ENV}=${text}: expected <worker>@<day>:<${MODES.join('|')}>, worker >= 1, day >= 2`,
    );
  return { worker: Number(m[1]), day: Number(m[2]), mode };
}

/**
 * For worker `worker` (0-based, as tasks count), a function to call with the number of days it
 * has finished; it fails as the spec says when the next day is the spec's. Undefined without a spec.
 */
export function workerFault(
  text: string | undefined,
  worker: number,
): ((daysDone: number) => void) | undefined {
  if (text === undefined || text === '') return undefined;
  const spec = parseWorkerFault(text);
  if (spec.worker !== worker + 1) return undefined;
  return (daysDone) => {
    if (daysDone + 1 !== spec.day) return;
    if (spec.mode === 'exit') process.exit(1);
    if (spec.mode === 'throw')
      setImmediate(() => {
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
