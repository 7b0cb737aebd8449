import { describePolicy } from '../domain/policy.js';
import type { RunResult, Violation } from '../run/run-result.js';
import { formatCount, formatDate } from './_format.js';
import { xmlText } from './_xml-text.js';
import { byRuleNumber, shardsLabel, violationTotal } from './run-facts.js';
import { violationDiffs } from './violation-diffs.js';

/** Violations reported as their own test cases; the rest are counted in one more failing case. */
export const JUNIT_VIOLATION_CASES_MAX = 1000;

interface TestCase {
  readonly classname: string;
  readonly name: string;
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  readonly out?: string;
}

/**
 * The run as JUnit XML, for CI test reports: one test suite per run; each violation is a failing
 * test case of its own (so CI lists every one, with the history file that reproduces it), or one
 * passing case when there are none; each rule that refused events gets a passing, informational case.
 */
export function junitXml(r: RunResult): string {
  const cases = [
    ...violationCases(r, 'decision'),
    ...violationCases(r, 'answer'),
    ...overflowCase(r),
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
    ...properties(r).map(
      ([name, value]) => `      <property name="${xmlText(name)}" value="${xmlText(value)}"/>`,
    ),
    '    </properties>',
    ...cases.flatMap(testCaseLines),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function properties(r: RunResult): [string, string][] {
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
    ['violations', String(violationTotal(r))],
    ...replays.slice(0, 3).map((cmd): [string, string] => ['replay', cmd]),
  ];
}

const NOUN = { decision: 'decision', answer: 'answer' } as const;
const SUBJECT = { decision: 'order', answer: 'event' } as const;

function violationCases(r: RunResult, kind: Violation['kind']): TestCase[] {
  const classname = `affsim.${r.scenario.name}.${NOUN[kind]}s`;
  const shown = r.violations.slice(0, JUNIT_VIOLATION_CASES_MAX).filter((v) => v.kind === kind);
  const all = r.violations.filter((v) => v.kind === kind).length;
  if (all === 0) {
    // Violations found but not kept have unknown kinds: then claim nothing either way.
    const unlisted = violationTotal(r) > r.violations.length;
    return unlisted ? [] : [{ classname, name: `every ${NOUN[kind]} matches the reference model` }];
  }
  return shown.map((v) => ({
    classname,
    name: `${SUBJECT[kind]} ${v.subject}: the platform's ${NOUN[kind]} matches the reference model`,
    failure: {
      message: `${v.subject}: ${v.fields.join(', ') || 'missing'} differ${v.fields.length === 1 ? 's' : ''} from the reference model (${v.rules.join(', ') || 'no rule'})`,
      type: v.rules.join(',') || 'violation',
      text: failureText(v),
    },
  }));
}

function failureText(v: Violation): string {
  const diffs = violationDiffs(v);
  const width = Math.max(5, ...diffs.map((d) => d.field.length));
  return [
    `rules: ${v.rules.join(', ') || '(none)'}`,
    `${'field'.padEnd(width)}  model  →  platform`,
    ...diffs.map((d) => `${d.field.padEnd(width)}  ${d.model}  →  ${d.platform}`),
    `history file (relative to the run's output directory): ${v.historyFile}`,
    `check it:  affsim check ${v.historyFile}`,
    `replay:    ${v.replay}`,
  ].join('\n');
}

/** Violations found but not listed (past the run's or this file's cap) still fail the build. */
function overflowCase(r: RunResult): TestCase[] {
  const listed = Math.min(r.violations.length, JUNIT_VIOLATION_CASES_MAX);
  const rest = violationTotal(r) - listed;
  if (rest <= 0) return [];
  return [
    {
      classname: `affsim.${r.scenario.name}.violations`,
      name: `${formatCount(rest)} more violations`,
      failure: {
        message: `${formatCount(rest)} more violations than listed here`,
        type: 'violation',
        text: `${listed} violations are test cases here; the run found ${violationTotal(r)} (see the daily counts in result.json).`,
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
