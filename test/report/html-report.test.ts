import escapeHtml from 'escape-html';
import { describe, expect, it } from 'vitest';
import { formatCents } from '../../sim/report/_format.js';
import { renderHtmlReport } from '../../sim/report/html-report.js';
import { compareViolations } from '../../sim/run/result-order.js';
import type { RunResult, Violation, ViolationGroup } from '../../sim/run/run-result.js';
import { fakeResult } from './_fake-result.js';

describe('renderHtmlReport', () => {
  const result = fakeResult({ buyers: 2400 });
  const html = renderHtmlReport(result);

  it('is one self-contained page: Chart.js inlined with its license header, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/\/\*!\n \* Chart\.js v4\.\d+\.\d+\n[\s\S]*Released under the MIT License\n \*\//);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'`);
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html.match(/<canvas /g)).toHaveLength(9);
  });

  it('carries the chart data as JSON that no string can break out of', () => {
    const evil: RunResult = {
      ...result,
      commission: { ...result.commission, byChannel: { '</script><script>alert(1)</script>': 5 } },
    };
    const page = renderHtmlReport(evil);
    const json =
      /<script type="application\/json" id="affsim-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    expect(json).not.toContain('<');
    expect(JSON.parse(json).channels.labels).toEqual(['</script><script>alert(1)</script>']);
    expect(JSON.parse(json).days.labels).toHaveLength(90);
  });

  it('escapes every string from the result, and links only relative history files', () => {
    const v = result.violations[0];
    if (v === undefined) throw new Error('the fake result has violations');
    const evil: RunResult = {
      ...result,
      scenario: { name: '<img src=x onerror=alert(1)>', description: 'a & b' },
      stores: { '<b>s1</b>': { clicks: 1, orders: 1, gmvCents: 100, commissionCents: 10 } },
      violations: [
        { ...v, subject: '"><script>x</script>', historyFile: 'javascript:alert(1)' },
        { ...v, historyFile: 'violations/o1.jsonl' },
      ],
    };
    const page = renderHtmlReport({
      ...evil,
      violationGroups: evil.violationGroups.map((g) => ({ ...g, title: `<i>${g.title}</i>` })),
    });
    expect(page).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(page).not.toContain('<i>');
    expect(page).toContain('a &amp; b');
    expect(page).toContain('&lt;b&gt;s1&lt;/b&gt;');
    expect(page).toContain('&quot;&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('<a class="mono" href="violations/o1.jsonl">');
  });

  it('shows the verdict, a row per violation group and the top stores', () => {
    const total = result.violationGroups.reduce((n, g) => n + g.count, 0);
    expect(html).toContain(`✕ ${total} violations in ${result.violationGroups.length} groups`);
    const section = /<h2>Violations<\/h2>([\s\S]*?)<h2>/.exec(html)?.[1] ?? '';
    expect(section.match(/<tr class="group[ "]/g)).toHaveLength(result.violationGroups.length);
    expect(html).toContain('Top 20 of 60 stores by commission');
    const clean = renderHtmlReport(fakeResult({ buyers: 300, violatingBuyers: [] }));
    expect(clean).toContain('✓ Every decision matches the reference model');
  });

  it("lists each group's title, rule, count, money, its example's cause, history file with its size and check command", () => {
    const section = /<h2>Violations<\/h2>([\s\S]*?)<h2>/.exec(html)?.[1] ?? '';
    const rows = section.split('<tr class="group').slice(1);
    const entries = rows.map((row) => ({
      row,
      title: /<td class="group-title"><div>([^<]*)<\/div>/.exec(row)?.[1],
    }));
    expect(entries.map((e) => e.title)).toEqual(
      // Reading order, each follower right under its answers.
      readingOrder(result.violationGroups).map((g) => escapeHtml(g.title)),
    );
    for (const g of result.violationGroups) {
      const { row } = entries.find((e) => e.title === escapeHtml(g.title)) as { row: string };
      const [v, ...more] = result.violations
        .filter((x) => x.fingerprint === g.fingerprint)
        .sort(compareViolations) as [Violation, ...Violation[]];
      expect(row).toContain(`<span class="badge">${g.rule}</span>`);
      expect(row).toContain(`<td class="num">${g.count}</td>`);
      if (g.overpaidCents > 0) expect(row).toContain(formatCents(g.overpaidCents));
      expect(row).toContain(escapeHtml(v.cause.text));
      expect(row).toContain(`<a class="mono" href="${v.historyFile}">${v.historyFile}</a>`);
      expect(row).toContain(
        v.history.form === 'shrunk'
          ? `${v.history.events} events (shrunk from ${v.history.supersetEvents})`
          : `${v.history.supersetEvents} events (not shrunk: `,
      );
      expect(row).toContain(escapeHtml(v.check));
      // Every kept example is listed under its group.
      for (const x of [v, ...more])
        expect(row).toContain(`<span class="mono">${escapeHtml(x.subject)}</span>`);
      if (g.causedBy !== undefined) expect(row).toMatch(/^ follower"/);
      else expect(row).toMatch(/^"/);
    }
  });
});

/** Groups as the report lists them: top-level groups in order, each followed by the decision groups that follow from it. */
function readingOrder(groups: readonly ViolationGroup[]): ViolationGroup[] {
  return groups
    .filter((g) => g.causedBy === undefined)
    .flatMap((g) => [g, ...groups.filter((f) => f.causedBy === g.fingerprint)]);
}

describe('renderHtmlReport, the money at stake (issue 10)', () => {
  const pair = (modelCents: number, platformCents: number) => ({ modelCents, platformCents });
  const base = fakeResult({ buyers: 300, violatingBuyers: [] });
  const html = renderHtmlReport({
    ...base,
    money: {
      ...base.money,
      modelCents: 30_634,
      platformCents: 61_226,
      overpaidCents: 30_592,
      underpaidCents: 0,
      byTier: { main: pair(100, 200), category: pair(0, 0), default: pair(30_534, 61_026) },
      byAffiliate: { a1: pair(10_000, 30_000), a2: pair(500, 500), a3: pair(0, 10_592) },
    },
    decisions: { matched: 9_681, total: 11_223 },
  });

  it('has the section with its chart, tier series and the affiliates by difference', () => {
    expect(html).toContain('<h2>Money at stake</h2>');
    expect(html).toContain('id="chart-stake"');
    expect(html).toContain(
      '"stake":{"labels":["main","category","default"],"model":[100,0,30534],"platform":[200,0,61026]}',
    );
    expect(html).toContain(
      'Decisions matched 9,681 of 11,223 (86.3%). Platform $612.26 · model $306.34 · overpaid $305.92',
    );
    // a1 (+200.00) before a3 (+105.92); a2 has no difference and is not listed.
    expect(html).toMatch(
      /a1<\/td><td class="num">\$100\.00<\/td><td class="num">\$300\.00<\/td><td class="num">\+\$200\.00[\s\S]*a3</,
    );
    expect(html).not.toContain('>a2<');
  });
});
