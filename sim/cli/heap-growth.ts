import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets a heap grow past its live size before the next full collection, for `affsim run`
 * and `affsim serve`.
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

/**
 * The commands whose process lives on long-lived state: `run` (above) and `serve`, a platform that
 * keeps its R17 ids, orders and report rows for as long as it runs (by default its heap held 2–3×
 * what it kept in a soak; docs/benchmarks.md "Soak").
 */
const BOUNDED_COMMANDS: ReadonlySet<string> = new Set(['run', 'serve']);

/** Whether the command line's command is one whose heap growth the bin bounds. */
export function boundsHeapGrowth(argv: readonly string[]): boolean {
  return BOUNDED_COMMANDS.has(argv[0] ?? '');
}

/** For the bin: before a run or a server starts, bound heap growth unless the user chose it. */
export function boundRunHeapGrowth(argv: readonly string[]): void {
  if (!boundsHeapGrowth(argv)) return;
  if (userSetHeapGrowth(process.execArgv, process.env.NODE_OPTIONS)) return;
  setFlagsFromString(`${FLAG}=${RUN_HEAP_GROWING_PERCENT}`);
}
