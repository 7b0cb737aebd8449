import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SCENARIO } from '../../../scenarios/index.js';
import type { RunResult } from '../../run/run-result.js';
import { runSimulation, TargetMismatchError } from '../../run/run-simulation.js';
import { ScenarioLoadError, scenarioRef } from '../../run/scenario-ref.js';
import type { ScenarioChanges } from '../../scenario/with-changes.js';
import { parseShard, type Shard, WHOLE } from '../../traffic/shard.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { packageVersion } from '../package-version.js';
import { parseFlags } from '../parse-flags.js';

export const RUN_USAGE = `Usage: affsim run [scenario] [--seed N] [--buyers N] [--days N] [--workers N]
                  [--target URL] [--target-adapter file.ts] [--shard i/n] [--out dir]

Simulates a marketplace's affiliate programme (a built-in scenario, default ${DEFAULT_SCENARIO}, or a
.ts file exporting defineScenario({...})) against a platform, checking every answer and decision
against the reference model. Writes result.json, report.html, junit.xml and, for each violation, a
minimal history that 'affsim check' replays.

Options:
      --seed N              the seed of the world and the traffic (default 1); same seed, same run
      --buyers N            override the scenario's number of buyers
      --days N              override the scenario's number of simulated days
      --workers N           worker threads (default: min(2, CPUs)); results do not depend on it
      --target URL          a running platform (default: affsim's own, in-process)
      --target-adapter F    a file exporting defineTarget({...}): how to talk to your platform
      --shard i/n           run only the i-th of n shards of the buyers (merge with 'affsim merge')
      --out dir             where to write the results (default out/<scenario>-seed<N>[-shard-i-of-n])
  -h, --help                show this help

Exit status: 0 no violations, 1 violations (the seed to replay is printed), 2 bad usage.`;

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
      shard: { type: 'string' },
      out: { type: 'string' },
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
  const workers = integerFlag('--workers', values.workers, 1) ?? Math.min(2, availableParallelism());
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
  const changes: ScenarioChanges = {
    ...(days === undefined ? {} : { days }),
    ...(buyers === undefined ? {} : { world: { buyers } }),
  };
  const shardLabel = shard.count === 1 ? '' : `${shard.index + 1}/${shard.count}`;
  const name = scenarioArg.replace(/^.*[/\\]/, '').replace(/\.[cm]?[jt]s$/, '');
  const outDir =
    values.out ??
    join('out', `${name}-seed${seed}${shardLabel ? `-shard-${shard.index + 1}-of-${shard.count}` : ''}`);
  const replay = [
    'affsim run',
    scenarioArg,
    `--seed ${seed}`,
    buyers === undefined ? '' : `--buyers ${buyers}`,
    days === undefined ? '' : `--days ${days}`,
    shardLabel ? `--shard ${shardLabel}` : '',
    values.target ? `--target ${values.target}` : '',
    values['target-adapter'] ? `--target-adapter ${values['target-adapter']}` : '',
  ]
    .filter(Boolean)
    .join(' ');

  io.stdout.write(
    `affsim run ${scenarioArg}: seed ${seed}, ${workers} worker(s)${shardLabel ? `, shard ${shardLabel}` : ''}\n`,
  );
  io.stdout.write(`replay: ${replay}\n`);
  const started = Date.now();
  let lastLine = 0;
  let result: RunResult;
  try {
    result = await runSimulation({
      scenario: scenarioRef(scenarioArg),
      changes,
      seed,
      workers,
      shard,
      ...(values.target ? { target: values.target } : {}),
      ...(values['target-adapter'] ? { adapterFile: values['target-adapter'] } : {}),
      outDir,
      version: packageVersion(),
      replay,
      onProgress: (p) => {
        if (Date.now() - lastLine < 2_000) return;
        lastLine = Date.now();
        const seconds = (Date.now() - started) / 1000;
        io.stdout.write(
          `day ${p.day + 1}/${p.days}  ${p.events} events  ${Math.round(p.events / seconds)} events/s  ${p.violations} violations\n`,
        );
      },
    });
  } catch (e) {
    if (e instanceof ScenarioLoadError || e instanceof TargetMismatchError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout.write(
    `\n${result.events.sent} events, ${result.orders.total} orders, commission ${result.commission.totalCents} cents, ${Math.round(result.timing.eventsPerSecond)} events/s\n`,
  );
  io.stdout.write(`results: ${join(outDir, 'result.json')}\n`);
  if (result.violations.length > 0 || Object.values(result.daily).some((d) => d.violations > 0)) {
    const total = result.daily.reduce((n, d) => n + d.violations, 0);
    io.stdout.write(`\n${total} violation(s); minimal histories under ${join(outDir, 'violations')}\n`);
    for (const v of result.violations.slice(0, 10)) {
      io.stdout.write(
        `  ${v.kind} ${v.subject} [${v.rules.join(' ')}] ${v.fields.join(', ')}  →  affsim check ${join(outDir, v.historyFile)}\n`,
      );
    }
    io.stderr.write(`affsim run: violations found; replay with: ${replay}\n`);
    return 1;
  }
  return 0;
}

function integerFlag(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) {
    throw new UsageError(`${name} ${value}: expected an integer >= ${min}`, RUN_USAGE);
  }
  return Number(value);
}
