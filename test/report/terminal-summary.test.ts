import { describe, expect, it } from 'vitest';
import { terminalSummary } from '../../sim/report/terminal-summary.js';
import { mergeResults } from '../../sim/run/merge-results.js';
import { fakeResult } from './_fake-result.js';

describe('terminalSummary', () => {
  const result = fakeResult({ buyers: 1300 });
  const text = terminalSummary(result, { outDir: 'out/run' }).join('\n');

  it('opens with what replays the run: scenario, seed, shards, period', () => {
    const [first] = terminalSummary(result);
    expect(first).toBe('affsim 0.1.0 · scenario baseline · seed 42 · unsharded');
    expect(text).toContain('period       2026-01-05 → 2026-04-05 (90 days)');
    expect(text).toContain('windowDays=15');
  });

  it('shows orders by status and reason, commission by tier and channel, and top stores', () => {
    expect(text).toMatch(/status\s+not-attributed [\d,]+ · pending [\d,]+ · payable/);
    expect(text).toMatch(/unattrib\.\s+store-not-member [\d,]+ · no-click [\d,]+ · window-expired/);
    expect(text).toMatch(/by tier\s+main \$[\d,.]+ \([\d.]+%\) · category/);
    expect(text).toMatch(/by channel\s+home \$/);
    expect(text).toContain('Top 10 of 60 stores by commission');
    expect(text).toMatch(/STORE\s+CLICKS\s+ORDERS\s+GMV\s+COMMISSION/);
    expect(text).toMatch(/throughput\s+[\d,]+ events\/s over 4 s/);
  });

  it('lists each violation with its fields, history file and the replay command', () => {
    for (const v of result.violations) {
      expect(text).toContain(`${v.kind} ${v.subject} (${v.rules.join(', ')})`);
      expect(text).toContain(`history: out/run/${v.historyFile}`);
    }
    expect(text).toMatch(/commissionCents: model \d+, platform \d+/);
    expect(text).toContain('replay: affsim run baseline --seed 42');
    expect(text).toContain('check one: affsim check out/run/violations/');
  });

  it('says so when there are none, and names missing shards of a partial merge', () => {
    const clean = fakeResult({ buyers: 300, violatingBuyers: [], shard: { index: 1, count: 3 } });
    const lines = terminalSummary(clean);
    expect(lines.at(-1)).toBe('violations   none: every decision and answer matches the reference model');
    expect(lines[0]).toContain('shard 2 of 3 (1, 3 missing)');
    const all = mergeResults(
      [0, 1, 2].map((index) => fakeResult({ buyers: 300, shard: { index, count: 3 } })),
    );
    expect(terminalSummary(all)[0]).toContain('all 3 shards');
  });

  it('prints the compared fields in one line only when the adapter narrowed them, and unsupported events', () => {
    expect(terminalSummary(result).some((l) => l.startsWith('compared'))).toBe(false);
    const narrowed = {
      ...result,
      compared: ['attributed', 'affiliateId', 'commissionCents'],
      events: { ...result.events, unsupported: 7 },
    };
    const lines = terminalSummary(narrowed);
    expect(lines).toContain('compared     attributed, affiliateId, commissionCents');
    expect(lines.find((l) => l.startsWith('events'))).toContain('7 unsupported (not sent)');
  });

  it('counts rejections that name no rule among the rejected, and lists them', () => {
    const events = {
      sent: 10,
      accepted: 5,
      repeats: 0,
      rejectedByRule: { R14: 2 },
      rejectedNoRule: 3,
      unsupported: 0,
    };
    const lines = terminalSummary({ ...result, events });
    expect(lines).toContain('events       10 sent · 5 accepted · 0 repeats · 5 rejected');
    expect(lines).toContain('  rejected   R14 2 · no rule 3');
  });

  it('caps the listed violations, and counts the ones the run did not keep', () => {
    const lines = terminalSummary(result, { violations: 1 });
    expect(lines).toContain(`  … and ${result.violations.length - 1} more in result.json`);
    const truncated = terminalSummary({ ...result, violations: result.violations.slice(0, 1) });
    expect(truncated).toContain(
      `VIOLATIONS   ${result.violations.length}: the platform differs from the reference model`,
    );
    expect(truncated).toContain(
      `  … and ${result.violations.length - 1} more (result.json keeps the first 1)`,
    );
  });
});

describe('terminalSummary, the money at stake (issue 10)', () => {
  const base = fakeResult({ buyers: 300, violatingBuyers: [] });
  const pair = (modelCents: number, platformCents: number) => ({ modelCents, platformCents });
  // Hand-made: 11 223 orders, 9 681 matching; the platform paid 612.26 where the model says 306.34,
  // all of it overpaid: 612.26 − 306.34 = 305.92, which is 305.92 / 10 000.00 = 3.1% of GMV.
  const money = {
    modelCents: 30_634,
    platformCents: 61_226,
    overpaidCents: 30_592,
    underpaidCents: 0,
    gmvCents: 1_000_000,
    byTier: { main: pair(0, 0), category: pair(0, 0), default: pair(30_634, 61_226) },
    byAffiliate: { a1: pair(10_000, 30_000), a2: pair(20_634, 20_634), a3: pair(0, 10_592) },
    byStore: { s1: pair(30_634, 61_226) },
  };
  const lines = terminalSummary({ ...base, money, decisions: { matched: 9_681, total: 11_223 } });

  it('prints the decisions and the commission on both sides right after the header', () => {
    const at = lines.indexOf('decisions    matched 9,681 of 11,223 (86.3%)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toBe('');
    expect(lines[at + 1]).toBe(
      'commission   platform $612.26 · model $306.34 · overpaid $305.92 · underpaid $0.00 (3.1% of GMV)',
    );
    expect(lines.indexOf(lines[at] as string)).toBeLessThan(lines.findIndex((l) => l.startsWith('events')));
  });

  it('lists the affiliates and stores that differ most, largest first', () => {
    expect(lines).toContain('  affiliates a1 +$200.00 · a3 +$105.92');
    expect(lines).toContain('  stores     s1 +$305.92');
  });

  it('lists no differences when the platform pays what the model says', () => {
    const clean = terminalSummary(base);
    const n = base.decisions.total.toLocaleString('en-US');
    expect(clean).toContain(`decisions    matched ${n} of ${n} (100%)`);
    expect(clean.some((l) => l.startsWith('  affiliates'))).toBe(false);
  });
});
