import { builtInScenario, DEFAULT_SCENARIO } from '../../../scenarios/index.js';
import { FIXTURE_FILES, type FixtureManifest } from '../../fixtures/fixture-format.js';
import { writeFixtures } from '../../fixtures/write-fixtures.js';
import { type Scenario, ScenarioError } from '../../scenario/define-scenario.js';
import { withChanges } from '../../scenario/with-changes.js';
import { SEED_MAX } from '../../world/derive-seed.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { prepareOutDir } from '../out-dir.js';
import { parseFlags } from '../parse-flags.js';

export const FIXTURES_USAGE = `Usage: affsim fixtures --seed N --out dir [--buyers N] [--scenario name]

Writes what the k6 load scripts (scenarios/k6/) need, for one simulated world: the event history
(${FIXTURE_FILES.history}, the EVENTS.md format: preload it with 'affsim serve --preload dir', check it
with 'affsim check'), the world (${FIXTURE_FILES.world}), every order's expected decision from the reference
model (${FIXTURE_FILES.decisions}), write targets whose answers are known (${FIXTURE_FILES.targets}) and
${FIXTURE_FILES.manifest}. The same options always write the same files.

Options:
      --seed N          the master seed of the world and its traffic (0..${SEED_MAX})
      --out dir         the directory to write (created if needed; its files are replaced)
      --buyers N        buyers in the world (default: the scenario's; the baseline has 50000)
      --scenario name   a built-in scenario (default ${DEFAULT_SCENARIO})
  -h, --help            show this help

Exit status: 0 written, 2 bad usage.`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      seed: { type: 'string' },
      out: { type: 'string' },
      buyers: { type: 'string' },
      scenario: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    FIXTURES_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${FIXTURES_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument(s): ${positionals.join(' ')}`, FIXTURES_USAGE);
  }
  if (values.seed === undefined) throw new UsageError('missing --seed N', FIXTURES_USAGE);
  if (values.out === undefined) throw new UsageError('missing --out dir', FIXTURES_USAGE);
  const seed = integerFlag('--seed', values.seed, 0, SEED_MAX);
  const buyers =
    values.buyers === undefined
      ? undefined
      : integerFlag('--buyers', values.buyers, 1, Number.MAX_SAFE_INTEGER);
  const scenario = fixtureScenario(values.scenario ?? DEFAULT_SCENARIO, buyers);
  const command = fixturesCommand(seed, values.out, buyers, values.scenario);
  await prepareOutDir(values.out);
  io.stdout.write(`seed ${seed}, scenario ${scenario.name}, ${scenario.world.buyers} buyers\n`);
  const manifest = await writeFixtures({ scenario, seed, outDir: values.out, command });
  io.stdout.write(`${describeFixtures(values.out, manifest)}\n`);
  return 0;
}

/** The scenario with `--buyers` applied; bad names and sizes are usage errors. */
export function fixtureScenario(name: string, buyers: number | undefined): Scenario {
  const scenario = builtInScenario(name);
  if (scenario === undefined)
    throw new UsageError(`--scenario ${name}: not a built-in scenario`, FIXTURES_USAGE);
  if (buyers === undefined) return scenario;
  try {
    return withChanges(scenario, { world: { buyers } });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`--buyers ${buyers}: ${e.message}`, FIXTURES_USAGE);
    throw e;
  }
}

export function fixturesCommand(seed: number, out: string, buyers?: number, scenario?: string): string {
  return [
    `affsim fixtures --seed ${seed}`,
    buyers === undefined ? '' : ` --buyers ${buyers}`,
    scenario === undefined ? '' : ` --scenario ${scenario}`,
    ` --out ${out}`,
  ].join('');
}

export function describeFixtures(dir: string, m: FixtureManifest): string {
  return [
    `wrote ${dir}: ${m.events} events, ${m.orders} orders with their expected decisions, ${m.targets} write targets`,
    `history ends ${new Date(m.historyEndsAtMs).toISOString()}; load scripts write from ${new Date(m.writeFromMs).toISOString()}`,
    `preload it: affsim serve --preload ${dir}`,
  ].join('\n');
}

function integerFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} ${text}: expected an integer in ${min}..${max}`, FIXTURES_USAGE);
  }
  return value;
}
