import type { SoakOptions } from '../run/soak-sampler.js';
import { SCENARIO_DAYS_MAX } from '../scenario/scenario-schema.js';
import { probePlatform } from '../targets/metrics-probe.js';
import { durationFlag } from './duration-flag.js';
import { UsageError } from './io.js';

/** A soak runs at least this long (a few samples) and at most a day. */
const SOAK_MIN_MS = 10_000;
const SOAK_MAX_MS = 24 * 3_600_000;
export const SOAK_SAMPLE_DEFAULT_MS = 5_000;

/**
 * `affsim run --soak D [--soak-sample D]` (README "Soak"). A soak runs the scenario for a wall
 * time: its days go on with the same rates (the scenario's `days` become SCENARIO_DAYS_MAX unless
 * `--days` is given) and the shards stop at the first day after the time is up. Undefined without
 * `--soak`.
 */
export function soakFlags(
  values: { soak?: string | undefined; 'soak-sample'?: string | undefined; seeds?: string | undefined },
  usage: string,
): SoakOptions | undefined {
  if (values.soak === undefined) {
    if (values['soak-sample'] !== undefined) throw new UsageError('--soak-sample needs --soak D', usage);
    return undefined;
  }
  if (values.seeds !== undefined)
    throw new UsageError('--soak and --seeds: a soak is one long run of one seed', usage);
  const durationMs = durationFlag('--soak', values.soak, { minMs: SOAK_MIN_MS, maxMs: SOAK_MAX_MS }, usage);
  const sampleMs =
    values['soak-sample'] === undefined
      ? Math.min(SOAK_SAMPLE_DEFAULT_MS, durationMs / 4)
      : durationFlag('--soak-sample', values['soak-sample'], { minMs: 1_000, maxMs: durationMs / 2 }, usage);
  return { durationMs, sampleMs, probe: probePlatform };
}

/** The scenario's length in a soak: `--days` if given, else as long as a scenario may be. */
export function soakDays(days: number | undefined): number {
  return days ?? SCENARIO_DAYS_MAX;
}
