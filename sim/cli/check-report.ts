import type { Disagreement, EngineRun } from '../check/compare-runs.js';
import type { DecisionJson, Rejection } from '../domain/decision.js';
import { describePolicy, type Policy } from '../domain/policy.js';
import { type Column, tableLines } from '../text/format-table.js';
import { comparedWords } from './replay-on-service.js';

/** What `affsim check` prints: the JSON object, streamed, and the text report of decisions and rejections. */

export function* jsonChunks(
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

export function* textReport(
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
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
