import { swarmScenario } from '../../scenarios/swarm.js';
import { describePolicy } from '../domain/policy.js';
import { type ExitCode, type Io, UsageError } from './io.js';

/** Seeds one `--seeds` may run (a limit on everything). */
export const SEEDS_MAX = 100_000;

export interface SeedRange {
  readonly from: number;
  readonly to: number;
}

/** `--seeds 1..200` (inclusive), or one seed `--seeds 7`. */
export function parseSeedRange(text: string, usage: string): SeedRange {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text);
  const from = Number(m?.[1]);
  const to = Number(m?.[2] ?? m?.[1]);
  if (!m || !Number.isSafeInteger(from) || !Number.isSafeInteger(to) || to < from)
    throw new UsageError(`--seeds ${text}: expected a range like 1..200`, usage);
  if (to - from + 1 > SEEDS_MAX)
    throw new UsageError(`--seeds ${text}: at most ${SEEDS_MAX} seeds in one run`, usage);
  return { from, to };
}

/**
 * Runs seed after seed (swarm testing: many small runs, each drawing its own knobs), one line
 * each, and stops at the first seed with violations, whose run is printed in full with its replay
 * command (exit 1). A usage mistake or a failing target stops the loop as it would one run.
 */
export async function runSeeds(
  range: SeedRange,
  runOne: (seed: number, quiet: boolean) => Promise<ExitCode>,
  io: Io,
): Promise<ExitCode> {
  const started = performance.now();
  const count = range.to - range.from + 1;
  io.stdout.write(
    `affsim run: seeds ${range.from}..${range.to} (${count}), stopping at the first violation\n`,
  );
  for (let seed = range.from; seed <= range.to; seed += 1) {
    const code = await runOne(seed, true);
    if (code !== 0) {
      io.stderr.write(`affsim run: seed ${seed} failed, after ${seed - range.from} seed(s) passed\n`);
      return code;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(`all ${count} seeds passed: no violations (${seconds} s)\n`);
  return 0;
}

/** What the swarm drew for a seed: its policy and every knob, so a failing seed reads at a glance. */
export function swarmLines(seed: number): string[] {
  const scenario = swarmScenario(seed);
  const {
    name: _name,
    description: _description,
    policy: _policy,
    ...knobs
  } = scenario.spec as Record<string, unknown>;
  return [
    `swarm ${seed}: policy ${describePolicy(scenario.policy)}`,
    `swarm ${seed}: knobs ${flatten(knobs).join(' ')}`,
  ];
}

function flatten(value: unknown, path = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return Object.entries(value).flatMap(([k, v]) => flatten(v, path ? `${path}.${k}` : k));
  return [`${path}=${JSON.stringify(value)}`];
}
