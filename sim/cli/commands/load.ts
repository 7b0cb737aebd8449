import type { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  bundleK6Scripts,
  bundlePath,
  K6_SCRIPTS,
  type K6Script,
} from '../../../scenarios/k6/driver/bundle-scripts.js';
import { findK6 } from '../../../scenarios/k6/driver/find-k6.js';
import { runK6 } from '../../../scenarios/k6/driver/run-k6.js';
import { type BreakpointConfig, rampConfig } from '../../../scenarios/k6/lib/breakpoint-config.js';
import { createLogger } from '../../../server/http/logger.js';
import { type RunningServer, startServer } from '../../../server/serve.js';
import type { FixtureManifest } from '../../fixtures/fixture-format.js';
import { readManifest } from '../../fixtures/read-manifest.js';
import { writeFixtures } from '../../fixtures/write-fixtures.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { prepareTargetLoad, type TargetLoad } from '../load-on-target.js';
import { packageVersion } from '../package-version.js';
import { parseFlags } from '../parse-flags.js';
import { TARGET_TOKEN_ENV, targetToken } from '../target-token.js';
import { pointsFile, reportRun } from './_load-report.js';
import { describeFixtures, fixtureScenario, fixturesCommand } from './fixtures.js';
import { preloadFrom } from './serve.js';

export const LOAD_USAGE = `Usage: affsim load [${K6_SCRIPTS.join('|')} …] [--seed N] [--buyers N]
                   [--target URL [--target-adapter FILE]] [-- k6 run options …]

Runs the k6 load scripts of scenarios/k6 (all three in turn when none is named) under a real k6:
bundles them (dist/k6), writes the fixtures if they are missing, starts the platform with their
history preloaded (unless BASE_URL names one), runs k6, prints its summary and stops the server.
Every answer is checked against the reference model's; the thresholds decide the exit status.

Options:
      --seed N         seed of the fixtures to write when missing (default 1)
      --buyers N       buyers of the fixtures' world (default: the baseline's 50000)
      --target URL     a running service to load instead of starting one (attribution, and ingest
                       and mixed without an adapter); it must already hold the fixtures' history
      --target-adapter FILE  your service at --target, through its adapter's k6 part (docs/k6.md,
                       "Your own endpoint"): its read, and only the fields it compares checked
      --breakpoint     attribution only: ramp the arrival rate from START_RATE to MAX_RATE over RAMP
                       until a threshold breaks; print the highest rate held correct first
      --bundle-only    only bundle the scripts into dist/k6 (to run k6 yourself); needs no k6
  -h, --help           show this help
  -- …                 passed to 'k6 run' (e.g. -- --http-debug=headers)

Environment:
  K6_BIN      the k6 binary (default: k6 on PATH)
  BASE_URL    a platform to load instead of starting one; it must hold the fixtures' history
              (affsim serve --preload <FIXTURES>)
  FIXTURES    the fixture directory (default out/k6/fixtures)
  RATE, DURATION   iterations per second and length of each script (defaults: the script's)
  SUMMARY_DIR where each script's <script>-summary.json, -junit.xml and the load report
              <script>.html go (default out/k6/results)
  START_RATE, MAX_RATE, RAMP   --breakpoint's ramp (defaults 10, 1000 req/s over 1m)

Exit status: k6's (0 every threshold held, 99 a threshold failed, 107 a script error); with
several scripts the first failure's. 2 bad usage, or k6 is not installed. With --breakpoint:
0 a rate held with every answer correct (the run ending on a broken threshold is its purpose),
1 no rate held, 3 k6 left no points to judge; k6's other codes (107…) as they are.`;

export const DEFAULT_FIXTURES_DIR = 'out/k6/fixtures';
export const DEFAULT_RESULTS_DIR = 'out/k6/results';
const DEFAULT_SEED = 1;

/** `env` and `signals` are injectable so tests run it without k6 on PATH and without real signals. */
export async function run(
  args: string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
  signals: EventEmitter = process,
): Promise<ExitCode> {
  const split = args.indexOf('--');
  const ours = split === -1 ? args : args.slice(0, split);
  const k6Args = split === -1 ? [] : args.slice(split + 1);
  const { values, positionals } = parseFlags(
    ours,
    {
      seed: { type: 'string' },
      buyers: { type: 'string' },
      'bundle-only': { type: 'boolean' },
      target: { type: 'string' },
      'target-adapter': { type: 'string' },
      breakpoint: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    LOAD_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${LOAD_USAGE}\n`);
    return 0;
  }
  if (values['bundle-only']) {
    io.stdout.write(`${(await bundleK6Scripts()).join('\n')}\n`);
    return 0;
  }
  const breakpoint = values.breakpoint === true;
  const scripts = breakpointScripts(
    breakpoint,
    positionals.length === 0 ? [...K6_SCRIPTS] : positionals.map(scriptName),
    positionals.length === 0,
  );
  const ramp = breakpoint ? checkRamp(env) : undefined;
  const seed = values.seed === undefined ? undefined : wholeNumber('--seed', values.seed);
  const buyers = values.buyers === undefined ? undefined : wholeNumber('--buyers', values.buyers);
  if (values['target-adapter'] !== undefined && values.target === undefined)
    throw new UsageError('--target-adapter needs --target URL: the service the adapter talks to', LOAD_USAGE);

  // k6 first: without it nothing else is worth preparing, and the user learns it at once.
  const k6 = await findK6(env);
  if (!k6.ok) {
    io.stderr.write(`affsim load: ${k6.message}\n`);
    return 2;
  }
  await bundleK6Scripts();
  const fixturesDir = resolve(env.FIXTURES || DEFAULT_FIXTURES_DIR);
  // --target: a service of the user's, which must hold the fixtures already (load-on-target.ts).
  let onTarget: TargetLoad | undefined;
  if (values.target === undefined) await ensureFixtures(fixturesDir, seed, buyers, io);
  else {
    const adapter = values['target-adapter'];
    onTarget = await prepareTargetLoad(values.target, adapter, scripts, fixturesDir, io, LOAD_USAGE);
  }
  const resultsDir = resolve(env.SUMMARY_DIR || DEFAULT_RESULTS_DIR);
  await mkdir(resultsDir, { recursive: true });

  let server: RunningServer | undefined;
  const codes: [K6Script, number][] = [];
  let breakpointCode: number | undefined;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
  };
  signals.on('SIGINT', interrupt);
  signals.on('SIGTERM', interrupt);
  try {
    let baseUrl = onTarget?.baseUrl ?? env.BASE_URL;
    if (onTarget !== undefined) {
      io.stdout.write(`--target ${baseUrl}: it must hold the history of ${fixturesDir}\n`);
    } else if (baseUrl) {
      io.stdout.write(`BASE_URL=${baseUrl}: it must hold the history of ${fixturesDir}\n`);
    } else {
      const preloaded = await preloadFrom(fixturesDir);
      io.stdout.write(`${preloaded.note}\n`);
      server = await startServer({
        port: 0,
        policy: preloaded.policy,
        engine: preloaded.engine,
        logger: createLogger('silent'),
        version: packageVersion(),
      });
      baseUrl = server.url;
    }
    const runId = Date.now().toString(36);
    // R18: k6 sends the ingestion token of the server started here, or the user's for --target /
    // BASE_URL, read from k6's environment (never its command line, where ps shows it).
    const token = server?.ingestToken ?? targetToken(undefined, env);
    const k6Env = token === undefined ? env : { ...env, [TARGET_TOKEN_ENV]: token };
    for (const script of scripts) {
      if (interrupted) break;
      const bundle = onTarget?.bundles.get(script) ?? bundlePath(script);
      io.stdout.write(
        `\n=== k6 ${script}: ${bundle} against ${baseUrl} (RATE=${env.RATE || 'default'}, DURATION=${env.DURATION || 'default'})\n`,
      );
      // A breakpoint run holds k6's stdout (its summary) back so that the verdict comes first.
      const held = breakpoint ? heldOutput() : undefined;
      const code = await runK6({
        k6: k6.path,
        args: [
          'run',
          ...['-e', `BASE_URL=${baseUrl}`, '-e', `FIXTURES=${fixturesDir}`, '-e', `RUN_ID=${runId}`],
          ...['-e', `SUMMARY_DIR=${resultsDir}`, '-e', `SUMMARY_COLORS=${isTty(io) ? 1 : 0}`],
          ...[
            '--out',
            `json=${pointsFile(resultsDir, script)}`,
            ...(breakpoint ? ['-e', 'BREAKPOINT=1'] : []),
          ],
          ...k6Args,
          bundle,
        ],
        env: k6Env,
        stdout: held?.stream ?? io.stdout,
        stderr: io.stderr,
        signals,
      });
      codes.push([script, code]);
      const reported = await reportRun(script, resultsDir, code, ramp, packageVersion());
      if (breakpoint) {
        breakpointCode = reported.breakpointCode;
        io.stdout.write(`${reported.lines[0]}\n${held?.text() ?? ''}${reported.lines.slice(1).join('\n')}\n`);
      } else {
        io.stdout.write(`${reported.lines.join('\n')}\n`);
      }
    }
  } finally {
    signals.off('SIGINT', interrupt);
    signals.off('SIGTERM', interrupt);
    await server?.close();
  }
  io.stdout.write(`\n${recap(codes, resultsDir)}\n`);
  if (breakpointCode !== undefined) return interrupted ? 130 : breakpointCode;
  // k6's own code (99: thresholds failed) is passed through.
  return codes.find(([, code]) => code !== 0)?.[1] ?? (interrupted ? 130 : 0);
}

/** `attribution`, `attribution.ts`, `scenarios/k6/attribution.ts` and `dist/k6/attribution.js` all name the script. */
function scriptName(text: string): K6Script {
  const name = text.replace(/^.*\//, '').replace(/\.(ts|js)$/, '');
  const script = K6_SCRIPTS.find((s) => s === name);
  if (script === undefined) {
    throw new UsageError(`unknown script "${text}": expected ${K6_SCRIPTS.join(', ')}`, LOAD_USAGE);
  }
  return script;
}

/** Writes the fixtures unless the directory holds complete ones of the asked seed and size. */
async function ensureFixtures(dir: string, seed: number | undefined, buyers: number | undefined, io: Io) {
  const read = await readManifest(dir);
  const matches = (m: FixtureManifest) =>
    (seed === undefined || m.seed === seed) && (buyers === undefined || m.buyers === buyers);
  if (read.ok && matches(read.manifest)) {
    io.stdout.write(`fixtures: ${dir} (${read.manifest.command})\n`);
    return;
  }
  const scenario = fixtureScenario(read.ok ? read.manifest.scenario : 'baseline', buyers);
  const useSeed = seed ?? DEFAULT_SEED;
  io.stdout.write(`fixtures: writing ${dir} (${read.ok ? 'other seed or size' : read.message})…\n`);
  const manifest = await writeFixtures({
    scenario,
    seed: useSeed,
    outDir: dir,
    command: fixturesCommand(useSeed, dir, buyers),
  });
  io.stdout.write(`${describeFixtures(dir, manifest)}\n`);
}

/** --breakpoint ramps attribution.ts alone: naming no script means it, naming another is a usage error. */
function breakpointScripts(breakpoint: boolean, named: K6Script[], noneNamed: boolean): K6Script[] {
  if (!breakpoint) return named;
  if (noneNamed) return ['attribution'];
  const other = named.find((s) => s !== 'attribution');
  if (other !== undefined) {
    throw new UsageError(`--breakpoint ramps the attribution script only, not ${other}`, LOAD_USAGE);
  }
  return ['attribution'];
}

/** The ramp's variables, checked here too: a typo is a usage error, not a k6 script exception. */
function checkRamp(env: NodeJS.ProcessEnv): BreakpointConfig {
  try {
    return rampConfig(env);
  } catch (error) {
    throw new UsageError((error as Error).message, LOAD_USAGE);
  }
}

function heldOutput(): { stream: PassThrough; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function recap(codes: readonly [K6Script, number][], resultsDir: string): string {
  const meaning = (code: number) =>
    code === 0
      ? 'every threshold held'
      : code === 99
        ? 'a threshold failed'
        : code === 107
          ? 'the script failed'
          : 'k6 failed';
  return codes
    .map(
      ([script, code]) =>
        `${script}: ${meaning(code)} (k6 exit ${code}); ${resultsDir}/${script}-summary.json, ${script}-junit.xml`,
    )
    .join('\n');
}

function wholeNumber(flag: string, text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value))
    throw new UsageError(`${flag} ${text}: expected a whole number`, LOAD_USAGE);
  return value;
}

function isTty(io: Io): boolean {
  return (io.stdout as { isTTY?: boolean }).isTTY === true;
}
