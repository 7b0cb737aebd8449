import exec from 'k6/execution';
import type { FixtureManifest } from '../../../sim/fixtures/fixture-format.js';

/** Simulated time between two iterations' clicks: only their order matters, per buyer. */
export const ITERATION_SPACING_MS = 1_000;

export interface Iteration {
  /** Unique in the whole test: run, scenario, and the scenario's iteration number. */
  readonly key: string;
  readonly index: number;
  /** This iteration's instant, after every preloaded event (the manifest's `writeFromMs`). */
  readonly atMs: number;
}

/**
 * The current iteration's identity. `exec.scenario.iterationInTest` is unique across VUs and, in
 * a run split with `--execution-segment`, across instances (k6 ≥ 0.34 hands each segment its own
 * indexes); with the run id and the scenario name, ids never collide within or across runs (R17).
 */
export function currentIteration(runId: string, manifest: FixtureManifest): Iteration {
  const index = exec.scenario.iterationInTest;
  return {
    key: `k6-${runId}-${exec.scenario.name}-${index}`,
    index,
    atMs: manifest.writeFromMs + index * ITERATION_SPACING_MS,
  };
}
