import { type Decision, type Rejection, toDecisionJson } from '../../domain/decision.js';
import { formatInstant } from '../../domain/instant.js';
import { describePolicy, type Policy } from '../../domain/policy.js';
import { evaluateHistory } from '../../model/evaluate-history.js';
import { type Column, tableLines } from '../format-table.js';
import { type ExitCode, type Io, UsageError, writeAll } from '../io.js';
import { loadHistory } from '../load-history.js';
import { parseFlags } from '../parse-flags.js';

export const CHECK_USAGE = `Usage: affsim check <history.jsonl> [--policy key=value …] [--json]

Evaluates a history (EVENTS.md) with the reference model of RULES.md and prints every order's
decision and every rejected event with its rule id.

Options:
  -p, --policy key=value  override a policy option of the history's policy line (repeatable;
                          e.g. --policy windowDays=7 --policy rateBounds=1..9000)
      --json              print one JSON object {"decisions": [...], "rejected": [...]}
  -h, --help              show this help

Exit status: 0 evaluated, 2 bad input (the line and field are named).`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      policy: { type: 'string', short: 'p', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    CHECK_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${CHECK_USAGE}\n`);
    return 0;
  }
  const { file, assignments } = splitPositionals(positionals, CHECK_USAGE);
  const { history, policy } = await loadHistory(file, [...(values.policy ?? []), ...assignments]);
  const { decisions, rejected } = evaluateHistory(history.events, policy);
  if (values.json) await writeAll(io.stdout, jsonChunks(decisions, rejected));
  else await writeAll(io.stdout, textReport(file, history.events.length, policy, decisions, rejected));
  return 0;
}

/** `affsim check h.jsonl windowDays=7` reads like `--policy windowDays=7`, so `--policy a=1 b=2` works too. */
export function splitPositionals(positionals: readonly string[], usage: string) {
  const [file, ...rest] = positionals;
  if (file === undefined) throw new UsageError('missing the history file', usage);
  const stray = rest.filter((p) => !p.includes('='));
  if (stray.length > 0) throw new UsageError(`unexpected argument(s): ${stray.join(' ')}`, usage);
  return { file, assignments: rest };
}

function* jsonChunks(decisions: readonly Decision[], rejected: readonly Rejection[]): Generator<string> {
  yield '{"decisions":[';
  for (let i = 0; i < decisions.length; i += 1) {
    yield (i === 0 ? '' : ',') + JSON.stringify(toDecisionJson(decisions[i] as Decision));
  }
  yield '],"rejected":[';
  for (let i = 0; i < rejected.length; i += 1) {
    const r = rejected[i] as Rejection;
    yield (i === 0 ? '' : ',') + JSON.stringify({ id: r.id, rule: r.rule, message: r.message });
  }
  yield ']}\n';
}

const ORDER_COLUMNS: Column<Decision>[] = [
  { header: 'ORDER', cell: (d) => d.orderId },
  { header: 'STATUS', cell: (d) => d.status },
  { header: 'AFFILIATE', cell: (d) => (d.attributed ? d.affiliateId : '-') },
  { header: 'CLICK AT', cell: (d) => (d.attributed ? formatInstant(d.clickAtMs) : '-') },
  { header: 'WINDOW ENDS', cell: (d) => (d.attributed ? formatInstant(d.windowEndsAtMs) : '-') },
  { header: 'COMMISSION', cell: (d) => String(d.commissionCents), align: 'right' },
  { header: 'REASON', cell: (d) => (d.attributed ? '' : d.reason) },
];

type LineRow = Decision['lines'][number];
const LINE_COLUMNS: Column<LineRow>[] = [
  { header: 'product', cell: (l) => l.productId },
  { header: 'amount', cell: (l) => String(l.amountCents), align: 'right' },
  { header: 'refunded', cell: (l) => String(l.refundedCents), align: 'right' },
  { header: 'tier', cell: (l) => l.rate?.tier ?? '-' },
  { header: 'bps', cell: (l) => (l.rate ? String(l.rate.rateBps) : '-'), align: 'right' },
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
  decisions: readonly Decision[],
  rejected: readonly Rejection[],
): Generator<string> {
  yield `${file}: ${eventCount} events, ${plural(decisions.length, 'order')}, ${plural(rejected.length, 'rejected event')}\n`;
  yield `policy: ${describePolicy(policy)}\n`;
  yield '\nDecisions (amounts in cents)\n';
  if (decisions.length === 0) yield '  (no orders)\n';
  else {
    // The order table and each order's lines interleave, so widths come from all orders first.
    const orderRows = [...tableLines(ORDER_COLUMNS, decisions)];
    yield orderRows[0] as string;
    for (let i = 0; i < decisions.length; i += 1) {
      yield orderRows[i + 1] as string;
      yield* tableLines(LINE_COLUMNS, (decisions[i] as Decision).lines, '    ');
    }
  }
  yield '\nRejected events\n';
  if (rejected.length === 0) yield '  (none)\n';
  else yield* tableLines(REJECTED_COLUMNS, rejected);
  yield `\n${summary(decisions)}\n`;
}

function summary(decisions: readonly Decision[]): string {
  const byStatus = new Map<string, number>();
  let commissionCents = 0;
  for (const d of decisions) {
    byStatus.set(d.status, (byStatus.get(d.status) ?? 0) + 1);
    commissionCents += d.commissionCents;
  }
  const statuses = [...byStatus].map(([s, n]) => `${n} ${s}`).join(', ');
  return `Total: ${plural(decisions.length, 'order')}${statuses ? ` (${statuses})` : ''}, commission ${commissionCents} cents`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
