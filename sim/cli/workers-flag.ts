import { availableParallelism } from 'node:os';
import { UsageError } from './io.js';

/** Worker threads past this buy nothing and cost memory (each holds a world): 4 per core, at most 64. */
export function workersMax(cores = availableParallelism()): number {
  return Math.min(4 * cores, 64);
}

/** `--workers N` (default: min(2, cores)), refused past workersMax with the limit and the core count. */
export function workersFlag(workers: number | undefined): number {
  const cores = availableParallelism();
  if (workers === undefined) return Math.min(2, cores);
  const max = workersMax(cores);
  if (workers > max) {
    throw new UsageError(
      `--workers ${workers}: at most ${max} (4 per core, at most 64; this machine has ${cores} core${cores === 1 ? '' : 's'})`,
    );
  }
  return workers;
}
