import { describe, expect, it } from 'vitest';
import { renderLoadReport } from '../../sim/report/k6-load-report.js';
import { thresholdOutcomes } from '../../sim/report/k6-summary-thresholds.js';
import { breakpointReportInput } from './_load-report-input.js';

describe('the k6 load report page', () => {
  it('leads with the breaking point, lists every threshold with its outcome and where each broke', () => {
    const html = renderLoadReport(breakpointReportInput());
    expect(html).toContain('correct under load: 50.0 req/s held with 100.0 % correct answers');
    expect(html).toContain('broke: wrong answer');
    expect(html).toMatch(
      /<td class="mono">checks<\/td><td class="mono">rate==1<\/td><td><span [^>]*>✕ failed/,
    );
    expect(html).toMatch(/p\(99\)&lt;=250<\/td><td><span class="badge">✓ held/);
    // One latency chart per endpoint, beside the rate and error charts.
    expect(html.match(/<canvas id="/g)).toHaveLength(4);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
  });

  it('escapes every text: an endpoint or threshold name cannot inject markup', () => {
    const input = breakpointReportInput();
    const html = renderLoadReport({
      ...input,
      script: '<b>x</b>',
      thresholds: [{ metric: 'm{endpoint:<img src=x>}', threshold: 'p(99)<1</script>', ok: true }],
    });
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<img src=x>');
    expect(html).toContain('m{endpoint:&lt;img src=x&gt;}');
    expect(html.match(/<\/script>/g)).toHaveLength(3);
  });

  it('reads thresholds from k6 summary data, and names a file that is not one', () => {
    const summary = JSON.stringify({
      metrics: {
        checks: { values: { rate: 1 }, thresholds: { 'rate==1': { ok: true } } },
        http_reqs: { values: { count: 3 } },
        'http_req_duration{endpoint:attribution}': { thresholds: { 'p(99)<=250': { ok: false } } },
      },
    });
    expect(thresholdOutcomes(summary, 's.json')).toEqual([
      { metric: 'checks', threshold: 'rate==1', ok: true },
      { metric: 'http_req_duration{endpoint:attribution}', threshold: 'p(99)<=250', ok: false },
    ]);
    expect(() => thresholdOutcomes('{"root_group":{}}', 'x/s.json')).toThrow(
      /^x\/s\.json: no "metrics" object/,
    );
    expect(() => thresholdOutcomes('{', 'x/s.json')).toThrow(/^x\/s\.json: not JSON/);
  });
});
