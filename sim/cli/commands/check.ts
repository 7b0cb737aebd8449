import { compareRuns, type Disagreement, type EngineRun } from '../../check/compare-runs.js';
import {
  type AnswerView,
  disagreementLines,
  projectCompared,
  type TracedDisagreement,
  tracedDisagreementLines,
} from '../../check/format-disagreements.js';
import { type DecisionJson, type Rejection, toDecisionJson } from '../../domain/decision.js';
import type { AffEvent } from '../../domain/events.js';
import { describePolicy, type Policy } from '../../domain/policy.js';
import { evaluateHistory } from '../../model/evaluate-history.js';
import {
  DECISION_FIELDS,
  type PartialDecisionJson,
  readDecisions,
  type TargetDefinition,
  TargetDefinitionError,
} from '../../run/define-target.js';
import { UserModuleError } from '../../run/load-user-module.js';
import type { Replay } from '../../run/replay-history.js';
import { AdapterError, oneLine, TargetError } from '../../run/target-error.js';
import { type Column, tableLines } from '../../text/format-table.js';
import { type ExitCode, type Io, TargetFailure, UsageError, writeAll } from '../io.js';
import { loadHistory } from '../load-history.js';
import { parseFlags } from '../parse-flags.js';

export const CHECK_USAGE = `Usage: affsim check <history.jsonl> [--policy key=value …] [--json]
                    [--engine model|server|both] [--target URL [--target-adapter file.ts]]

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
      --target-adapter F  your service at --target, through its adapter file (defineTarget, as for
                          'affsim run'): the adapter is checked, reset(ctx) empties the service
                          (without reset it must start empty), the events are sent in recording
                          order, and every answer and decision is compared on the adapter's
                          'compare' fields; each disagreement is shown with its cause. --json
                          adds "target" and "disagreements": [{kind: answer|decision, …, cause}]
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
      help: { type: 'boolean', short: 'h' },
    },
    CHECK_USAGE,
  );
  const engine = values.engine;
  if (engine !== 'model' && engine !== 'server' && engine !== 'both') {
    throw new UsageError(`--engine ${engine}: expected model, server or both`, CHECK_USAGE);
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
  if (values.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const { file, assignments } = splitPositionals(positionals, CHECK_USAGE);
  if (adapterFile !== undefined) {
    const target = await checkAdapter(adapterFile);
    const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...assignments]);
    return checkOnService(file, history.events, policy, values.target as string, adapterFile, target, {
      json: values.json === true,
      io,
    });
  }
  const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...assignments]);
  const serverName = values.target ? `the platform at ${values.target}` : 'the platform';
  const server = engine === 'model' ? undefined : await onServer(history.events, policy, values.target);
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
  options: { json: boolean; io: Io },
): Promise<ExitCode> {
  const { io } = options;
  const model = modelRun(events, policy);
  const service = await replayOnService('check', events, policy, { url, adapterFile, target }, io);
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

/** Loads the user's adapter file and checks its definition: a missing, broken or incomplete file exits 2. */
export async function checkAdapter(file: string): Promise<TargetDefinition> {
  const { loadAdapter } = await import('../../targets/replayers.js');
  try {
    return await loadAdapter(file);
  } catch (e) {
    if (e instanceof UserModuleError || e instanceof TargetDefinitionError) {
      throw new UsageError(oneLine(e.message));
    }
    throw e;
  }
}

/** Where a history is replayed: a user's service through its adapter, or a platform speaking affsim's API. */
export interface ServiceTarget {
  readonly url: string;
  readonly adapterFile?: string;
  /** The adapter, loaded and checked (checkAdapter); affsim's API when absent. */
  readonly target?: TargetDefinition;
}

export interface ServiceReplay {
  /** `resettable-affsim at http://…`, or `the platform at http://…` for affsim's API. */
  readonly name: string;
  readonly replay: Replay;
  /** The Decision fields compared (the adapter's `compare`, in DECISION_FIELDS' order). */
  readonly compared: readonly string[];
  readonly resets: boolean;
  /** Every disagreement, answers in recording order, then decisions in creation order. */
  readonly disagreements: TracedDisagreement[];
  /** The platform's decisions of `alsoRead`, read after the replay (an order the model never accepted). */
  readonly alsoRead: readonly (PartialDecisionJson | null)[];
}

/**
 * Replays a history on a service (sim/run/replay-history.ts): emptied first with the adapter's
 * reset(ctx) — without one, a line on stderr says it must start empty — then every event sent in
 * recording order and every answer and decision compared. A failing service exits 3; an adapter
 * that throws, or a platform running another policy, exits 2.
 */
export async function replayOnService(
  command: 'check' | 'explain',
  events: readonly AffEvent[],
  policy: Policy,
  service: ServiceTarget,
  io: Io,
  alsoRead: readonly string[] = [],
): Promise<ServiceReplay> {
  const { url, adapterFile, target } = service;
  const name = target === undefined ? `the platform at ${url}` : `${target.name} at ${url}`;
  const [{ replayHistory }, replayers, { TargetMismatchError }] = await Promise.all([
    import('../../run/replay-history.js'),
    import('../../targets/replayers.js'),
    import('../../targets/expect-platform-policy.js'),
  ]);
  try {
    const replayer =
      target === undefined
        ? await replayers.affsimApiReplayer(url, policy, 'history')
        : replayers.serviceReplayer(target, url, policy);
    try {
      if (!replayer.resets) {
        io.stderr.write(
          target === undefined
            ? `affsim ${command}: affsim cannot empty ${name} (no --target-adapter with reset(ctx)): it must start empty\n`
            : `affsim ${command}: the adapter ${adapterFile} has no reset(ctx): ${name} must start empty\n`,
        );
      }
      const replay = await replayHistory(events, policy, replayer, target?.compare);
      // A service that answers more repeats (R17) than the history holds already had these events:
      // its decisions would mix two histories, so the replay is refused rather than reported.
      const seen = new Set<string>();
      let repeatsInHistory = 0;
      for (const e of events) {
        if (seen.has(e.id)) repeatsInHistory += 1;
        seen.add(e.id);
      }
      const repeats = replay.answers.filter((a) => a.repeat === true).length - repeatsInHistory;
      if (repeats > 0) {
        throw new UsageError(
          `${name} answered ${repeats} event(s) as repeats of events it already had (R17)${replayer.resets ? ' after reset(ctx): the reset did not empty it' : ': it must start empty'}`,
        );
      }
      const read = await readDecisions(replayer.target, alsoRead, replayer.ctx);
      return {
        name,
        replay,
        compared: replay.checker.compared,
        resets: replayer.resets,
        disagreements: traceDisagreements(replay, events),
        alsoRead: read,
      };
    } finally {
      await replayer.close();
    }
  } catch (e) {
    // A service that cannot be reached, times out or answers 5xx failed (exit 3); an adapter that
    // throws, or a platform running another policy, is the user's setup (exit 2).
    if (e instanceof TargetError) throw new TargetFailure(`target ${url} failed: ${oneLine(e.message)}`);
    if (e instanceof AdapterError) throw new UsageError(oneLine(e.message));
    if (e instanceof TargetMismatchError) throw new UsageError(`--target ${url}: ${e.message}`);
    throw e;
  }
}

/** A replay's violations as disagreements to show: answers in recording order, then decisions in creation order. */
function traceDisagreements(replay: Replay, events: readonly AffEvent[]): TracedDisagreement[] {
  const compared = replay.checker.compared;
  const eventIndex = new Map<string, number>();
  events.forEach((e, i) => {
    if (!eventIndex.has(e.id)) eventIndex.set(e.id, i);
  });
  const orderIndex = new Map(replay.orderIds.map((id, i) => [id, i]));
  const rank = (d: TracedDisagreement) =>
    d.kind === 'answer'
      ? (eventIndex.get(d.eventId) ?? events.length)
      : events.length + 1 + (orderIndex.get(d.orderId) ?? replay.orderIds.length);
  return replay.checker
    .keptViolations()
    .map(({ violation: v }): TracedDisagreement => {
      if (v.kind === 'answer') {
        const index = eventIndex.get(v.subject);
        return {
          kind: 'answer',
          eventId: v.subject,
          eventType: index === undefined ? '?' : (events[index] as AffEvent).type,
          model: v.model as AnswerView,
          platform: v.platform as AnswerView,
          cause: v.cause,
        };
      }
      const index = orderIndex.get(v.subject);
      return {
        kind: 'decision',
        orderId: v.subject,
        fields: v.fields,
        model: projectCompared(v.model, compared),
        platform: projectCompared(index === undefined ? null : (replay.decisions[index] ?? null), compared),
        cause: v.cause,
      };
    })
    .sort((a, b) => rank(a) - rank(b));
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
): Promise<EngineRun> {
  const { runHistoryOnPlatform } = await import('../../targets/run-history-on-platform.js');
  try {
    const send =
      target === undefined
        ? (await import('../../targets/in-process-platform.js')).inProcessPlatform(policy)
        : await (await import('../../targets/remote-platform.js')).remotePlatform(target, policy, 'history');
    return await runHistoryOnPlatform(events, send);
  } catch (e) {
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

function* jsonChunks(
  decisions: readonly DecisionJson[],
  rejected: EngineRun['rejected'],
  disagreements: readonly Disagreement[],
  tail?: Readonly<Record<string, unknown>>,
): Generator<string> {
  yield '{"decisions":[';
  for (let i = 0; i < decisions.length; i += 1) {
    yield (i === 0 ? '' : ',') + JSON.stringify(decisions[i]);
  }
  yield '],"rejected":[';
  for (let i = 0; i < rejected.length; i += 1) {
    const r = rejected[i] as Rejection;
    yield (i === 0 ? '' : ',') + JSON.stringify({ id: r.id, rule: r.rule, message: r.message });
  }
  if (tail !== undefined) {
    yield `],${JSON.stringify(tail).slice(1)}\n`;
    return;
  }
  yield disagreements.length > 0 ? `],"disagreements":${JSON.stringify(disagreements)}}\n` : ']}\n';
}

const ORDER_COLUMNS: Column<DecisionJson>[] = [
  { header: 'ORDER', cell: (d) => d.orderId },
  { header: 'STATUS', cell: (d) => d.status },
  { header: 'AFFILIATE', cell: (d) => d.affiliateId ?? '-' },
  { header: 'CLICK AT', cell: (d) => d.clickAt ?? '-' },
  { header: 'WINDOW ENDS', cell: (d) => d.windowEndsAt ?? '-' },
  { header: 'COMMISSION', cell: (d) => String(d.commissionCents), align: 'right' },
  { header: 'REASON', cell: (d) => d.reason ?? '' },
];

type LineRow = DecisionJson['lines'][number];
const LINE_COLUMNS: Column<LineRow>[] = [
  { header: 'product', cell: (l) => l.productId },
  { header: 'amount', cell: (l) => String(l.amountCents), align: 'right' },
  { header: 'refunded', cell: (l) => String(l.refundedCents), align: 'right' },
  { header: 'tier', cell: (l) => l.tier ?? '-' },
  { header: 'bps', cell: (l) => (l.rateBps === null ? '-' : String(l.rateBps)), align: 'right' },
  { header: 'commission', cell: (l) => String(l.commissionCents), align: 'right' },
];

const REJECTED_COLUMNS: Column<Rejection>[] = [
  { header: 'EVENT', cell: (r) => r.id },
  { header: 'RULE', cell: (r) => r.rule },
  { header: 'REASON', cell: (r) => r.message },
];

function* textReport(
  file: string,
  eventCount: number,
  policy: Policy,
  run: EngineRun,
  engine: 'model' | 'server' | 'both',
  serverName: string,
  compared?: readonly string[],
): Generator<string> {
  const { decisions, rejected } = run;
  yield `${file}: ${eventCount} events, ${plural(decisions.length, 'order')}, ${plural(rejected.length, 'rejected event')}\n`;
  yield `policy: ${describePolicy(policy)}\n`;
  yield `engine: ${engine === 'model' ? 'the reference model' : engine === 'server' ? serverName : `the reference model, compared with ${serverName}`}\n`;
  if (compared !== undefined) yield `compared: ${comparedWords(compared)}\n`;
  yield '\nDecisions (amounts in cents)\n';
  if (decisions.length === 0) yield '  (no orders)\n';
  else {
    // The order table and each order's lines interleave, so widths come from all orders first.
    const orderRows = [...tableLines(ORDER_COLUMNS, decisions)];
    yield orderRows[0] as string;
    for (let i = 0; i < decisions.length; i += 1) {
      yield orderRows[i + 1] as string;
      yield* tableLines(LINE_COLUMNS, (decisions[i] as DecisionJson).lines, '    ');
    }
  }
  yield '\nRejected events\n';
  if (rejected.length === 0) yield '  (none)\n';
  else yield* tableLines(REJECTED_COLUMNS, rejected as Rejection[]);
  yield `\n${summary(decisions)}\n`;
}

function summary(decisions: readonly DecisionJson[]): string {
  const byStatus = new Map<string, number>();
  let commissionCents = 0;
  for (const d of decisions) {
    byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
    commissionCents += d.commissionCents;
  }
  const statuses = [...byStatus].map(([s, n]) => `${n} ${s}`).join(', ');
  return `Total: ${plural(decisions.length, 'order')}${statuses ? ` (${statuses})` : ''}, commission ${commissionCents} cents`;
}

/** The compared Decision fields, or `every Decision field`. */
export function comparedWords(compared: readonly string[]): string {
  return compared.length === DECISION_FIELDS.length ? 'every Decision field' : compared.join(', ');
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
