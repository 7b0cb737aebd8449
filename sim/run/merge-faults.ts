import type { FaultCounts, RunFaults } from './run-result.js';

/** No fault yet: what a worker starts counting from. */
export const NO_FAULTS: FaultCounts = Object.freeze({
  dropBefore: 0,
  dropAfter: 0,
  dup: 0,
  delay: 0,
  reorder: 0,
  timeout: 0,
});

/**
 * The faults of results that are shards of one run (the same `--faults` spec, which the merge
 * checks first): the injected counts and the retries add up, as the workers' own do. Undefined
 * when the run had no faults, so a clean result stays as it was.
 */
export function mergeFaults(results: readonly { readonly faults?: RunFaults }[]): RunFaults | undefined {
  const faulted = results.flatMap((r) => (r.faults === undefined ? [] : [r.faults]));
  const [first] = faulted;
  if (first === undefined) return undefined;
  const injected = { ...NO_FAULTS };
  for (const f of faulted)
    for (const key of Object.keys(injected) as (keyof FaultCounts)[]) injected[key] += f.injected[key];
  return { spec: first.spec, injected, retries: faulted.reduce((n, f) => n + f.retries, 0) };
}
