import { join } from 'node:path';
import { DEFAULT_SCENARIO } from '../../../scenarios/index.js';
import { createProgress, type Progress } from '../../report/progress.js';
import { violationTotal } from '../../report/run-facts.js';
import { terminalSummary } from '../../report/terminal-summary.js';
import { writeRunFiles } from '../../report/write-run-files.js';
import type { FaultSpec } from '../../run/fault-spec.js';
import { incompleteLine } from '../../run/run-incomplete.js';
import { MAX_EVENTS_DEFAULT, runSimulation } from '../../run/run-simulation.js';
import { ScenarioLoadError, scenarioRef } from '../../run/scenario-ref.js';
import type { SoakOptions } from '../../run/soak-sampler.js';
import { AdapterError, EventLimitError, oneLine, TargetError } from '../../run/target-error.js';
import { EXAMPLES_PER_GROUP_DEFAULT, EXAMPLES_PER_GROUP_MAX } from '../../run/violation-book.js';
import { SCENARIO_DAYS_MAX } from '../../scenario/scenario-schema.js';
import type { ScenarioChanges } from '../../scenario/with-changes.js';
import { TargetMismatchError } from '../../targets/expect-platform-policy.js';
import { inProcessRunPlatform, remoteRunPlatform } from '../../targets/run-platforms.js';
import { parseShard, type Shard, WHOLE } from '../../traffic/shard.js';
import { type CrashSettings, crashRun, crashSummary, DEFAULT_RESTART_TIMEOUT_MS } from '../crash-flags.js';
import { durationText } from '../duration-flag.js';
import { faultsFlag } from '../faults-flag.js';
import { type ExitCode, type Io, TargetFailure, UsageError } from '../io.js';
import { guardRun } from '../last-resort.js';
import { mutantFlag } from '../mutant-flag.js';
import { prepareOutDir } from '../out-dir.js';
import { packageVersion } from '../package-version.js';
import { parseFlags } from '../parse-flags.js';
import { checkAdapter } from '../replay-on-service.js';
import { parseSeedRange, runSeeds, swarmLines } from '../run-seeds.js';
import { soakDays, soakFlags } from '../soak-flags.js';
import { TARGET_TOKEN_FLAG, targetToken } from '../target-token.js';
import { workersFlag } from '../workers-flag.js';

export const RUN_USAGE = `Usage: affsim run [scenario] [--seed N | --seeds A..B] [--buyers N] [--days N] [--workers N]
                  [--target URL] [--target-adapter file.ts] [--target-timeout MS] [--target-token T]
                  [--shard i/n] [--max-violations N] [--max-events N] [--out dir] [--mutant NAME]
                  [--faults SPEC] [--crash-every N [--target-cmd CMD] [--restart-timeout MS]]
                  [--soak D [--soak-sample D]]

Simulates a marketplace's affiliate programme (a built-in scenario, default ${DEFAULT_SCENARIO}; 'swarm',
whose policy and knobs are drawn from the seed; or a .ts file exporting defineScenario({...}))
against a platform, checking every answer and decision against the reference model. Violations
are traced to their cause and grouped; each kept example gets a history that 'affsim check'
replays, shrunk to a few events when the target can be reset. Writes result.json, report.html,
junit.xml and violations/*.jsonl.

Options:
      --seed N              the seed of the world and the traffic (default 1); same seed, same run
      --seeds A..B          run seeds A to B in turn, one line each; stop at the first with
                            violations and print it in full ('affsim run swarm --seeds 1..200')
      --buyers N            override the scenario's number of buyers
      --days N              override the scenario's number of simulated days
      --workers N           worker threads (default: min(2, CPUs); at most 4 per CPU and 64);
                            results do not depend on it
      --target URL          a running platform (default: affsim's own, in-process)
      --target-adapter F    a file exporting defineTarget({...}): how to talk to your platform
                            (loaded and checked before any traffic is sent)
      --target-timeout MS   how long a request to --target (or a crash run's platform) may wait for
                            its answer (default 30000); connection errors, timeouts and 5xx are
                            tried 3 times
      --target-token T      the bearer token sent to --target (affsim serve's ingestion token, R18);
                            default $AFFSIM_TARGET_TOKEN, which keeps it out of ps
      --shard i/n           run only the i-th of n shards of the buyers (merge with 'affsim merge')
      --max-violations N    examples kept per violation group, each with its history file
                            (default ${EXAMPLES_PER_GROUP_DEFAULT}, at most ${EXAMPLES_PER_GROUP_MAX}); every violation is counted
      --max-events N        stop (exit 2) before sending the day that would take the run past N
                            events (default ${MAX_EVENTS_DEFAULT.toLocaleString('en-US')}): the traffic is drawn day by day, so the
                            total is not known up front; with several workers the run stops once
                            their events together pass N (at most one day each past it)
      --out dir             where to write the results (default out/<scenario>-seed<N>[-shard-i-of-n])
      --mutant NAME         affsim's in-process platform runs a mutant of its engine (its shrinking
                            replays too): a variant that breaks one rule on purpose, for the mutant
                            zoo (docs/mutants.md; an unknown name lists them all); no --target
      --faults SPEC         network faults toward the target, seeded: drop=P[:before|:after],dup=P,
                            timeout=P,reorder=P,delay=MS|P:MS (P per attempt, 0..0.5); clients retry
                            with the same ids, so the result must equal the clean run's (R17)
      --crash-every N       a crash run: the platform runs as a child process (affsim serve
                            --data-dir <tmp>), is killed with SIGKILL at seeded points roughly every
                            N acknowledged events and restarted; requests it did not answer are sent
                            again once it is back. At the end every acknowledged event must be there
                            once (result.json faults.crash); lost or duplicated events exit 1
      --target-cmd CMD      with --crash-every: your service instead, started as CMD with its port
                            in {port} and in $PORT; healthy once GET /healthz answers below 500; it
                            must speak affsim's API (GET /policy, POST /events/batch)
      --restart-timeout MS  with --crash-every: how long a start may take (default ${DEFAULT_RESTART_TIMEOUT_MS})
      --soak D              a soak: the scenario's traffic goes on (its days with the same rates,
                            up to ${SCENARIO_DAYS_MAX} unless --days) for D of wall time (30s, 10m, 1h), sampling
                            RSS, heap, p99 and the event rate; the platform's from its /metrics
                            when it is affsim's, the simulator's always (result.json soak)
      --soak-sample D       with --soak: how often to sample (default 5s)
  -h, --help                show this help

Exit status: 0 no violations, 1 violations (the seed to replay is printed), 2 bad usage (a
missing or broken scenario or adapter file, an adapter that throws), 3 the target failed
(unreachable, no answer in time, 5xx after the retries) or a worker did (out of memory, a crash):
a failing platform is not a violation. A run that stops on a failure names the worker and the day
and still writes what it checked, its result.json marked incomplete.`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      seed: { type: 'string' },
      buyers: { type: 'string' },
      days: { type: 'string' },
      workers: { type: 'string' },
      target: { type: 'string' },
      'target-adapter': { type: 'string' },
      'target-timeout': { type: 'string' },
      ...TARGET_TOKEN_FLAG,
      shard: { type: 'string' },
      'max-violations': { type: 'string' },
      'max-events': { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      mutant: { type: 'string' },
      faults: { type: 'string' },
      'crash-every': { type: 'string' },
      'target-cmd': { type: 'string' },
      'restart-timeout': { type: 'string' },
      soak: { type: 'string' },
      'soak-sample': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    RUN_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${RUN_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 1)
    throw new UsageError(`unexpected argument(s): ${positionals.slice(1).join(' ')}`, RUN_USAGE);
  const scenarioArg = positionals[0] ?? DEFAULT_SCENARIO;
  const seed = integerFlag('--seed', values.seed, 0) ?? 1;
  const buyers = integerFlag('--buyers', values.buyers, 1);
  const days = integerFlag('--days', values.days, 1);
  const workers = workersFlag(integerFlag('--workers', values.workers, 1));
  const examplesPerGroup =
    integerFlag('--max-violations', values['max-violations'], 1) ?? EXAMPLES_PER_GROUP_DEFAULT;
  if (examplesPerGroup > EXAMPLES_PER_GROUP_MAX)
    throw new UsageError(
      `--max-violations ${examplesPerGroup}: at most ${EXAMPLES_PER_GROUP_MAX} examples per group`,
      RUN_USAGE,
    );
  const maxEvents = integerFlag('--max-events', values['max-events'], 1) ?? MAX_EVENTS_DEFAULT;
  let shard: Shard = WHOLE;
  if (values.shard !== undefined) {
    const parsed = parseShard(values.shard);
    if (!parsed)
      throw new UsageError(`--shard ${values.shard}: expected i/n with 1 <= i <= n, like 1/2`, RUN_USAGE);
    shard = parsed;
  }
  if (values.target !== undefined && !URL.canParse(values.target)) {
    throw new UsageError(`--target ${values.target}: expected a URL like http://127.0.0.1:8080`, RUN_USAGE);
  }
  if (values['target-adapter'] !== undefined && values.target === undefined) {
    throw new UsageError('--target-adapter needs --target URL: the platform the adapter talks to', RUN_USAGE);
  }
  const targetTimeoutMs = integerFlag('--target-timeout', values['target-timeout'], 1);
  if (targetTimeoutMs !== undefined && values.target === undefined && values['crash-every'] === undefined) {
    throw new UsageError('--target-timeout needs --target URL: the platform to wait for', RUN_USAGE);
  }
  if (values.mutant !== undefined && values.target !== undefined) {
    throw new UsageError(
      "--mutant runs a mutant of affsim's in-process platform: not available with --target",
      RUN_USAGE,
    );
  }
  const soak = soakFlags(values, RUN_USAGE);
  const faults = faultsFlag(values.faults);
  const crash = crashFlags(values, shard);
  const mutant = (await mutantFlag(values.mutant, io))?.name;
  // The adapter is checked here, in the main thread, before any traffic: a mistake in it is one line.
  if (values['target-adapter'] !== undefined) await checkAdapter(values['target-adapter']);
  const changes: ScenarioChanges = {
    ...(days === undefined && soak === undefined ? {} : { days: soak === undefined ? days : soakDays(days) }),
    ...(buyers === undefined ? {} : { world: { buyers } }),
  };
  const settings: RunSettings = {
    scenarioArg,
    buyers,
    days,
    workers,
    shard,
    changes,
    examplesPerGroup,
    maxEvents,
    target: values.target,
    adapter: values['target-adapter'],
    targetTimeoutMs,
    targetToken: targetToken(values['target-token']),
    mutant,
    faults,
    crash,
    soak,
  };
  if (values.seeds === undefined) return runSeed(seed, settings, values.out, io, false);
  if (values.seed !== undefined) throw new UsageError('--seed and --seeds: give one or the other', RUN_USAGE);
  return runSeeds(
    parseSeedRange(values.seeds, RUN_USAGE),
    (n: number, quiet: boolean) =>
      runSeed(n, settings, values.out === undefined ? undefined : join(values.out, `seed${n}`), io, quiet),
    io,
  );
}

/** What a run is, apart from its seed and where it writes. */
interface RunSettings {
  readonly scenarioArg: string;
  readonly buyers: number | undefined;
  readonly days: number | undefined;
  readonly workers: number;
  readonly shard: Shard;
  readonly changes: ScenarioChanges;
  readonly examplesPerGroup: number;
  readonly maxEvents: number;
  readonly target: string | undefined;
  readonly adapter: string | undefined;
  readonly targetTimeoutMs: number | undefined;
  /** The bearer token sent to --target (R18); never printed, not in the replay command. */
  readonly targetToken: string | undefined;
  readonly mutant: string | undefined;
  readonly faults: FaultSpec | undefined;
  readonly crash: CrashSettings | undefined;
  readonly soak: SoakOptions | undefined;
}

/**
 * One run of one seed: the traffic, the files, the summary. `quiet` (one seed of `--seeds`) leaves
 * out the progress and the summary of a run without violations; the caller prints one line.
 */
async function runSeed(
  seed: number,
  o: RunSettings,
  out: string | undefined,
  io: Io,
  quiet: boolean,
): Promise<ExitCode> {
  const { scenarioArg, buyers, days, workers, shard, changes, examplesPerGroup, targetTimeoutMs } = o;
  const values = { target: o.target, 'target-adapter': o.adapter, out };
  // The replay and check commands name the mutant: the violations are the mutant's, not the platform's.
  const mutantArg = o.mutant === undefined ? '' : `--mutant ${o.mutant}`;
  const adapter = values['target-adapter'];
  const checkDelivery = adapter ? `--target-adapter ${adapter}` : '--delivery recorded';
  const shardLabel = shard.count === 1 ? '' : `${shard.index + 1}/${shard.count}`;
  const name = scenarioArg.replace(/^.*[/\\]/, '').replace(/\.[cm]?[jt]s$/, '');
  const outDir =
    values.out ??
    join('out', `${name}-seed${seed}${shardLabel ? `-shard-${shard.index + 1}-of-${shard.count}` : ''}`);
  const command = (withShard: boolean) =>
    [
      'affsim run',
      scenarioArg,
      `--seed ${seed}`,
      buyers === undefined ? '' : `--buyers ${buyers}`,
      days === undefined ? '' : `--days ${days}`,
      withShard && shardLabel ? `--shard ${shardLabel}` : '',
      values.target ? `--target ${values.target}` : '',
      values['target-adapter'] ? `--target-adapter ${values['target-adapter']}` : '',
      mutantArg,
      o.faults === undefined ? '' : `--faults ${o.faults.text}`,
      o.crash === undefined ? '' : `--crash-every ${o.crash.everyN}`,
      o.crash?.targetCmd === undefined ? '' : `--target-cmd ${JSON.stringify(o.crash.targetCmd)}`,
      o.soak === undefined ? '' : `--soak ${durationText(o.soak.durationMs)}`,
    ]
      .filter(Boolean)
      .join(' ');
  // Violations carry the whole run's command, so shard results merge into the whole run's result.
  const replay = command(true);

  await prepareOutDir(outDir);
  const ref = scenarioRef(scenarioArg, seed);
  if (!quiet) {
    io.stdout.write(
      `affsim run ${scenarioArg}: seed ${seed}, ${workers} worker(s)${shardLabel ? `, shard ${shardLabel}` : ''}\n`,
    );
    if ('swarm' in ref) io.stdout.write(`${swarmLines(seed).join('\n')}\n`);
  }
  // Created at the first report, when the scenario (and so its number of days) is known.
  let progress: Progress | undefined;
  let result: Awaited<ReturnType<typeof runSimulation>>;
  // An error nothing caught (last-resort.ts) stops the run as a failed worker does: what was
  // checked is still written, and the run exits 3.
  const abort = new AbortController();
  const unguard = guardRun((e) => abort.abort(e));
  const crash = o.crash === undefined ? undefined : crashRun(o.crash, seed, o.mutant, targetTimeoutMs);
  try {
    result = await runSimulation({
      signal: abort.signal,
      scenario: ref,
      changes,
      seed,
      workers,
      shard,
      platform:
        crash?.platform ??
        (values.target === undefined
          ? inProcessRunPlatform({ mutant: o.mutant })
          : remoteRunPlatform(values.target, values['target-adapter'], targetTimeoutMs, o.targetToken)),
      ...(o.faults === undefined ? {} : { faults: o.faults }),
      ...(o.soak === undefined ? {} : { soak: o.soak }),
      outDir,
      version: packageVersion(),
      replay: command(false),
      examplesPerGroup,
      maxEvents: o.maxEvents,
      // Histories are recorded, and shrunk, in the order the run sent them: check sends them so.
      checkArgs: [values.target && `--target ${values.target}`, checkDelivery, mutantArg]
        .filter(Boolean)
        .join(' '),
      onShrink: (n) => {
        progress?.stop();
        progress = undefined;
        if (!quiet)
          io.stdout.write(`shrinking the histories of ${n} violation example${n === 1 ? '' : 's'}…\n`);
      },
      // Printed once the scenario has loaded and the platform opened: a bad argument prints no replay.
      onStart: () => {
        if (!quiet) io.stdout.write(`replay: ${replay}\n`);
      },
      onProgress: (p) => {
        if (quiet) return;
        progress ??= createProgress({ totalDays: p.days, stream: io.stdout });
        progress.update({ day: p.day + 1, events: p.events, violations: p.violations });
      },
    });
  } catch (e) {
    // The crash run's child platform goes with the run that failed.
    crash?.dispose();
    if (e instanceof ScenarioLoadError || e instanceof TargetMismatchError) throw new UsageError(e.message);
    // A user's adapter that throws is their mistake (2); a failing platform is not a violation (3).
    if (e instanceof AdapterError) throw new UsageError(oneLine(e.message));
    if (e instanceof EventLimitError) throw new UsageError(e.message);
    if (e instanceof TargetError)
      throw new TargetFailure(
        `target ${values.target ?? crash?.platform.label ?? "(affsim's in-process platform)"} failed: ${oneLine(e.message)}`,
      );
    throw e;
  } finally {
    unguard();
    progress?.stop();
  }
  if (crash !== undefined) {
    try {
      result = crash.finish(result);
    } finally {
      crash.dispose();
    }
  }
  const crashLine = crashSummary(result);
  const files = await writeRunFiles(outDir, result);
  if (result.incomplete !== undefined) {
    if (quiet)
      io.stdout.write(`seed ${seed}: the run did not finish; what it checked:\n\nreplay: ${replay}\n`);
    io.stdout.write(`\n${terminalSummary(result, { outDir }).join('\n')}\n`);
    io.stdout.write(`\nwrote ${files.resultFile}, ${files.reportFile}, ${files.junitFile}\n`);
    io.stderr.write(
      `affsim run: incomplete run: ${incompleteLine(result.incomplete, result.period.days)}; what was checked so far is in ${files.resultFile}\n`,
    );
    // The user's adapter threw: their mistake (2); anything else failed under the run (3).
    return result.incomplete.kind === 'adapter' ? 2 : 3;
  }
  const crashFailed = () => {
    io.stderr.write(`affsim run: acknowledged events were lost or duplicated; replay with: ${replay}\n`);
    return 1;
  };
  if (quiet && violationTotal(result) === 0 && !crashLine?.failed) {
    io.stdout.write(
      `seed ${seed}: ${result.events.sent.toLocaleString('en-US')} events, ${result.orders.total.toLocaleString('en-US')} orders, no violations (${outDir})\n`,
    );
    return 0;
  }
  if (quiet) io.stdout.write(`seed ${seed}: violations found; the run in full:\n\nreplay: ${replay}\n`);
  if (quiet && 'swarm' in ref) io.stdout.write(`${swarmLines(seed).join('\n')}\n`);
  io.stdout.write(`\n${terminalSummary(result, { outDir }).join('\n')}\n`);
  io.stdout.write(`\nwrote ${files.resultFile}, ${files.reportFile}, ${files.junitFile}\n`);
  if (violationTotal(result) > 0) {
    io.stderr.write(
      `affsim run: ${violationTotal(result)} violation(s); seed ${seed}; replay with: ${replay}\n`,
    );
    return 1;
  }
  if (crashLine?.failed) return crashFailed();
  return 0;
}

/** `--crash-every` and its companions, checked together: a crash run owns its platform. */
function crashFlags(
  values: {
    'crash-every'?: string | undefined;
    'target-cmd'?: string | undefined;
    'restart-timeout'?: string | undefined;
    target?: string | undefined;
  },
  shard: Shard,
): CrashSettings | undefined {
  const everyN = integerFlag('--crash-every', values['crash-every'], 1);
  const restartTimeoutMs = integerFlag('--restart-timeout', values['restart-timeout'], 1);
  if (everyN === undefined) {
    if (values['target-cmd'] !== undefined)
      throw new UsageError('--target-cmd needs --crash-every N', RUN_USAGE);
    if (restartTimeoutMs !== undefined)
      throw new UsageError('--restart-timeout needs --crash-every N', RUN_USAGE);
    return undefined;
  }
  if (values.target !== undefined) {
    throw new UsageError(
      '--crash-every starts and kills the platform itself: not with --target (give --target-cmd CMD to crash your service)',
      RUN_USAGE,
    );
  }
  if (shard.count > 1) throw new UsageError('--crash-every: a crash run is not sharded (--shard)', RUN_USAGE);
  if (values['target-cmd'] !== undefined && values['target-cmd'].trim() === '') {
    throw new UsageError('--target-cmd: expected a command', RUN_USAGE);
  }
  return {
    everyN,
    restartTimeoutMs: restartTimeoutMs ?? DEFAULT_RESTART_TIMEOUT_MS,
    targetCmd: values['target-cmd'],
  };
}

function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new UsageError(`${name} ${value}: expected an integer >= ${min}`, RUN_USAGE);
  }
  return Number(value);
}
