import { compareRuns, type EngineRun } from '../../check/compare-runs.js';
import { disagreementLines, tracedDisagreementLines } from '../../check/format-disagreements.js';
import { toDecisionJson } from '../../domain/decision.js';
import type { AffEvent } from '../../domain/events.js';
import type { Policy } from '../../domain/policy.js';
import { evaluateHistory } from '../../model/evaluate-history.js';
import type { TargetDefinition } from '../../run/define-target.js';
import { oneLine, TargetError } from '../../run/target-error.js';
import { jsonChunks, textReport } from '../check-report.js';
import { type ExitCode, type Io, TargetFailure, UsageError, writeAll } from '../io.js';
import { loadHistory } from '../load-history.js';
import { mutantFlag } from '../mutant-flag.js';
import { parseFlags } from '../parse-flags.js';
import { checkAdapter, replayOnService } from '../replay-on-service.js';
import { TARGET_TOKEN_FLAG, targetToken } from '../target-token.js';

export const CHECK_USAGE = `Usage: affsim check <history.jsonl> [--policy key=value …] [--json]
                    [--engine model|server|both] [--target URL [--target-adapter file.ts]]
                    [--mutant NAME] [--delivery time|recorded]

Evaluates a history (EVENTS.md) with the reference model of RULES.md and prints every order's
decision and every rejected event with its rule id. With --engine both (the default) the history
also goes through the platform server, and every disagreement is shown side by side.

Options:
  -p, --policy key=value  override a policy option of the history's policy line (repeatable;
                          e.g. --policy windowDays=7 --policy rateBounds=1..9000)
      --json              print one JSON object {"decisions": [...], "rejected": [...]}
                          (with disagreements, also "disagreements": [...])
      --engine E          model: the reference model only; server: the platform only;
                          both (default): both, compared
      --target URL        the platform to check: a running server that speaks affsim's API
                          (affsim serve, or your own), started empty with the same policy;
                          default: affsim's platform in-process
      --target-token T    the bearer token sent to --target (affsim serve's ingestion token, R18);
                          default $AFFSIM_TARGET_TOKEN, which keeps it out of ps
      --target-adapter F  your service at --target, through its adapter file (defineTarget, as for
                          'affsim run'): the adapter is checked, reset(ctx) empties the service
                          (without reset it must start empty), the events are sent in recording
                          order, and every answer and decision is compared on the adapter's
                          'compare' fields; each disagreement is shown with its cause. --json
                          adds "target" and "disagreements": [{kind: answer|decision, …, cause}]
      --mutant NAME       the in-process platform runs a mutant of its engine: a variant that
                          breaks one rule on purpose, for the mutant zoo (docs/mutants.md; an
                          unknown name lists them all); --engine server or both, no --target
      --delivery D        the order the platform is sent the events in: time (default; time
                          order, ties in recording order: inside the engine's ordering guarantee
                          for any recording) or recorded (the file's order, as a run sent them:
                          a run's violation histories say --delivery recorded)
  -h, --help              show this help

Exit status: 0 evaluated (and the engines agree), 1 the engines disagree, 2 bad input (the line
and field are named), a platform that runs another policy, or an adapter that is missing, does not
load or throws (one line names the file), 3 the platform failed (cannot be reached, no answer in
time, 5xx).`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      policy: { type: 'string', short: 'p', multiple: true },
      json: { type: 'boolean' },
      engine: { type: 'string', default: 'both' },
      target: { type: 'string' },
      'target-adapter': { type: 'string' },
      ...TARGET_TOKEN_FLAG,
      mutant: { type: 'string' },
      delivery: { type: 'string', default: 'time' },
      help: { type: 'boolean', short: 'h' },
    },
    CHECK_USAGE,
  );
  const engine = values.engine;
  if (engine !== 'model' && engine !== 'server' && engine !== 'both') {
    throw new UsageError(`--engine ${engine}: expected model, server or both`, CHECK_USAGE);
  }
  const delivery = values.delivery === 'recorded' ? 'as-recorded' : 'time-order';
  if (values.delivery !== 'time' && values.delivery !== 'recorded') {
    throw new UsageError(`--delivery ${values.delivery}: expected time or recorded`, CHECK_USAGE);
  }
  if (values.target !== undefined && !URL.canParse(values.target)) {
    throw new UsageError(`--target ${values.target}: expected a URL like http://127.0.0.1:8080`, CHECK_USAGE);
  }
  if (values.target !== undefined && engine === 'model') {
    throw new UsageError('--target names a platform, but --engine model runs none', CHECK_USAGE);
  }
  const adapterFile = values['target-adapter'];
  if (adapterFile !== undefined && values.target === undefined) {
    throw new UsageError(
      '--target-adapter needs --target URL: the service the adapter talks to',
      CHECK_USAGE,
    );
  }
  if (adapterFile !== undefined && engine !== 'both') {
    throw new UsageError(
      `--target-adapter compares your service with the model: --engine ${engine} is not available with it`,
      CHECK_USAGE,
    );
  }
  if (values.mutant !== undefined && (engine === 'model' || values.target !== undefined)) {
    throw new UsageError(
      `--mutant runs a mutant of affsim's in-process platform: not available with ${values.target === undefined ? '--engine model' : '--target'}`,
      CHECK_USAGE,
    );
  }
  if (values.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const { file, assignments } = splitPositionals(positionals, CHECK_USAGE);
  const mutant = (await mutantFlag(values.mutant, io))?.name;
  if (adapterFile !== undefined) {
    const target = await checkAdapter(adapterFile);
    const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...assignments]);
    return checkOnService(file, history.events, policy, values.target as string, adapterFile, target, {
      json: values.json === true,
      io,
      token: targetToken(values['target-token']),
    });
  }
  const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...assignments]);
  const serverName = values.target
    ? `the platform at ${values.target}`
    : mutant === undefined
      ? 'the platform'
      : `the platform (MUTANT ${mutant})`;
  const server =
    engine === 'model'
      ? undefined
      : await onServer(
          history.events,
          policy,
          values.target,
          mutant,
          delivery,
          (i) => `${file}:${history.lines[i]}`,
          targetToken(values['target-token']),
        );
  const model = engine === 'server' ? undefined : modelRun(history.events, policy);
  const shown = (model ?? server) as EngineRun;
  const disagreements = model && server ? compareRuns(model, server) : [];
  if (values.json) await writeAll(io.stdout, jsonChunks(shown.decisions, shown.rejected, disagreements));
  else {
    await writeAll(io.stdout, textReport(file, history.events.length, policy, shown, engine, serverName));
    if (disagreements.length > 0) await writeAll(io.stdout, disagreementLines(disagreements, serverName));
  }
  if (disagreements.length > 0) {
    io.stderr.write(
      `affsim check: the reference model and ${serverName} disagree (${disagreements.length})\n`,
    );
    return 1;
  }
  return 0;
}

/**
 * `--target URL --target-adapter FILE`: the history replayed on the user's service (after its
 * reset), every answer and decision compared on the adapter's `compare` fields, as a run does.
 */
async function checkOnService(
  file: string,
  events: readonly AffEvent[],
  policy: Policy,
  url: string,
  adapterFile: string,
  target: TargetDefinition,
  options: { json: boolean; io: Io; token: string | undefined },
): Promise<ExitCode> {
  const { io } = options;
  const model = modelRun(events, policy);
  const service = await replayOnService(
    'check',
    events,
    policy,
    { url, adapterFile, target, token: options.token },
    io,
  );
  const { name, disagreements, compared } = service;
  if (options.json) {
    const targetJson = { url, adapter: adapterFile, name: target.name, reset: service.resets, compared };
    await writeAll(
      io.stdout,
      jsonChunks(model.decisions, model.rejected, [], { target: targetJson, disagreements }),
    );
  } else {
    await writeAll(io.stdout, textReport(file, events.length, policy, model, 'both', name, compared));
    if (disagreements.length > 0) await writeAll(io.stdout, tracedDisagreementLines(disagreements, name));
    else io.stdout.write(`\n${name} agrees with the model on every answer and every compared field\n`);
  }
  if (disagreements.length > 0) {
    io.stderr.write(`affsim check: the reference model and ${name} disagree (${disagreements.length})\n`);
    return 1;
  }
  return 0;
}

function modelRun(events: readonly AffEvent[], policy: Policy): EngineRun {
  const { decisions, rejected } = evaluateHistory(events, policy);
  return { decisions: decisions.map(toDecisionJson), rejected };
}

/** The server side is imported only when asked for, so a model-only check starts fast. */
async function onServer(
  events: readonly AffEvent[],
  policy: Policy,
  target: string | undefined,
  mutant: string | undefined,
  delivery: 'as-recorded' | 'time-order',
  where: (index: number) => string,
  token: string | undefined,
): Promise<EngineRun> {
  const { EventTooLargeError, runHistoryOnPlatform } = await import(
    '../../targets/run-history-on-platform.js'
  );
  try {
    const send =
      target === undefined
        ? (await import('../../targets/in-process-platform.js')).inProcessPlatform(policy, { mutant })
        : await (await import('../../targets/remote-platform.js')).remotePlatform(
            target,
            policy,
            'history',
            token,
          );
    return await runHistoryOnPlatform(events, send, { delivery });
  } catch (e) {
    // An event no request can carry is the input's problem (exit 2), named by its file line.
    if (e instanceof EventTooLargeError)
      throw new UsageError(`${where(e.index)}: ${e.message}; --engine model evaluates it`);
    // A platform that cannot be reached, times out or answers 5xx failed (exit 3); one that runs
    // another policy or holds other events is the user's setup, not a bug: say so, exit 2.
    if (target !== undefined && e instanceof TargetError)
      throw new TargetFailure(`target ${target} failed: ${oneLine(e.message)}`);
    if (target !== undefined) throw new UsageError(`--target ${target}: ${(e as Error).message}`);
    throw e;
  }
}

/** `affsim check h.jsonl windowDays=7` reads like `--policy windowDays=7`, so `--policy a=1 b=2` works too. */
export function splitPositionals(positionals: readonly string[], usage: string) {
  const [file, ...rest] = positionals;
  if (file === undefined) throw new UsageError('missing the history file', usage);
  const stray = rest.filter((p) => !p.includes('='));
  if (stray.length > 0) throw new UsageError(`unexpected argument(s): ${stray.join(' ')}`, usage);
  return { file, assignments: rest };
}
