import type fc from 'fast-check';

/**
 * Shared fast-check settings for every property suite.
 *
 * - `FC_NUM_RUNS=2000` runs every property that many times (deep runs; `npm run test:deep`).
 * - `FC_SEED=<n>` replays a run; `FC_PATH=<path>` (with `FC_SEED`, and `-t` to pick the property)
 *   replays just the shrunk counterexample a failure printed.
 *
 * Without `FC_SEED` a fresh seed is drawn once per test file and printed, so every run can be
 * replayed; a failure prints fast-check's own `{ seed, path }` and counterexample, never caught here.
 */
export const FC_SEED: number = parseIntEnv('FC_SEED') ?? (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
const FC_PATH = process.env.FC_PATH?.trim() || undefined;
const FC_NUM_RUNS = parseIntEnv('FC_NUM_RUNS');

console.info(
  `[fast-check] seed=${FC_SEED}${FC_NUM_RUNS === undefined ? '' : ` numRuns=${FC_NUM_RUNS}`} (replay with FC_SEED=${FC_SEED})`,
);

/**
 * Parameters for `fc.assert`: `numRuns` is this property's default, which `FC_NUM_RUNS` replaces.
 * The seed is shared by every property of the file.
 */
export function fcParams<T>(defaultNumRuns: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  return {
    seed: FC_SEED,
    numRuns: FC_NUM_RUNS ?? defaultNumRuns,
    ...(FC_PATH === undefined ? {} : { path: FC_PATH, endOnFailure: true }),
    ...extra,
  };
}

function parseIntEnv(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name}=${raw}: expected an integer`);
  return value;
}
