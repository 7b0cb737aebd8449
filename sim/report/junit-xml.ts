import { describePolicy } from '../domain/policy.js';
import { incompleteLine } from '../run/run-incomplete.js';
import type { RunResult } from '../run/run-result.js';
import { formatCents, formatCount, formatDate } from './_format.js';
import {
  countOf,
  followersPhrase,
  type GroupEntry,
  type GroupedViolations,
  groupedViolations,
  historySize,
  isOtherGroup,
} from './_violation-groups.js';
import { xmlText } from './_xml-text.js';
import { byRuleNumber, incompleteSentences, shardsLabel } from './run-facts.js';
import { violationDiffs } from './violation-diffs.js';

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly out?: string;
}

/**
 * The run as JUnit XML, for CI test reports: one test suite per run; each violation group is a
 * failing test case of its own (one bug, one failure, however many orders it touches) with its
 * first example's differences, history file and check command; a passing case for each kind
 * (decisions, answers) without violations; each rule that refused events gets a passing,
 * informational case.
 */
export function junitXml(r: RunResult): string {
  const grouped = groupedViolations(r);
  const cases = [
    ...incompleteCase(r),
    ...groupCases(r, grouped),
    ...passingCases(r, grouped),
    ...overflowCase(r, grouped),
    ...rejectionCases(r),
  ];
  const failures = cases.filter((c) => c.failure !== undefined).length;
  const time = (r.timing.wallMs / 1000).toFixed(3);
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${time}"`;
  const suite = `affsim ${r.scenario.name} seed ${r.seed}${r.shards.count > 1 ? ` (${shardsLabel(r)})` : ''}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="affsim" ${counts}>`,
    `  <testsuite name="${xmlText(suite)}" ${counts}>`,
    '    <properties>',
    ...properties(r, grouped).map(
      ([name, value]) => `      <property name="${xmlText(name)}" value="${xmlText(value)}"/>`,
    ),
    '    </properties>',
    ...cases.flatMap(testCaseLines),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function properties(r: RunResult, grouped: GroupedViolations): [string, string][] {
  const replays = [...new Set(r.violations.map((v) => v.replay))];
  return [
    ['affsim.version', r.affsim.version],
    ['scenario', r.scenario.name],
    ['seed', String(r.seed)],
    ['shards', shardsLabel(r)],
    ['period', `${formatDate(r.period.startAt)} to ${formatDate(r.period.endAt)} (${r.period.days} days)`],
    ['target', r.target],
    ['policy', describePolicy(r.policy)],
    ['events.sent', String(r.events.sent)],
    ['violations', String(grouped.total)],
    ['violation.groups', String(grouped.entries.length)],
    ...replays.slice(0, 3).map((cmd): [string, string] => ['replay', cmd]),
  ];
}

const NOUN = { decision: 'decision', answer: 'answer' } as const;

/** One failing case per group, named by its title (made unique: CI tools key cases by name). */
function groupCases(r: RunResult, grouped: GroupedViolations): TestCase[] {
  const seen = new Map<string, number>();
  return grouped.entries.map((e) => {
    const g = e.group;
    const n = (seen.get(g.title) ?? 0) + 1;
    seen.set(g.title, n);
    const [v] = e.examples;
    const cause = v === undefined ? 'no example kept' : `e.g. ${v.subject}: ${v.cause.text}`;
    return {
      classname: `affsim.${r.scenario.name}.${isOtherGroup(g) ? 'violations' : `${NOUN[g.kind]}s`}`,
      name: n === 1 ? g.title : `${g.title} (${n})`,
      failure: {
        message: `${countOf(g)} under ${g.rule || 'no rule'}; ${cause}`,
        type: g.rule || 'violation',
        text: failureText(r, e),
      },
    };
  });
}

function failureText(r: RunResult, e: GroupEntry): string {
  const g = e.group;
  const money = [
    ...(g.overpaidCents > 0 ? [`overpaid ${formatCents(g.overpaidCents)}`] : []),
    ...(g.underpaidCents > 0 ? [`underpaid ${formatCents(g.underpaidCents)}`] : []),
  ];
  const lines = [
    `${countOf(g)}: ${g.title}`,
    `rule: ${g.rule || '(none)'}${g.fields.length > 0 ? ` · fields: ${g.fields.join(', ')}` : ''}`,
    ...(money.length > 0 ? [`money at stake: ${money.join(' · ')}`] : []),
    ...(e.parent === undefined ? [] : [`follows from: ${e.parent.group.title} (${countOf(e.parent.group)})`]),
    ...(e.followers.length === 0 ? [] : [`${followersPhrase(e)} from these answers (their own test cases)`]),
    `group: ${g.fingerprint}`,
    '',
  ];
  const [v, ...more] = e.examples;
  if (v === undefined) return [...lines, 'no example kept'].join('\n');
  const diffs = violationDiffs(v);
  const width = Math.max(5, ...diffs.map((d) => d.field.length));
  lines.push(
    `example: ${v.kind} ${v.subject} (rules: ${v.rules.join(', ') || '(none)'})`,
    `cause:   ${v.cause.text}`,
    `${'field'.padEnd(width)}  model  →  platform`,
    ...diffs.map((d) => `${d.field.padEnd(width)}  ${d.model}  →  ${d.platform}`),
    `history file (relative to the run's output directory): ${v.historyFile}, ${historySize(v)}`,
    `check it:  ${v.check}`,
    `replay:    ${v.replay}`,
  );
  if (more.length > 0) {
    lines.push(
      '',
      `more examples (result.json keeps up to ${r.examplesPerGroup} per group):`,
      ...more.map((x) => `  ${x.subject}: ${x.historyFile}, ${historySize(x)}`),
    );
  }
  return lines.join('\n');
}

/** "every decision matches", "every answer matches": claimed only when no count is of unknown kind. */
function passingCases(r: RunResult, grouped: GroupedViolations): TestCase[] {
  if (grouped.ungrouped > 0 || grouped.entries.some((e) => isOtherGroup(e.group))) return [];
  return (['decision', 'answer'] as const)
    .filter((kind) => !grouped.entries.some((e) => e.group.kind === kind))
    .map((kind) => ({
      classname: `affsim.${r.scenario.name}.${NOUN[kind]}s`,
      name: `every ${NOUN[kind]} matches the reference model`,
    }));
}

/** A run that did not finish fails the build whatever it found: the rest was never checked. */
function incompleteCase(r: RunResult): TestCase[] {
  if (r.incomplete === undefined) return [];
  return [
    {
      classname: `affsim.${r.scenario.name}.run`,
      name: 'the run checked every day',
      failure: {
        message: `incomplete: ${incompleteLine(r.incomplete, r.period.days)}`,
        type: 'incomplete',
        text: incompleteSentences(r.incomplete, r.period.days).join('\n'),
      },
    },
  ];
}

/**
 * Violations counted outside any group still fail the build. A result of this version has none
 * (every violation is in a group, the other kinds too); the daily counts are the check.
 */
function overflowCase(r: RunResult, grouped: GroupedViolations): TestCase[] {
  const rest = grouped.ungrouped;
  if (rest <= 0) return [];
  return [
    {
      classname: `affsim.${r.scenario.name}.violations`,
      name: `${formatCount(rest)} more violations`,
      failure: {
        message: `${formatCount(rest)} more violation${rest === 1 ? '' : 's'} than the groups count`,
        type: 'violation',
        text: `The groups here count ${formatCount(grouped.total - rest)} violations; the run found ${formatCount(grouped.total)} (see the daily counts in result.json).`,
      },
    },
  ];
}

function rejectionCases(r: RunResult): TestCase[] {
  const byRule = byRuleNumber(r.events.rejectedByRule).map(([rule, n]) => ({
    classname: `affsim.${r.scenario.name}.rejections`,
    name: `events refused under ${rule}`,
    out: `${formatCount(n)} event${n === 1 ? '' : 's'} refused under ${rule} (informational: refusals are expected; one the reference model does not make is listed as a violation)`,
  }));
  const n = r.events.rejectedNoRule;
  if (n === 0) return byRule;
  return [
    ...byRule,
    {
      classname: `affsim.${r.scenario.name}.rejections`,
      name: 'events refused without a rule',
      out: `${formatCount(n)} event${n === 1 ? '' : 's'} refused without a rule id (informational: one the reference model does not refuse is listed as a violation)`,
    },
  ];
}

function testCaseLines(c: TestCase): string[] {
  const open = `    <testcase classname="${xmlText(c.classname)}" name="${xmlText(c.name)}" time="0"`;
  if (c.failure === undefined && c.out === undefined) return [`${open}/>`];
  return [
    `${open}>`,
    ...(c.failure === undefined
      ? []
      : [
          `      <failure message="${xmlText(c.failure.message)}" type="${xmlText(c.failure.type)}">${xmlText(c.failure.text)}</failure>`,
        ]),
    ...(c.out === undefined ? [] : [`      <system-out>${xmlText(c.out)}</system-out>`]),
    '    </testcase>',
  ];
}
