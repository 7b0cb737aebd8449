import { describe, expect, it } from 'vitest';
import { formatCents } from '../../sim/report/_format.js';
import { terminalSummary } from '../../sim/report/terminal-summary.js';
import { mergeResults } from '../../sim/run/merge-results.js';
import { compareViolations } from '../../sim/run/result-order.js';
import type { Violation, ViolationGroup } from '../../sim/run/run-result.js';
import { fakeGroupedResult, fakeResult } from './_fake-result.js';

describe('terminalSummary', () => {
  const result = fakeResult({ buyers: 2400 });
  const lines = terminalSummary(result, { outDir: 'out/run' });
  const text = lines.join('\n');

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

  it('lists every group with its count, rule, money and one example traced to its cause', () => {
    expect(result.violationGroups.length).toBeGreaterThanOrEqual(3);
    const total = result.violationGroups.reduce((n, g) => n + g.count, 0);
    expect(lines).toContain(
      `VIOLATIONS   ${total}: the platform differs from the reference model, in ${result.violationGroups.length} groups`,
    );
    for (const g of result.violationGroups) {
      const head = new RegExp(`^ +#\\d+  ${g.count} ${g.kind}s? · rule ${g.rule}( ·|$)`);
      const at = lines.findIndex((l) => head.test(l));
      expect(at, g.title).toBeGreaterThan(0);
      const title = lines.slice(
        at + 1,
        lines.findIndex((l, i) => i > at && l.includes('example  ')),
      );
      expect(title.map((l) => l.trim()).join(' ')).toBe(g.title);
      if (g.overpaidCents > 0) expect(lines[at]).toContain(`overpaid ${formatCents(g.overpaidCents)}`);
      else expect(lines[at]).not.toContain('overpaid');
      // The first of its examples in canonical order: subject, cause, fields, history, check.
      const v = result.violations
        .filter((x) => x.fingerprint === g.fingerprint)
        .sort(compareViolations)[0] as Violation;
      const block = lines.slice(at, at + 12).join('\n');
      expect(block).toContain(`example  ${v.kind} ${v.subject}`);
      expect(block.replace(/\n +/g, ' ')).toContain(`cause    ${v.cause.text}`);
      expect(block).toContain(`differs  ${v.fields[0]}: model `);
      expect(block).toContain(`history  out/run/${v.historyFile} · `);
      expect(block).toContain(`check    ${v.check}`);
    }
    expect(text).toMatch(/commissionCents: model \d+, platform \d+/);
    expect(text).toMatch(/history {2}\S+ · 4 events \(shrunk from 31\)/);
    expect(text).toMatch(/history {2}\S+ · 22 events \(not shrunk: the target has no reset\)/);
    expect(lines.at(-1)).toBe('replay: affsim run baseline --seed 42');
  });

  it('shows the decisions that follow from diverging answers right under those answers', () => {
    const answers = result.violationGroups.find((g) => g.kind === 'answer') as ViolationGroup;
    const follower = result.violationGroups.find((g) => g.causedBy === answers.fingerprint) as ViolationGroup;
    const answerAt = lines.indexOf(`  #1  ${answers.count} answers · rule ${answers.rule}`);
    const arrowAt = lines.indexOf(`      → ${follower.count} decisions follow from these answers:`);
    const followerAt = lines.indexOf(`        #2  ${follower.count} decisions · rule ${follower.rule}`);
    expect(answerAt).toBeGreaterThan(0);
    expect(arrowAt).toBeGreaterThan(answerAt);
    expect(followerAt).toBe(arrowAt + 1);
    expect(lines[followerAt + 1]).toBe(`            ${follower.title}`);
    // Every group on its own, the follower too.
    expect(lines.filter((l) => /^ +#\d+ {2}/.test(l))).toHaveLength(result.violationGroups.length);
  });

  it('keeps the first screen in order: header, money, traffic, stores, timing, violations last', () => {
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const order = [
      /^affsim /,
      /^decisions /,
      /^events /,
      /^Top 10/,
      /^throughput/,
      /^VIOLATIONS/,
      /^replay: /,
    ];
    const found = order.map(at);
    expect(found.every((i) => i >= 0)).toBe(true);
    expect(found).toEqual([...found].sort((a, b) => a - b));
  });

  it('reads well for one group', () => {
    const one = fakeResult({ buyers: 300, violatingBuyers: [17] });
    expect(one.violationGroups).toHaveLength(1);
    const out = terminalSummary(one);
    expect(out).toContain('VIOLATIONS   1: the platform differs from the reference model, in 1 group');
    expect(out.filter((l) => /^ +#\d+ {2}/.test(l))).toEqual([
      '  #1  1 decision · rule R10 · overpaid $0.36',
    ]);
    expect(out.some((l) => l.includes('from these answers'))).toBe(false);
    expect(out.every((l) => l.length <= 110 || l.includes('affsim check'))).toBe(true);
  });

  it('shows the 20 largest of 30 groups in full, each with its answers, and every other group in one line', () => {
    const many = fakeGroupedResult(30);
    const out = terminalSummary(many);
    const heads = out.filter((l) => /^ +#\d+ {2}/.test(l));
    expect(heads).toHaveLength(30);
    expect(heads.map((l) => Number(/#(\d+)/.exec(l)?.[1]))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    const full = out.filter((l) => l.includes('example  ')).length;
    expect(full).toBe(20);
    // The 2-answer group is shown in full, with the 95 decisions that follow from it.
    expect(out).toContain('  #1  2 answers · rule R2');
    expect(out).toContain('      → 95 decisions follow from these answers:');
    const restAt = out.indexOf('  … 10 smaller groups, one line each (their examples are in result.json):');
    expect(restAt).toBeGreaterThan(0);
    const rest = out.slice(restAt + 1, restAt + 11);
    expect(rest[0]).toBe(
      '  #21  50 answers · rule R5 · the platform accepts click events the model refuses (R5)',
    );
    expect(rest[1]).toMatch(
      /^ {6}#22 {2}1 decision · rule R10 · overpaid \$3\.00 · decisions differ in field3/,
    );
    expect(rest.every((l) => l.length <= 110)).toBe(true);
    expect(terminalSummary(many, { groups: 40 }).filter((l) => l.includes('example  '))).toHaveLength(30);
  });

  it('counts violations the groups do not, and says when a group kept no example', () => {
    const daily = result.daily.map((d, i) => (i === 0 ? { ...d, violations: d.violations + 5 } : d));
    const out = terminalSummary({ ...result, daily });
    expect(out).toContain('  … and 5 more violations in no group (counted per day in result.json)');
    const bare = terminalSummary({ ...result, violations: [] });
    expect(bare.filter((l) => l.trim() === 'example  none kept')).toHaveLength(result.violationGroups.length);
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
