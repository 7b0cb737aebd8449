import { describePolicy } from '../domain/policy.js';
import { DECISION_FIELDS } from '../run/define-target.js';
import type { RunResult, StoreSummary } from '../run/run-result.js';
import { type Column, tableLines } from '../text/format-table.js';
import {
  formatCents,
  formatCount,
  formatDate,
  formatDurationMs,
  formatLatencyMs,
  formatPercent,
} from './_format.js';
import { joined, LABEL_WIDTH, LINE_WIDTH, label } from './_terminal-layout.js';
import { GROUPS_IN_FULL, violationLines } from './_terminal-violations.js';
import {
  attributedOrders,
  byRuleNumber,
  incompleteParts,
  rejectedEvents,
  shardsLabel,
  topDifferences,
  topEntries,
  topStores,
} from './run-facts.js';
import { runSoakLines } from './soak-lines.js';

export interface SummaryOptions {
  /** Stores listed by commission (default 10). */
  readonly stores?: number;
  /** Channels listed by commission (default 8; the rest are summed). */
  readonly channels?: number;
  /**
   * Violation groups shown in full when there are more (default 20: the largest by count); every
   * other group gets one line.
   */
  readonly groups?: number;
  /** Where the run wrote its files: violation history files are relative to it. */
  readonly outDir?: string;
}

/**
 * What a person reads at the end of `affsim run` or `affsim merge`: the run's identity first (so a
 * pasted log replays), then the money at stake, traffic, orders, speed, and the violation groups
 * with the commands that check and replay them last, where the eye lands. Lines without newlines.
 */
export function terminalSummary(r: RunResult, options: SummaryOptions = {}): string[] {
  return [
    ...identityLines(r),
    '',
    ...stakeLines(r),
    ...trafficLines(r),
    ...commissionLines(r, options.channels ?? 8),
    '',
    ...storeLines(r, options.stores ?? 10),
    '',
    ...timingLines(r),
    '',
    ...violationLines(r, options.groups ?? GROUPS_IN_FULL, options.outDir),
  ];
}

/** A labelled list of parts, wrapped between parts, continuation lines indented under the first. */
function wrapped(name: string, parts: readonly string[], separator = ' · '): string[] {
  const out: string[] = [];
  let line = label(name);
  let fresh = true;
  for (const part of parts) {
    if (!fresh && line.length + separator.length + part.length > LINE_WIDTH) {
      out.push(line);
      line = ' '.repeat(LABEL_WIDTH) + part;
    } else line += fresh ? part : separator + part;
    fresh = false;
  }
  out.push(line);
  return out;
}

function identityLines(r: RunResult): string[] {
  return [
    `affsim ${r.affsim.version} · scenario ${r.scenario.name} · seed ${r.seed} · ${shardsLabel(r)}`,
    ...(r.scenario.description ? [`  ${r.scenario.description}`] : []),
    `${label('period')}${formatDate(r.period.startAt)} → ${formatDate(r.period.endAt)} (${formatCount(r.period.days)} days)`,
    `${label('target')}${r.target}`,
    ...incompleteLines(r),
    ...faultLines(r),
    // Only when the adapter narrowed it (`compare`): by default every Decision field is compared.
    ...(r.compared.length < DECISION_FIELDS.length ? [`${label('compared')}${r.compared.join(', ')}`] : []),
    ...wrapped('policy', describePolicy(r.policy).split(' '), ' '),
  ];
}

/** A run that did not finish says so under its identity: what failed, and how far the checks got. */
function incompleteLines(r: RunResult): string[] {
  if (r.incomplete === undefined) return [];
  return wrapped('INCOMPLETE', [...incompleteParts(r.incomplete, r.period.days)], ' ');
}

/** What `--faults` injected, in one line: the result equals the clean run's, so this is the difference. */
function faultLines(r: RunResult): string[] {
  if (r.faults === undefined) return [];
  const { spec, injected: i, retries, crash: c } = r.faults;
  const crash =
    c === undefined
      ? []
      : wrapped('crashes', [
          `${formatCount(c.kills)} kills, ${formatCount(c.recovered)} recovered (longest ${formatCount(c.recoveryMsMax)} ms)`,
          `${formatCount(c.acknowledged)} acknowledged events: ${formatCount(c.lost)} lost${c.duplicated === undefined ? '' : `, ${formatCount(c.duplicated)} duplicated`}`,
          `${formatCount(c.resent)} request${c.resent === 1 ? '' : 's'} sent again`,
        ]);
  // A crash run without --faults injected nothing on the network: its line would be all zeros.
  if (c !== undefined && spec.startsWith('crash-every=')) return crash;
  const kinds: [number, string][] = [
    [i.dropBefore, 'dropped before'],
    [i.dropAfter, 'answers lost'],
    [i.dup, 'duplicated'],
    [i.timeout, 'timed out'],
    [i.delay, 'delayed'],
    [i.reorder, 'reordered pairs'],
  ];
  const parts = kinds.map(([n, what]) => `${formatCount(n)} ${what}`);
  return [`${label('faults')}${spec}: ${parts.join(', ')}; ${formatCount(retries)} retries`, ...crash];
}

/** Rows of per-affiliate and per-store differences shown under the money line. */
const STAKE_ROWS = 3;

/**
 * The run's verdict in money, k6-checks style, right under the header: how many decisions match
 * the model's, and what the platform paid against what the rules say (issue 10, item 4).
 */
function stakeLines(r: RunResult): string[] {
  const { money: m, decisions: d } = r;
  if (d.total === 0) return [];
  const out = [
    `${label('decisions')}matched ${formatCount(d.matched)} of ${formatCount(d.total)} (${formatPercent(d.matched, d.total)})`,
    `${label('commission')}${joined([
      `platform ${formatCents(m.platformCents)}`,
      `model ${formatCents(m.modelCents)}`,
      `overpaid ${formatCents(m.overpaidCents)}`,
      `underpaid ${formatCents(m.underpaidCents)} (${formatPercent(m.overpaidCents + m.underpaidCents, m.gmvCents)} of GMV)`,
    ])}`,
  ];
  for (const [name, map] of [
    ['  affiliates', m.byAffiliate],
    ['  stores', m.byStore],
  ] as const) {
    const rows = topDifferences(map, STAKE_ROWS);
    if (rows.length === 0) continue;
    const parts = rows.map(([id, diff]) => `${id} ${diff > 0 ? '+' : '−'}${formatCents(Math.abs(diff))}`);
    const rest = Object.values(map).filter((p) => p.platformCents !== p.modelCents).length - rows.length;
    if (rest > 0) parts.push(`${formatCount(rest)} more`);
    out.push(...wrapped(name, parts));
  }
  out.push('');
  return out;
}

function trafficLines(r: RunResult): string[] {
  const rejected = byRuleNumber(r.events.rejectedByRule).map(([rule, n]) => `${rule} ${formatCount(n)}`);
  if (r.events.rejectedNoRule > 0) rejected.push(`no rule ${formatCount(r.events.rejectedNoRule)}`);
  const statuses = Object.entries(r.orders.byStatus).map(([s, n]) => `${s} ${formatCount(n)}`);
  const reasons = Object.entries(r.orders.byReason).map(([s, n]) => `${s} ${formatCount(n)}`);
  const attributed = attributedOrders(r);
  return [
    `${label('events')}${joined([
      `${formatCount(r.events.sent)} sent`,
      `${formatCount(r.events.accepted)} accepted`,
      `${formatCount(r.events.repeats)} repeats`,
      `${formatCount(rejectedEvents(r))} rejected`,
      ...(r.events.unsupported > 0 ? [`${formatCount(r.events.unsupported)} unsupported (not sent)`] : []),
    ])}`,
    ...(rejected.length > 0 ? wrapped('  rejected', rejected) : []),
    `${label('clicks')}${joined([
      formatCount(r.clicks.total),
      `${formatCount(r.clicks.qualifying)} qualifying (${formatPercent(r.clicks.qualifying, r.clicks.total)})`,
      `${formatCount(r.clicks.notQualifying)} not qualifying`,
    ])}`,
    `${label('orders')}${joined([
      formatCount(r.orders.total),
      `${formatCount(attributed)} attributed (${formatPercent(attributed, r.orders.total)})`,
      `GMV ${formatCents(r.orders.gmvCents)}`,
    ])}`,
    ...wrapped('  status', statuses),
    ...wrapped('  unattrib.', reasons),
  ];
}

function commissionLines(r: RunResult, channelCount: number): string[] {
  const total = r.commission.totalCents;
  const share = (cents: number) => `${formatCents(cents)} (${formatPercent(cents, total)})`;
  const tiers = Object.entries(r.commission.byTier).map(([tier, cents]) => `${tier} ${share(cents)}`);
  const channels = topEntries(r.commission.byChannel, channelCount);
  const shown = channels.reduce((a, [, c]) => a + c, 0);
  const restCount = Object.keys(r.commission.byChannel).length - channels.length;
  const channelParts = channels.map(([channel, cents]) => `${channel} ${share(cents)}`);
  if (restCount > 0) channelParts.push(`${restCount} more ${share(total - shown)}`);
  return [
    `${label('commission')}${formatCents(total)} (${formatPercent(total, r.orders.gmvCents)} of GMV)`,
    ...wrapped('  by tier', tiers),
    ...(channelParts.length > 0 ? wrapped('  by channel', channelParts) : []),
  ];
}

type StoreRow = [string, StoreSummary];
const STORE_COLUMNS: Column<StoreRow>[] = [
  { header: 'STORE', cell: ([id]) => id },
  { header: 'CLICKS', cell: ([, s]) => formatCount(s.clicks), align: 'right' },
  { header: 'ORDERS', cell: ([, s]) => formatCount(s.orders), align: 'right' },
  { header: 'GMV', cell: ([, s]) => formatCents(s.gmvCents), align: 'right' },
  { header: 'COMMISSION', cell: ([, s]) => formatCents(s.commissionCents), align: 'right' },
];

function storeLines(r: RunResult, n: number): string[] {
  const total = Object.keys(r.stores).length;
  const rows = topStores(r, n);
  if (rows.length === 0) return [`${label('stores')}(none)`];
  const title = rows.length < total ? `Top ${rows.length} of ${formatCount(total)} stores` : 'Stores';
  return [`${title} by commission`, ...lines(tableLines(STORE_COLUMNS, rows, '  '))];
}

function timingLines(r: RunResult): string[] {
  const { wallMs, eventsPerSecond, latencyMs: l } = r.timing;
  return [
    `${label('throughput')}${formatCount(eventsPerSecond)} events/s over ${formatDurationMs(wallMs)}`,
    `${label('latency')}${joined([
      `p50 ${formatLatencyMs(l.p50)}`,
      `p95 ${formatLatencyMs(l.p95)}`,
      `p99 ${formatLatencyMs(l.p99)}`,
      `max ${formatLatencyMs(l.max)}`,
    ])}`,
    ...runSoakLines(r),
  ];
}

function lines(chunks: Iterable<string>): string[] {
  return [...chunks].map((chunk) => chunk.replace(/\n$/, ''));
}
