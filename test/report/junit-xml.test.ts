import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../sim/report/junit-xml.js';
import { compareViolations } from '../../sim/run/result-order.js';
import type { RunResult, Violation, ViolationGroup } from '../../sim/run/run-result.js';
import { fakeResult } from './_fake-result.js';

interface Case {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  'system-out'?: string;
}

function parse(xml: string) {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testcase' || name === 'property',
    processEntities: true,
    htmlEntities: true,
  }).parse(xml);
  const suite = doc.testsuites.testsuite;
  return { doc, suite, cases: suite.testcase as Case[] };
}

describe('junitXml', () => {
  const result = fakeResult({ buyers: 2400 });
  const groups = result.violationGroups;

  it('is well-formed, one suite per run, a failing case per violation group', () => {
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(result.violations.length).toBeGreaterThan(groups.length);
    const { doc, suite, cases } = parse(junitXml(result));
    const failing = cases.filter((c) => c.failure !== undefined);
    expect(failing.map((c) => c['@_name'])).toEqual(expect.arrayContaining(groups.map((g) => g.title)));
    expect(failing).toHaveLength(groups.length);
    expect(Number(suite['@_failures'])).toBe(groups.length);
    expect(Number(doc.testsuites['@_failures'])).toBe(groups.length);
    expect(Number(suite['@_tests'])).toBe(cases.length);
    const total = groups.reduce((n, g) => n + g.count, 0);
    const props = suite.properties.property as { '@_name': string; '@_value': string }[];
    expect(props).toContainEqual({ '@_name': 'violations', '@_value': String(total) });
    expect(props).toContainEqual({ '@_name': 'violation.groups', '@_value': String(groups.length) });
  });

  it("names each group's count, rule and its first example's cause, fields, history file and check command", () => {
    const { cases } = parse(junitXml(result));
    for (const g of groups) {
      const c = cases.find((x) => x['@_name'] === g.title) as Case;
      expect(c['@_classname']).toBe(`affsim.baseline.${g.kind}s`);
      const [v, ...more] = result.violations
        .filter((x) => x.fingerprint === g.fingerprint)
        .sort(compareViolations) as [Violation, ...Violation[]];
      expect(c.failure?.['@_message']).toBe(
        `${g.count} ${g.kind}${g.count === 1 ? '' : 's'} under ${g.rule}; e.g. ${v.subject}: ${v.cause.text}`,
      );
      expect(c.failure?.['@_type']).toBe(g.rule);
      const text = c.failure?.['#text'] ?? '';
      for (const field of v.fields) expect(text).toContain(field);
      expect(text).toContain(
        `${v.historyFile}, ${v.history.form === 'shrunk' ? `${v.history.events} events (shrunk from ${v.history.supersetEvents})` : `${v.history.supersetEvents} events (not shrunk: `}`,
      );
      expect(text).toContain(`check it:  ${v.check}`);
      expect(text).toContain(v.replay);
      for (const x of more) expect(text).toContain(`  ${x.subject}: ${x.historyFile}`);
      if (g.causedBy !== undefined) {
        const parent = groups.find((p) => p.fingerprint === g.causedBy) as ViolationGroup;
        expect(text).toContain(`follows from: ${parent.title}`);
      }
    }
    expect(cases.some((c) => c['@_name'].startsWith('every '))).toBe(false);
  });

  it('passes "every decision matches" and lists refusals as passing, informational cases', () => {
    const clean = fakeResult({ buyers: 400, violatingBuyers: [] });
    const { suite, cases } = parse(junitXml(clean));
    expect(Number(suite['@_failures'])).toBe(0);
    expect(cases.map((c) => c['@_name'])).toContain('every decision matches the reference model');
    expect(cases.map((c) => c['@_name'])).toContain('every answer matches the reference model');
    const rejections = cases.filter((c) => c['@_classname'].endsWith('.rejections'));
    expect(rejections.map((c) => c['@_name'])).toEqual(
      Object.keys(clean.events.rejectedByRule)
        .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
        .map((rule) => `events refused under ${rule}`),
    );
    expect(
      rejections.every((c) => c.failure === undefined && (c['system-out'] ?? '').includes('refused')),
    ).toBe(true);
    // Only wrong rates: every answer matched.
    const rates = parse(junitXml(fakeResult({ buyers: 400, violatingBuyers: [17] }))).cases;
    expect(rates.map((c) => c['@_name'])).toContain('every answer matches the reference model');
    expect(rates.map((c) => c['@_name'])).not.toContain('every decision matches the reference model');
  });

  it('one case per group however many examples were kept, and none for violations only counted', () => {
    const kept = { ...result, violations: result.violations.slice(0, 1) };
    const { suite, cases } = parse(junitXml(kept));
    expect(Number(suite['@_failures'])).toBe(groups.length);
    expect(cases.filter((c) => c.failure?.['@_message'].endsWith('no example kept'))).toHaveLength(
      groups.length - 1,
    );
    expect(cases.some((c) => c['@_classname'].endsWith('.violations'))).toBe(false);
  });

  it('fails for violations counted outside any group', () => {
    const daily = result.daily.map((d, i) => (i === 0 ? { ...d, violations: d.violations + 3 } : d));
    const { suite, cases } = parse(junitXml({ ...result, daily }));
    expect(Number(suite['@_failures'])).toBe(groups.length + 1);
    const overflow = cases.find((c) => c['@_classname'].endsWith('.violations'));
    expect(overflow?.['@_name']).toBe('3 more violations');
    expect(overflow?.failure?.['@_message']).toBe('3 more violations than the groups count');
    expect(cases.some((c) => c['@_name'].startsWith('every '))).toBe(false);
  });

  it('keeps test case names apart when two groups share a title', () => {
    const [g] = groups as [ViolationGroup];
    const twin = { ...g, fingerprint: `${g.fingerprint} twin`, count: 1 };
    const { cases } = parse(junitXml({ ...result, violationGroups: [...groups, twin] }));
    expect(cases.map((c) => c['@_name'])).toEqual(expect.arrayContaining([g.title, `${g.title} (2)`]));
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const nasty = `o1-2-3 <b>&"quotes"' ]]> \u0001end`;
    const violation: Violation = {
      fingerprint: 'decision affiliateId R8 field',
      cause: { kind: 'field', rule: 'R8', field: 'affiliateId', text: `affiliateId of ${nasty}` },
      rules: ['R8'],
      kind: 'decision',
      subject: nasty,
      fields: ['affiliateId'],
      model: null,
      platform: null,
      historyFile: 'violations/<x>.jsonl',
      history: { events: 3, supersetEvents: 3, form: 'superset', note: 'not shrunk: <no reset>' },
      replay: `affsim run "a&b" --seed 1`,
      check: 'affsim check violations/<x>.jsonl --target "http://a&b"',
    };
    const group: ViolationGroup = {
      fingerprint: violation.fingerprint,
      kind: 'decision',
      rule: 'R8',
      fields: ['affiliateId'],
      cause: 'field',
      title: 'decisions differ in <affiliateId> & "more"',
      count: 1,
      overpaidCents: 0,
      underpaidCents: 0,
    };
    const r: RunResult = {
      ...result,
      scenario: { name: 'a<b>&c', description: '"x"' },
      violations: [violation],
      violationGroups: [group],
    };
    const { suite, cases } = parse(junitXml(r));
    expect(suite['@_name']).toContain('a<b>&c');
    const failing = cases.find((c) => c.failure !== undefined) as Case;
    expect(failing['@_name']).toBe('decisions differ in <affiliateId> & "more"');
    expect(failing.failure?.['@_message']).toContain('o1-2-3 <b>&"quotes"\' ]]> \uFFFDend');
    expect(failing.failure?.['#text']).toContain('violations/<x>.jsonl, 3 events (not shrunk: <no reset>)');
    expect(failing.failure?.['#text']).toContain('--target "http://a&b"');
  });
});
