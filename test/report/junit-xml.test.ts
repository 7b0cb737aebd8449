import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../sim/report/junit-xml.js';
import type { RunResult, Violation } from '../../sim/run/run-result.js';
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
  const result = fakeResult({ buyers: 1300 });

  it('is well-formed, one suite per run, a failing case per violation', () => {
    expect(result.violations.length).toBeGreaterThanOrEqual(3);
    const { doc, suite, cases } = parse(junitXml(result));
    const failing = cases.filter((c) => c.failure !== undefined);
    expect(failing).toHaveLength(result.violations.length);
    expect(Number(suite['@_failures'])).toBe(result.violations.length);
    expect(Number(doc.testsuites['@_failures'])).toBe(result.violations.length);
    expect(Number(suite['@_tests'])).toBe(cases.length);
    for (const v of result.violations) {
      const c = failing.find((f) => f['@_name'].includes(v.subject)) as Case;
      expect(c, v.subject).toBeDefined();
      const text = c.failure?.['#text'] ?? '';
      for (const field of v.fields) expect(text).toContain(field);
      for (const rule of v.rules) expect(c.failure?.['@_message']).toContain(rule);
      expect(text).toContain(v.historyFile);
      expect(text).toContain(v.replay);
    }
  });

  it('passes "every decision matches" and lists refusals as passing, informational cases', () => {
    const clean = fakeResult({ buyers: 400, violatingBuyers: [] });
    const { suite, cases } = parse(junitXml(clean));
    expect(Number(suite['@_failures'])).toBe(0);
    expect(cases.map((c) => c['@_name'])).toContain('every decision matches the reference model');
    const rejections = cases.filter((c) => c['@_classname'].endsWith('.rejections'));
    expect(rejections.map((c) => c['@_name'])).toEqual(
      Object.keys(clean.events.rejectedByRule)
        .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
        .map((rule) => `events refused under ${rule}`),
    );
    expect(
      rejections.every((c) => c.failure === undefined && (c['system-out'] ?? '').includes('refused')),
    ).toBe(true);
  });

  it('fails for violations the run counted but did not keep', () => {
    const kept = result.violations.slice(0, 1);
    const r: RunResult = { ...result, violations: kept };
    const { suite, cases } = parse(junitXml(r));
    expect(Number(suite['@_failures'])).toBe(2);
    const overflow = cases.find((c) => c['@_classname'].endsWith('.violations'));
    expect(overflow?.failure?.['@_message']).toBe(
      `${result.violations.length - 1} more violations than listed here`,
    );
    expect(cases.some((c) => c['@_name'].startsWith('every '))).toBe(false);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    const nasty = `o1-2-3 <b>&"quotes"' ]]> \u0001end`;
    const violation: Violation = {
      rules: ['R8'],
      kind: 'decision',
      subject: nasty,
      fields: ['affiliateId'],
      model: null,
      platform: null,
      historyFile: 'violations/<x>.jsonl',
      replay: `affsim run "a&b" --seed 1`,
    };
    const r: RunResult = {
      ...result,
      scenario: { name: 'a<b>&c', description: '"x"' },
      violations: [violation],
    };
    const { suite, cases } = parse(junitXml(r));
    expect(suite['@_name']).toContain('a<b>&c');
    const failing = cases.find((c) => c.failure !== undefined) as Case;
    expect(failing['@_name']).toContain('o1-2-3 <b>&"quotes"\' ]]> \uFFFDend');
    expect(failing.failure?.['#text']).toContain('violations/<x>.jsonl');
  });
});
