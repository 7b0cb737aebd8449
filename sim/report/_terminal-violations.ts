import { join } from 'node:path';
import type { RunResult } from '../run/run-result.js';
import { formatCents, formatCount } from './_format.js';
import { joined, LINE_WIDTH, label } from './_terminal-layout.js';
import {
  countOf,
  followersPhrase,
  type GroupEntry,
  groupedViolations,
  historySize,
} from './_violation-groups.js';
import { violationDiffs } from './violation-diffs.js';

/**
 * The violations section of the terminal summary: every group, diverging answers first, with
 * what follows from them nested under them; one example each, with its cause, its history and
 * the command that checks it.
 */

/** Groups shown in full when there are more: the largest by count; the rest get one line each. */
export const GROUPS_IN_FULL = 20;
/** Differing fields shown for a group's example; result.json has them all. */
const DIFFS_SHOWN = 8;
const SUB_WIDTH = 9;

/**
 * The violations last, where the eye lands, as groups (one bug usually makes one group): each with
 * its count, rule, money and one example traced to its cause, with the history file and the
 * command that checks it; the decision groups that follow from diverging answers indented under
 * those answers, so the list reads as the few things to fix.
 */
export function violationLines(r: RunResult, inFull: number, outDir: string | undefined): string[] {
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
