import escapeHtml from 'escape-html';
import { describePolicy } from '../domain/policy.js';
import type { RunResult } from '../run/run-result.js';
import {
  formatCents,
  formatCentsWhole,
  formatCount,
  formatDate,
  formatDurationMs,
  formatLatencyMs,
  formatPercent,
} from './_format.js';
import { groupedViolations } from './_violation-groups.js';
import {
  attributedOrders,
  byRuleNumber,
  incompleteSentences,
  rejectedEvents,
  shardsLabel,
  topDifferences,
  topEntries,
  topStores,
} from './run-facts.js';

/** The HTML report's server-rendered parts; every string from the result goes through `escapeHtml`. */

const esc = (text: string | number) => escapeHtml(String(text));

export function heroHtml(r: RunResult): string {
  const { total: n, entries } = groupedViolations(r);
  const groups = entries.length;
  const status =
    n === 0
      ? '<span class="status pass">✓ Every decision matches the reference model</span>'
      : `<span class="status fail">✕ ${esc(formatCount(n))} violation${n === 1 ? '' : 's'}${groups > 0 ? ` in ${esc(formatCount(groups))} group${groups === 1 ? '' : 's'}` : ''}: the platform differs from the reference model</span>`;
  const incomplete =
    r.incomplete === undefined
      ? ''
      : `<span class="status fail">✕ Incomplete run: ${esc(incompleteSentences(r.incomplete, r.period.days).join(' '))}</span>`;
  const meta: [string, string][] = [
    ['seed', esc(r.seed)],
    ['shards', esc(shardsLabel(r))],
    [
      'period',
      `${esc(formatDate(r.period.startAt))} → ${esc(formatDate(r.period.endAt))} (${esc(r.period.days)} days)`,
    ],
    ['target', esc(r.target)],
    ['policy', `<code>${esc(describePolicy(r.policy))}</code>`],
  ];
  return `<header class="hero"><div class="wrap">
<div class="brand">affsim run report</div>
<h1>${esc(r.scenario.name)}</h1>
${r.scenario.description ? `<p class="lede">${esc(r.scenario.description)}</p>` : ''}
${incomplete}${status}
<dl class="meta">${meta.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</div></header>`;
}

export function tilesHtml(r: RunResult): string {
  const attributed = attributedOrders(r);
  const { total: n, entries } = groupedViolations(r);
  const tiles: { label: string; value: string; sub: string; tone?: 'good' | 'bad' }[] = [
    {
      label: 'Events',
      value: formatCount(r.events.sent),
      sub: `${formatCount(r.events.accepted)} accepted · ${formatCount(rejectedEvents(r))} rejected`,
    },
    {
      label: 'Orders',
      value: formatCount(r.orders.total),
      sub: `GMV ${formatCentsWhole(r.orders.gmvCents)}`,
    },
    {
      label: 'Attributed',
      value: formatPercent(attributed, r.orders.total),
      sub: `${formatCount(attributed)} of ${formatCount(r.orders.total)} orders`,
    },
    {
      label: 'Commission',
      value: formatCentsWhole(r.commission.totalCents),
      sub: `${formatPercent(r.commission.totalCents, r.orders.gmvCents)} of GMV`,
    },
    {
      label: 'Violations',
      value: formatCount(n),
      sub:
        n === 0
          ? 'all decisions match'
          : `in ${formatCount(entries.length)} group${entries.length === 1 ? '' : 's'}`,
      tone: n === 0 ? 'good' : 'bad',
    },
    {
      label: 'Throughput',
      value: `${formatCount(r.timing.eventsPerSecond)}/s`,
      sub: `p95 ${formatLatencyMs(r.timing.latencyMs.p95)} · ${formatDurationMs(r.timing.wallMs)}`,
    },
  ];
  return `<section class="tiles">${tiles
    .map(
      (t) =>
        `<div class="tile${t.tone ? ` ${t.tone}` : ''}"><div class="label">${esc(t.label)}</div><div class="value">${esc(t.value)}</div><div class="sub">${esc(t.sub)}</div></div>`,
    )
    .join('\n')}</section>`;
}

export interface ChartCard {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly wide?: boolean;
  readonly short?: boolean;
}

export function chartCardHtml(c: ChartCard): string {
  return `<figure class="card${c.wide ? ' wide' : ''}${c.short ? ' short' : ''}"><h3>${esc(c.title)}</h3><p class="caption">${esc(c.caption)}</p>
<div class="chart-box"><canvas id="${esc(c.id)}" role="img" aria-label="${esc(c.title)}"></canvas></div></figure>`;
}

/** Stores in the page's table, by commission. */
const STORE_ROWS = 20;

export function storesHtml(r: RunResult): string {
  const rows = topStores(r, STORE_ROWS);
  if (rows.length === 0) return '<div class="card"><p class="empty">No store traffic.</p></div>';
  const top = Math.max(1, ...rows.map(([, s]) => s.commissionCents));
  const total = Object.keys(r.stores).length;
  const body = rows.map(
    ([id, s], i) => `<tr><td class="num">${i + 1}</td><td class="mono">${esc(id)}</td>
<td class="num">${esc(formatCount(s.clicks))}</td><td class="num">${esc(formatCount(s.orders))}</td>
<td class="num">${esc(formatPercent(s.orders, s.clicks))}</td><td class="num">${esc(formatCents(s.gmvCents))}</td>
<td class="num bar-cell"><div class="bar" style="width:${Math.max(0, (100 * s.commissionCents) / top).toFixed(1)}%"></div><span>${esc(formatCents(s.commissionCents))}</span></td>
<td class="num">${esc(formatPercent(s.commissionCents, s.gmvCents))}</td></tr>`,
  );
  return `<div class="card table-card"><table>
<thead><tr><th class="num">#</th><th>Store</th><th class="num">Clicks</th><th class="num">Orders</th><th class="num">Orders / click</th><th class="num">GMV</th><th class="num">Commission</th><th class="num">Of GMV</th></tr></thead>
<tbody>${body.join('\n')}</tbody></table>
<p class="note">Top ${rows.length} of ${esc(formatCount(total))} stores by commission.</p></div>`;
}

/** Affiliates in the money-at-stake table, by the absolute difference platform − model. */
const STAKE_ROWS = 10;

/**
 * What the platform paid against what the rules say (issue 10, item 4): the totals, and the
 * affiliates whose commission differs most, with the rest summed into one row.
 */
export function stakeHtml(r: RunResult): string {
  const m = r.money;
  const d = r.decisions;
  const rows = topDifferences(m.byAffiliate, STAKE_ROWS);
  const differing = Object.values(m.byAffiliate).filter((p) => p.platformCents !== p.modelCents);
  const signed = (cents: number) =>
    `${cents > 0 ? '+' : cents < 0 ? '−' : ''}${formatCents(Math.abs(cents))}`;
  const body = rows.map(([id, diff]) => {
    const p = m.byAffiliate[id] ?? { modelCents: 0, platformCents: 0 };
    return `<tr><td class="mono">${esc(id)}</td><td class="num">${esc(formatCents(p.modelCents))}</td><td class="num">${esc(formatCents(p.platformCents))}</td><td class="num">${esc(signed(diff))}</td></tr>`;
  });
  const rest = differing.length - rows.length;
  if (rest > 0) {
    const shown = rows.reduce((a, [, diff]) => a + diff, 0);
    const all = differing.reduce((a, p) => a + p.platformCents - p.modelCents, 0);
    body.push(
      `<tr><td>${esc(`${formatCount(rest)} others`)}</td><td></td><td></td><td class="num">${esc(signed(all - shown))}</td></tr>`,
    );
  }
  const summary = `Decisions matched ${formatCount(d.matched)} of ${formatCount(d.total)} (${formatPercent(d.matched, d.total)}). Platform ${formatCents(m.platformCents)} · model ${formatCents(m.modelCents)} · overpaid ${formatCents(m.overpaidCents)} · underpaid ${formatCents(m.underpaidCents)} (${formatPercent(m.overpaidCents + m.underpaidCents, m.gmvCents)} of GMV).`;
  return `<div class="card table-card" id="money-at-stake"><h3>Top affiliates by difference</h3><p class="note">${esc(summary)}</p><table>
<thead><tr><th>Affiliate</th><th class="num">Model</th><th class="num">Platform</th><th class="num">Platform − model</th></tr></thead>
<tbody>${body.length === 0 ? '<tr><td colspan="4" class="empty">none: every affiliate is paid what the rules say</td></tr>' : body.join('\n')}</tbody></table></div>`;
}

export function breakdownHtml(r: RunResult): string {
  const table = (title: string, head: string, rows: [string, string][]) =>
    `<div class="card table-card"><h3>${esc(title)}</h3><table><thead><tr><th>${esc(head)}</th><th class="num">Count</th></tr></thead><tbody>${
      rows.length === 0
        ? '<tr><td colspan="2" class="empty">none</td></tr>'
        : rows
            .map(([k, v]) => `<tr><td class="mono">${esc(k)}</td><td class="num">${esc(v)}</td></tr>`)
            .join('')
    }</tbody></table></div>`;
  const count = (entries: [string, number][]) =>
    entries.map(([k, n]): [string, string] => [k, formatCount(n)]);
  const channels = topEntries(r.commission.byChannel, Number.MAX_SAFE_INTEGER).map(
    ([k, c]): [string, string] => [k, `${formatCents(c)} (${formatPercent(c, r.commission.totalCents)})`],
  );
  const l = r.timing.latencyMs;
  return `<div class="two">
${table('Orders by status', 'status', count(Object.entries(r.orders.byStatus)))}
${table('Unattributed orders by reason', 'reason (R9)', count(Object.entries(r.orders.byReason)))}
${table('Events refused, by rule', 'rule', [
  ...count(byRuleNumber(r.events.rejectedByRule)),
  ...(r.events.rejectedNoRule > 0
    ? [['no rule', formatCount(r.events.rejectedNoRule)] as [string, string]]
    : []),
])}
${table('Commission by channel', 'channel (R8)', channels)}
${table('Traffic', 'what', [
  ['events sent', formatCount(r.events.sent)],
  ['events accepted', formatCount(r.events.accepted)],
  ['repeats (R17)', formatCount(r.events.repeats)],
  ['clicks', formatCount(r.clicks.total)],
  ['qualifying clicks (R5)', formatCount(r.clicks.qualifying)],
  ['not qualifying', formatCount(r.clicks.notQualifying)],
])}
${table('Speed', 'measure', [
  ['throughput', `${formatCount(r.timing.eventsPerSecond)} events/s`],
  ['wall time', formatDurationMs(r.timing.wallMs)],
  ['latency p50', formatLatencyMs(l.p50)],
  ['latency p95', formatLatencyMs(l.p95)],
  ['latency p99', formatLatencyMs(l.p99)],
  ['latency max', formatLatencyMs(l.max)],
])}
</div>`;
}
