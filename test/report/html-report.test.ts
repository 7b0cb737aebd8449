import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../sim/report/html-report.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { fakeResult } from './_fake-result.js';

describe('renderHtmlReport', () => {
  const result = fakeResult({ buyers: 1300 });
  const html = renderHtmlReport(result);

  it('is one self-contained page: Chart.js inlined with its license header, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/\/\*!\n \* Chart\.js v4\.\d+\.\d+\n[\s\S]*Released under the MIT License\n \*\//);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'`);
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html.match(/<canvas /g)).toHaveLength(8);
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
    const page = renderHtmlReport(evil);
    expect(page).toContain('<h1>&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(page).toContain('a &amp; b');
    expect(page).toContain('&lt;b&gt;s1&lt;/b&gt;');
    expect(page).toContain('&quot;&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('<a class="mono" href="violations/o1.jsonl">');
  });

  it('shows the verdict, a row per violation and the top stores', () => {
    expect(html).toContain(`✕ ${result.violations.length} violations`);
    const table = /<h2>Violations<\/h2>([\s\S]*?)<h2>/.exec(html)?.[1] ?? '';
    expect(table.match(/<tr><td>/g)).toHaveLength(result.violations.length);
    expect(html).toContain('Top 20 of 60 stores by commission');
    const clean = renderHtmlReport(fakeResult({ buyers: 300, violatingBuyers: [] }));
    expect(clean).toContain('✓ Every decision matches the reference model');
  });
});
