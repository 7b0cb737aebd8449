import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow past its live size before the next full collection, for `affsim run`.
 * By default V8 grows a big heap up to 4× (a heap limit of GBs picks its largest factor), which suits
 * short-lived garbage; a run's heaps are mostly long-lived state (the in-process platform's pairs
 * and ids on the main thread, each worker's model and checker), so at a million buyers the default
 * holds more than twice the live state in RSS. 25% keeps it near the live state, at the cost of more
 * full collections (docs/benchmarks.md, "A million buyers"). V8 flags are per process, so this is set
 * once, by the bin, before any worker starts; a user's own `--heap-growing-percent` (in NODE_OPTIONS
 * or on node's command line) is left alone.
 */
export const RUN_HEAP_GROWING_PERCENT = 25;

const FLAG = '--heap-growing-percent';

export function userSetHeapGrowth(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  const named = (s: string) =>
    s === FLAG || s.startsWith(`${FLAG}=`) || s.startsWith('--heap_growing_percent');
  return execArgv.some(named) || (nodeOptions ?? '').split(/\s+/).some(named);
}

/** For the bin: before a run starts, bound heap growth unless the user chose it. */
export function boundRunHeapGrowth(argv: readonly string[]): void {
  if (argv[0] !== 'run') return;
  if (userSetHeapGrowth(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString(`${FLAG}=${RUN_HEAP_GROWING_PERCENT}`);
}
