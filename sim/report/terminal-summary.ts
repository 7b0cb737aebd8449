import { join } from 'node:path';
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
import {
  countOf,
  followersPhrase,
  type GroupEntry,
  groupedViolations,
  historySize,
} from './_violation-groups.js';
import {
  attributedOrders,
  byRuleNumber,
  rejectedEvents,
  shardsLabel,
  topDifferences,
  topEntries,
  topStores,
} from './run-facts.js';
import { violationDiffs } from './violation-diffs.js';

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

const LABEL_WIDTH = 13;
/** Lines wrap before this width, so a summary pasted into an issue or a CI log stays readable. */
const LINE_WIDTH = 110;
const label = (name: string) => name.padEnd(LABEL_WIDTH);
const joined = (parts: readonly string[]) => parts.join(' · ');

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
    // Only when the adapter narrowed it (`compare`): by default every Decision field is compared.
    ...(r.compared.length < DECISION_FIELDS.length ? [`${label('compared')}${r.compared.join(', ')}`] : []),
    ...wrapped('policy', describePolicy(r.policy).split(' '), ' '),
  ];
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
  ];
}

/** Groups shown in full when there are more: the largest by count; the rest get one line each. */
const GROUPS_IN_FULL = 20;
/** Differing fields shown for a group's example; result.json has them all. */
const DIFFS_SHOWN = 8;
const SUB_WIDTH = 9;

/**
 * The violations last, where the eye lands, as groups (one bug usually makes one group): each with
 * its count, rule, money and one example traced to its cause, with the history file and the
 * command that checks it; the decision groups that follow from diverging answers indented under
 * those answers, so the list reads as the few things to fix.
 */
function violationLines(r: RunResult, inFull: number, outDir: string | undefined): string[] {
  const grouped = groupedViolations(r);
  const { total, entries, roots } = grouped;
  if (total === 0)
    return [`${label('violations')}none: every decision and answer matches the reference model`];
  const groups = entries.length;
  const out = [
    `${label('VIOLATIONS')}${formatCount(total)}: the platform differs from the reference model, in ${formatCount(groups)} group${groups === 1 ? '' : 's'}`,
    `${label('')}one example of each, diverging answers first; result.json keeps up to ${formatCount(r.examplesPerGroup)} of each group`,
  ];
  const full = fullGroups(entries, inFull);
  const rest = roots.filter((e) => !full.has(e));
  // Numbered as listed: the groups in full, then the one-line ones.
  const listed = [...roots.filter((e) => full.has(e)), ...rest].flatMap((e) => [e, ...e.followers]);
  const numbers = new Map(listed.map((e, i) => [e, i + 1]));
  const head = (e: GroupEntry) => groupHead(e, numbers.get(e) ?? e.number);
  const oneLine = (e: GroupEntry, indent: number) => {
    const line = `${' '.repeat(indent)}${joined([head(e), e.group.title])}`;
    return line.length <= LINE_WIDTH ? line : `${line.slice(0, LINE_WIDTH - 1)}…`;
  };
  for (const root of roots.filter((e) => full.has(e))) {
    out.push('', ...groupLines(root, 2));
    if (root.followers.length === 0) continue;
    out.push(`${' '.repeat(6)}→ ${followersPhrase(root)} from these answers:`);
    root.followers.forEach((f, i) => {
      if (full.has(f)) out.push(...(i > 0 ? [''] : []), ...groupLines(f, 8));
      else out.push(oneLine(f, 8));
    });
  }
  if (rest.length > 0) {
    const n = rest.reduce((k, e) => k + 1 + e.followers.length, 0);
    out.push(
      '',
      `  … ${formatCount(n)} smaller group${n === 1 ? '' : 's'}, one line each (their examples are in result.json):`,
    );
    for (const root of rest) out.push(oneLine(root, 2), ...root.followers.map((f) => oneLine(f, 6)));
  }
  if (grouped.ungrouped > 0) {
    out.push(
      '',
      `  … and ${formatCount(grouped.ungrouped)} more violation${grouped.ungrouped === 1 ? '' : 's'} in no group (counted per day in result.json)`,
    );
  }
  const replays = [...new Set(r.violations.map((v) => v.replay))];
  if (replays.length > 0) out.push('', ...replays.slice(0, 3).map((cmd) => `replay: ${cmd}`));
  return out;

  function groupLines(e: GroupEntry, indent: number): string[] {
    const g = e.group;
    const pad = ' '.repeat(indent);
    const body = ' '.repeat(indent + 4);
    const sub = (name: string) => body + name.padEnd(SUB_WIDTH);
    const lines = [`${pad}${head(e)}`, ...wrapText(g.title, body)];
    const [v] = e.examples;
    if (v === undefined) return [...lines, `${sub('example')}none kept`];
    lines.push(`${sub('example')}${v.kind} ${v.subject}`, ...wrapText(v.cause.text, sub('cause'), sub('')));
    const diffs = violationDiffs(v);
    diffs.slice(0, DIFFS_SHOWN).forEach((d, i) => {
      lines.push(`${sub(i === 0 ? 'differs' : '')}${d.field}: model ${d.model}, platform ${d.platform}`);
    });
    if (diffs.length > DIFFS_SHOWN) lines.push(`${sub('')}… and ${diffs.length - DIFFS_SHOWN} more fields`);
    lines.push(
      ...wrapText(`${inOutDir(v.historyFile)} · ${historySize(v)}`, sub('history'), sub('')),
      // Never wrapped: it is there to be copied.
      `${sub('check')}${v.check}`,
    );
    return lines;
  }

  function inOutDir(file: string): string {
    return outDir === undefined ? file : join(outDir, file);
  }
}

/** `#3  12 decisions · rule R10 · underpaid $81.22`. */
function groupHead(e: GroupEntry, number: number): string {
  const g = e.group;
  const money = [
    ...(g.overpaidCents > 0 ? [`overpaid ${formatCents(g.overpaidCents)}`] : []),
    ...(g.underpaidCents > 0 ? [`underpaid ${formatCents(g.underpaidCents)}`] : []),
  ];
  return joined([`#${number}  ${countOf(g)}`, g.rule ? `rule ${g.rule}` : 'no rule', ...money]);
}

/**
 * The groups shown in full: all of them up to `n`, else the `n` largest by count (ties in display
 * order), each with the answer group it follows from, so a follower is never shown without it.
 */
function fullGroups(entries: readonly GroupEntry[], n: number): Set<GroupEntry> {
  if (entries.length <= n) return new Set(entries);
  const full = new Set<GroupEntry>();
  const bySize = [...entries].sort((a, b) => b.group.count - a.group.count || a.number - b.number);
  for (const e of bySize) {
    if (full.size >= n) break;
    full.add(e);
    if (e.parent !== undefined) full.add(e.parent);
  }
  return full;
}

/** Words wrapped before the line width: the first line after `first`, the rest after `rest`. */
function wrapText(text: string, first: string, rest: string = first): string[] {
  const out: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of text.split(' ')) {
    if (!fresh && line.length + 1 + word.length > LINE_WIDTH) {
      out.push(line);
      line = rest + word;
    } else line += fresh ? word : ` ${word}`;
    fresh = false;
  }
  out.push(line);
  return out;
}

function lines(chunks: Iterable<string>): string[] {
  return [...chunks].map((chunk) => chunk.replace(/\n$/, ''));
}
