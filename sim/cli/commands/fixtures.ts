import { builtInScenario, DEFAULT_SCENARIO } from '../../../scenarios/index.js';
import { FIXTURE_FILES, type FixtureManifest } from '../../fixtures/fixture-format.js';
import { writeFixtures } from '../../fixtures/write-fixtures.js';
import { type Scenario, ScenarioError } from '../../scenario/define-scenario.js';
import { withChanges } from '../../scenario/with-changes.js';
import { SEED_MAX } from '../../world/derive-seed.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { prepareOutDir } from '../out-dir.js';
import { parseFlags } from '../parse-flags.js';
import { checkAdapter } from '../replay-on-service.js';

/** What 'npm run load' reads (sim/cli/commands/load.ts' DEFAULT_FIXTURES_DIR). */
const DEFAULT_FIXTURES_DIR = 'out/k6/fixtures';
const DEFAULT_CONCURRENCY = 16;
const CONCURRENCY_MAX = 256;

export const FIXTURES_USAGE = `Usage: affsim fixtures --seed N --out dir [--buyers N] [--scenario name]
                       [--into URL [--target-adapter file.ts] [--reset] [--concurrency N]]

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
      --into URL        then preload the history into the service at URL, checking it on the way:
                        every answer (accepted, or refused with its rule) and then every order's
                        decision against the reference model, as 'affsim check --target' does;
                        the manifest records the load (loadedInto). --out defaults to
                        ${DEFAULT_FIXTURES_DIR} (what 'npm run load' reads)
      --target-adapter F  the service at --into through its adapter file (defineTarget, as for
                        'affsim run'); affsim's own API (batches) when absent
      --reset           empty the service first through the adapter's reset(ctx); without it the
                        service must start empty (events it already had are refused: exit 2)
      --concurrency N   events in flight at most for an adapter sending one event a request
                        (1..${CONCURRENCY_MAX}, default ${DEFAULT_CONCURRENCY}); events that share a store, buyer,
                        order or id are never in flight together, so arrival order stays inside
                        the engine's ordering guarantee (server/README.md)
  -h, --help            show this help

Exit status: 0 written (and, with --into, loaded with every answer and decision agreeing), 1 the
service disagrees with the model (each cause named), 2 bad usage, an adapter that is missing, does
not load or throws, or a service already holding the events, 3 the service failed (cannot be
reached, no answer in time, 5xx).`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      seed: { type: 'string' },
      out: { type: 'string' },
      buyers: { type: 'string' },
      scenario: { type: 'string' },
      into: { type: 'string' },
      'target-adapter': { type: 'string' },
      reset: { type: 'boolean' },
      concurrency: { type: 'string' },
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
  const into = intoFlags(values);
  const out = values.out ?? (into === undefined ? undefined : DEFAULT_FIXTURES_DIR);
  if (out === undefined) throw new UsageError('missing --out dir', FIXTURES_USAGE);
  const seed = integerFlag('--seed', values.seed, 0, SEED_MAX);
  const buyers =
    values.buyers === undefined
      ? undefined
      : integerFlag('--buyers', values.buyers, 1, Number.MAX_SAFE_INTEGER);
  const scenario = fixtureScenario(values.scenario ?? DEFAULT_SCENARIO, buyers);
  // The adapter is checked before any work, so a broken file costs no simulation.
  const target = into?.adapterFile === undefined ? undefined : await checkAdapter(into.adapterFile);
  if (into?.reset === true && target?.reset === undefined) {
    throw new UsageError(
      target === undefined
        ? "--reset empties the service through its adapter's reset(ctx): affsim's API has none; use --target-adapter, or start the service empty"
        : `--reset: the adapter ${into.adapterFile} has no reset(ctx); start the service empty instead`,
      FIXTURES_USAGE,
    );
  }
  const command = fixturesCommand(seed, out, buyers, values.scenario);
  await prepareOutDir(out);
  io.stdout.write(`seed ${seed}, scenario ${scenario.name}, ${scenario.world.buyers} buyers\n`);
  const manifest = await writeFixtures({ scenario, seed, outDir: out, command });
  io.stdout.write(`${describeFixtures(out, manifest)}\n`);
  if (into === undefined) return 0;
  const { preloadInto } = await import('../preload-into.js');
  return preloadInto({ dir: out, manifest, ...into, ...(target === undefined ? {} : { target }), io });
}

interface IntoFlags {
  readonly url: string;
  readonly adapterFile?: string;
  readonly reset: boolean;
  readonly concurrency: number;
}

/** `--into` and the flags that only go with it, checked; undefined without --into. */
function intoFlags(values: {
  into?: string;
  'target-adapter'?: string;
  reset?: boolean;
  concurrency?: string;
}): IntoFlags | undefined {
  const url = values.into;
  if (url === undefined) {
    const stray = (['target-adapter', 'reset', 'concurrency'] as const).find((f) => values[f] !== undefined);
    if (stray !== undefined)
      throw new UsageError(`--${stray} goes with --into URL: the service to preload`, FIXTURES_USAGE);
    return undefined;
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`--into ${url}: expected a URL like http://127.0.0.1:8080`, FIXTURES_USAGE);
  }
  const adapterFile = values['target-adapter'];
  return {
    url,
    ...(adapterFile === undefined ? {} : { adapterFile }),
    reset: values.reset === true,
    concurrency:
      values.concurrency === undefined
        ? DEFAULT_CONCURRENCY
        : integerFlag('--concurrency', values.concurrency, 1, CONCURRENCY_MAX),
  };
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
    m.loadedInto === undefined
      ? `preload it: affsim serve --preload ${dir}, or into your service: --into URL`
      : `loaded into ${m.loadedInto.url}: ${m.loadedInto.disagreements} disagreement(s)`,
  ].join('\n');
}

function integerFlag(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} ${text}: expected an integer in ${min}..${max}`, FIXTURES_USAGE);
  }
  return value;
}
