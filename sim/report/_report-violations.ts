import escapeHtml from 'escape-html';
import type { RunResult } from '../run/run-result.js';
import { formatCents, formatCount } from './_format.js';
import {
  followersPhrase,
  type GroupEntry,
  groupedViolations,
  historySize,
  isOtherGroup,
} from './_violation-groups.js';
import { violationDiffs } from './violation-diffs.js';

/** The HTML report's server-rendered parts; every string from the result goes through `escapeHtml`. */

/** The report's violations section: the groups, what follows from each, their examples and histories. */

const esc = (text: string | number) => escapeHtml(String(text));

/** Examples listed under each group in the page; result.json keeps up to `examplesPerGroup` of each. */
const EXAMPLES_SHOWN = 20;

/**
 * The violation groups (one bug usually makes one group) as a table in reading order: each with
 * its title, rule, count, money and its first example's cause, history file and check command; the
 * decision groups that follow from diverging answers nested right under those answers; the kept
 * examples of each group listed under it, with the fields side by side.
 */
export function violationsHtml(r: RunResult): string {
  const grouped = groupedViolations(r);
  if (grouped.total === 0) {
    return '<div class="card"><p class="empty">None: every decision and every answer of the platform matches the reference model.</p></div>';
  }
  const rows = grouped.entries.map((e, i) => groupRowHtml(r, e, i === 0));
  const groups = grouped.entries.length;
  const ungrouped =
    grouped.ungrouped > 0
      ? `<p class="note">${esc(formatCount(grouped.ungrouped))} more violation${grouped.ungrouped === 1 ? '' : 's'} counted per day in no group.</p>`
      : '';
  const replays = [...new Set(r.violations.map((v) => v.replay))].slice(0, 3);
  return `<div class="card table-card" id="violations"><p class="note">${esc(formatCount(grouped.total))} violation${grouped.total === 1 ? '' : 's'} in ${esc(formatCount(groups))} group${groups === 1 ? '' : 's'}, diverging answers first, then by count; violations that follow from diverging answers are nested under them. result.json keeps up to ${esc(formatCount(r.examplesPerGroup))} examples of each group, each with a history file that <code>affsim check</code> reproduces it with.</p>
<table class="groups">
<thead><tr><th class="num">#</th><th>Group</th><th>Rule</th><th class="num">Count</th><th class="num">Overpaid</th><th class="num">Underpaid</th><th>Cause of the first example</th><th>History file</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${ungrouped}
<p class="note">Replay the whole run:</p>
${replays.map((cmd) => `<pre class="replay"><code>${esc(cmd)}</code></pre>`).join('')}</div>`;
}

function groupRowHtml(r: RunResult, e: GroupEntry, open: boolean): string {
  const g = e.group;
  const money = (cents: number) => (cents > 0 ? esc(formatCents(cents)) : '–');
  const link =
    e.parent === undefined
      ? ''
      : `<div class="kind">↳ follows from the answers of <a href="#group-${e.parent.number}">#${e.parent.number}</a></div>`;
  const follow =
    e.followers.length === 0
      ? ''
      : `<div class="kind">→ ${esc(followersPhrase(e))} from these answers: ${e.followers.map((f) => `<a href="#group-${f.number}">#${f.number}</a>`).join(', ')}</div>`;
  const [v] = e.examples;
  const example =
    v === undefined
      ? '<td class="empty">no example kept</td><td></td>'
      : `<td>${esc(v.cause.text)}<div class="kind">e.g. ${esc(v.kind)} <span class="mono">${esc(v.subject)}</span></div></td>
<td>${historyLink(v.historyFile)}<div class="kind">${esc(historySize(v))}</div></td>`;
  const row = `<tr class="group${e.parent === undefined ? '' : ' follower'}" id="group-${e.number}"><td class="num">${e.number}</td>
<td class="group-title"><div>${esc(g.title)}</div><div class="kind">${isOtherGroup(g) ? 'violations' : `${esc(g.kind)}s`}${g.fields.length > 0 ? ` · ${esc(g.fields.join(', '))}` : ''}</div>${link}${follow}</td>
<td>${g.rule ? `<span class="badge">${esc(g.rule)}</span>` : ''}</td><td class="num">${esc(formatCount(g.count))}</td>
<td class="num">${money(g.overpaidCents)}</td><td class="num">${money(g.underpaidCents)}</td>
${example}</tr>`;
  if (v === undefined) return row;
  return `${row}
<tr class="examples${e.parent === undefined ? '' : ' follower'}"><td></td><td colspan="7"><div class="check"><span class="kind">check it:</span> <code class="cmd">${esc(v.check)}</code></div>
${examplesHtml(r, e, open)}</td></tr>`;
}

function examplesHtml(r: RunResult, e: GroupEntry, open: boolean): string {
  const shown = e.examples.slice(0, EXAMPLES_SHOWN);
  const rows = shown.map((v) => {
    const diffs = violationDiffs(v);
    const cell = (side: 'model' | 'platform') =>
      `<div class="diff">${diffs.map((d) => `<span class="mono">${esc(d.field)}</span><span class="mono ${side}">${esc(d[side])}</span>`).join('')}</div>`;
    return `<tr><td><span class="mono">${esc(v.subject)}</span><div class="kind">${esc(v.kind)}</div></td>
<td>${v.rules.map((rule) => `<span class="badge">${esc(rule)}</span>`).join('')}</td>
<td>${cell('model')}</td><td>${cell('platform')}</td>
<td>${historyLink(v.historyFile)}<div class="kind">${esc(historySize(v))}</div><code class="cmd">${esc(v.check)}</code></td></tr>`;
  });
  const n = e.examples.length;
  const of =
    e.group.count > n
      ? ` of ${formatCount(e.group.count)} (result.json keeps up to ${formatCount(r.examplesPerGroup)})`
      : '';
  const more =
    n > shown.length
      ? `<p class="note">${esc(formatCount(n - shown.length))} more examples in result.json.</p>`
      : '';
  return `<details${open ? ' open' : ''}><summary>${esc(`${formatCount(n)} example${n === 1 ? '' : 's'}${of}`)}</summary>
<table class="examples">
<thead><tr><th>Subject</th><th>Rules</th><th>Reference model</th><th>Platform</th><th>History file, check it</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${more}</details>`;
}

/** A link only for a relative path: a result file from elsewhere must not smuggle in a `javascript:` URL. */
function historyLink(file: string): string {
  const relative = !/^[a-z][a-z0-9+.-]*:/i.test(file) && !file.startsWith('//');
  return relative
    ? `<a class="mono" href="${esc(file)}">${esc(file)}</a>`
    : `<span class="mono">${esc(file)}</span>`;
}
