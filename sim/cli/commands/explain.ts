import {
  answerWords,
  projectCompared,
  sideBySideLines,
  type TracedDisagreement,
} from '../../check/format-disagreements.js';
import { toDecisionJson } from '../../domain/decision.js';
import { explainOrder } from '../../explain/explain-order.js';
import { type OrderTrace, traceOrder } from '../../explain/order-trace.js';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { loadHistory } from '../load-history.js';
import { parseFlags } from '../parse-flags.js';
import { checkAdapter, comparedWords, replayOnService, type ServiceReplay } from '../replay-on-service.js';

export const EXPLAIN_USAGE = `Usage: affsim explain <history.jsonl> <orderId> [--policy key=value …]
                      [--target URL [--target-adapter file.ts]]

Walks through the rules that decided one order: which clicks qualified and why, the window chain,
membership at creation, each line's rate tier, refunds and lifecycle, with rule ids (RULES.md).
With --target, the history is also replayed on that platform (after its adapter's reset(ctx)), and
the platform's decision of the order is shown beside the model's, field by field (≠ where they
differ), with its answers that differ from the model's and where it departs from the model.

Options:
  -p, --policy key=value  override a policy option (repeatable), as for 'affsim check'
      --target URL        a platform to replay the history on: one that speaks affsim's API
                          (started empty, with the history's policy), or your service with
      --target-adapter F  its adapter file (defineTarget, as for 'affsim run'); only the
                          adapter's 'compare' fields are shown
  -h, --help              show this help

Exit status: 0 explained (also when the platform departs from the model: it is said), 2 bad input,
an order id the history never names, or an adapter that is missing, does not load or throws,
3 the platform failed (cannot be reached, no answer in time, 5xx).`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      policy: { type: 'string', short: 'p', multiple: true },
      target: { type: 'string' },
      'target-adapter': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    EXPLAIN_USAGE,
  );
  const url = values.target;
  const adapterFile = values['target-adapter'];
  if (url !== undefined && !URL.canParse(url)) {
    throw new UsageError(`--target ${url}: expected a URL like http://127.0.0.1:8080`, EXPLAIN_USAGE);
  }
  if (adapterFile !== undefined && url === undefined) {
    throw new UsageError(
      '--target-adapter needs --target URL: the service the adapter talks to',
      EXPLAIN_USAGE,
    );
  }
  if (values.help) {
    io.stdout.write(`${EXPLAIN_USAGE}\n`);
    return 0;
  }
  const [file, orderId, ...rest] = positionals;
  if (file === undefined || orderId === undefined)
    throw new UsageError('expected a history file and an order id', EXPLAIN_USAGE);
  const target = adapterFile === undefined ? undefined : await checkAdapter(adapterFile);
  const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...rest]);
  if (!history.events.some((e) => 'orderId' in e && e.orderId === orderId)) {
    throw new UsageError(`no event of ${file} names order ${JSON.stringify(orderId)}`);
  }
  const trace = traceOrder(history.events, policy, orderId);
  io.stdout.write(`${explainOrder(trace, policy, (i) => history.lines[i] as number).join('\n')}\n`);
  if (url === undefined) return 0;

  const service = await replayOnService(
    'explain',
    history.events,
    policy,
    {
      url,
      ...(adapterFile === undefined ? {} : { adapterFile }),
      ...(target === undefined ? {} : { target }),
    },
    io,
    // An order the model never accepted is not read back by the replay: read it here.
    trace.evaluation.decisions.some((d) => d.orderId === orderId) ? [] : [orderId],
  );
  const { lines, departs } = platformSide(trace, service, target === undefined ? 'none' : 'adapter');
  io.stdout.write(`${lines.join('\n')}\n`);
  if (departs) {
    io.stderr.write(
      `affsim explain: ${service.name} departs from the model on ${orderId} (explained: exit 0; 'affsim check' exits 1 on it)\n`,
    );
  }
  return 0;
}

/** The platform's side of one order, after the model's explanation; `departs` when it differs from the model. */
function platformSide(
  trace: OrderTrace,
  service: ServiceReplay,
  reset: 'adapter' | 'none',
): { lines: string[]; departs: boolean } {
  const { orderId } = trace;
  const { replay, compared, disagreements } = service;
  const decided = trace.evaluation.decisions.find((d) => d.orderId === orderId);
  const index = replay.orderIds.indexOf(orderId);
  const theirs = index === -1 ? (service.alsoRead[0] ?? null) : (replay.decisions[index] ?? null);
  const model = projectCompared(decided === undefined ? null : toDecisionJson(decided), compared);
  const platform = projectCompared(theirs, compared);

  const relevant = new Set(trace.entries.map((e) => e.recorded.event.id));
  const answers = disagreements.filter(
    (d): d is Extract<TracedDisagreement, { kind: 'answer' }> =>
      d.kind === 'answer' && relevant.has(d.eventId),
  );
  const decision = disagreements.find((d) => d.kind === 'decision' && d.orderId === orderId);

  const created = trace.entries.find(
    (e) => e.recorded.event.type === 'order.created' && e.recorded.event.orderId === orderId,
  )?.recorded.event;
  const whose =
    created?.type === 'order.created'
      ? `order ${orderId}, store ${created.storeId}, buyer ${created.buyerId}`
      : `order ${orderId}`;
  const replayed = service.resets
    ? 'the history replayed after reset(ctx)'
    : reset === 'adapter'
      ? 'the history replayed on the service as it was (its adapter has no reset)'
      : 'the history replayed on the platform as it was (affsim cannot empty it)';

  const lines = [
    '',
    `On ${service.name}: ${replayed}; compared: ${comparedWords(compared)}`,
    `   Decision of ${orderId}, the model's beside the platform's:`,
    ...[...sideBySideLines(model, platform, '   ')].map((l) => l.replace(/\n$/, '')),
    '',
    answers.length === 0
      ? `   Answers to the events of ${whose}: the platform's are the model's`
      : `   Answers to the events of ${whose} that differ from the model's:`,
    ...answers.flatMap((a) => [
      `   ${a.eventId} (${a.eventType}): model ${answerWords(a.model)}, platform ${answerWords(a.platform)}`,
      `     cause: ${a.cause.text}`,
    ]),
    '',
  ];
  let departs = true;
  if (decision !== undefined)
    lines.push(`The platform departs from the model on ${orderId}: ${decision.cause.text}.`);
  else if (model === null && platform !== null) {
    const cause = answers.find((a) => a.eventId === created?.id)?.cause.text;
    lines.push(
      `The platform departs from the model on ${orderId}: it has a decision for an order the model refused${cause ? ` (${cause})` : ''}.`,
    );
  } else if (answers.length > 0) {
    lines.push(
      `The platform agrees with the model on every compared field of ${orderId}'s decision, but departs from it in ${answers.length} answer(s): ${(answers[0] as (typeof answers)[number]).cause.text}.`,
    );
  } else {
    departs = false;
    lines.push('The platform agrees with the model on every compared field.');
  }
  return { lines, departs };
}
