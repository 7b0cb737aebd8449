import { describe, expect, it } from 'vitest';
import { withOverrides } from '../../sim/domain/policy.js';
import { renderHtmlReport } from '../../sim/report/html-report.js';
import { terminalSummary } from '../../sim/report/terminal-summary.js';
import { MergeError, mergeResults } from '../../sim/run/merge-results.js';
import { canonicalResult, resultJson } from '../../sim/run/result-json.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { summarizeSoak } from '../../sim/run/soak.js';
import { fakeResult } from './_fake-result.js';
import { withoutTiming } from './_without-timing.js';

// The fake traffic splits buyers over shards like the simulator, so sums must line up exactly.
const BUYERS = 900;
const VIOLATING = [17, 211, 640];
const whole = fakeResult({ buyers: BUYERS, violatingBuyers: VIOLATING });
const shard = (index: number, count: number) =>
  fakeResult({ buyers: BUYERS, violatingBuyers: VIOLATING, shard: { index, count } });

describe('mergeResults', () => {
  it('merges every shard into the unsharded result, timing aside', () => {
    const merged = mergeResults([shard(0, 3), shard(1, 3), shard(2, 3)]);
    expect(withoutTiming(merged)).toEqual({
      ...withoutTiming(canonicalResult(whole)),
      shards: { count: 3, indexes: [0, 1, 2] },
    });
    expect(merged.violations.length).toBe(whole.violations.length);
    expect(merged.violations.length).toBeGreaterThan(0);
  });

  it('sums counts and money maps, and keeps map keys sorted', () => {
    const a = shard(0, 2);
    const b = shard(1, 2);
    const m = mergeResults([a, b]);
    expect(m.events.sent).toBe(a.events.sent + b.events.sent);
    expect(m.orders.byStatus.payable).toBe(a.orders.byStatus.payable + b.orders.byStatus.payable);
    expect(m.commission.byChannel.home).toBe(
      (a.commission.byChannel.home ?? 0) + (b.commission.byChannel.home ?? 0),
    );
    expect(m.stores.s0?.gmvCents).toBe((a.stores.s0?.gmvCents ?? 0) + (b.stores.s0?.gmvCents ?? 0));
    expect(m.daily[40]?.clicks).toBe((a.daily[40]?.clicks ?? 0) + (b.daily[40]?.clicks ?? 0));
    expect(m.clickToOrderHours[0]?.orders).toBe(
      (a.clickToOrderHours[0]?.orders ?? 0) + (b.clickToOrderHours[0]?.orders ?? 0),
    );
    const keys = Object.keys(m.stores);
    expect(keys).toEqual([...keys].sort());
    expect(Object.keys(m.orders.byStatus)).toEqual([
      'not-attributed',
      'pending',
      'payable',
      'void',
      'reversed',
    ]);
  });

  it('sorts violations by subject then kind, whatever order the shards come in', () => {
    const m = mergeResults([shard(1, 2), shard(0, 2)]);
    const keys = m.violations.map((v) => `${v.subject} ${v.kind}`);
    expect(keys).toEqual([...keys].sort());
    expect(resultJson(m)).toBe(resultJson(mergeResults([shard(0, 2), shard(1, 2)])));
  });

  it('is idempotent on one result and associative', () => {
    const [a, b, c] = [shard(0, 3), shard(1, 3), shard(2, 3)];
    expect(mergeResults([a])).toEqual(canonicalResult(a));
    // The written file, byte for byte: one shard merged alone is that shard's own result.json.
    expect(resultJson(mergeResults([a]))).toBe(resultJson(a));
    expect(resultJson(mergeResults([mergeResults([a])]))).toBe(resultJson(a));
    const left = mergeResults([mergeResults([a, b]), c]);
    const right = mergeResults([a, mergeResults([b, c])]);
    expect(resultJson(left)).toBe(resultJson(right));
    expect(resultJson(left)).toBe(resultJson(mergeResults([c, a, b])));
  });

  it('takes the slowest wall time, recomputes events/s and bounds latency by the largest percentile', () => {
    const [a, b] = [shard(0, 2), shard(1, 2)];
    const m = mergeResults([a, b]);
    expect(m.timing.wallMs).toBe(Math.max(a.timing.wallMs, b.timing.wallMs));
    expect(m.timing.eventsPerSecond).toBe(Math.round((m.events.sent * 1000) / m.timing.wallMs));
    expect(m.timing.latencyMs.p99).toBe(Math.max(a.timing.latencyMs.p99, b.timing.latencyMs.p99));
  });

  it('refuses results of different runs, naming what differs and where', () => {
    const a = shard(0, 2);
    const b = shard(1, 2);
    const names = ['run/1/result.json', 'run/2/result.json'];
    const refuse = (other: RunResult) => () => mergeResults([a, other], names);
    expect(refuse({ ...b, seed: 7 })).toThrow(
      /the seed is 42 in run\/1\/result.json but 7 in run\/2\/result.json/,
    );
    expect(refuse({ ...b, scenario: { ...b.scenario, name: 'black-friday' } })).toThrow(/the scenario/);
    expect(refuse({ ...b, policy: withOverrides(b.policy, { windowDays: 7 }) })).toThrow(
      /policy windowDays is 15 .* but 7/,
    );
    expect(refuse({ ...b, shards: { count: 3, indexes: [1] } })).toThrow(/the shard count/);
    expect(refuse({ ...b, affsim: { version: '9.9.9' } })).toThrow(/affsim version/);
    expect(refuse(a)).toThrow(/shard 1\/2 is in both run\/1\/result.json and run\/2\/result.json/);
    expect(() => mergeResults([])).toThrow(MergeError);
  });

  it('refuses days whose dates disagree', () => {
    const a = shard(0, 2);
    const b = shard(1, 2);
    const daily = b.daily.map((d) => (d.day === 3 ? { ...d, date: '2030-01-01T00:00:00.000Z' } : d));
    expect(() => mergeResults([a, { ...b, daily }])).toThrow(/day 3 is 2026-01-08T00:00:00.000Z in result 1/);
  });

  it('names every target a partial set of shards ran against', () => {
    const a = { ...shard(0, 2), target: 'http://127.0.0.1:9001' };
    const b = { ...shard(1, 2), target: 'http://127.0.0.1:9000' };
    expect(mergeResults([a, b]).target).toBe('http://127.0.0.1:9000 + http://127.0.0.1:9001');
    expect(mergeResults([b, b].slice(0, 1)).target).toBe('http://127.0.0.1:9000');
  });
});

describe('mergeResults, the money at stake (issue 10)', () => {
  const pair = (modelCents: number, platformCents: number) => ({ modelCents, platformCents });
  const withMoney = (index: number, money: RunResult['money'], decisions: RunResult['decisions']) => ({
    ...shard(index, 2),
    money,
    decisions,
  });
  // Shard 1: o1 model 300, platform 600 (a1, s1). Shard 2: o2 model 150, platform 100 (a1, s2),
  // o3 model 200, platform 200 (a2, s2).
  const a = withMoney(
    0,
    {
      modelCents: 300,
      platformCents: 600,
      overpaidCents: 300,
      underpaidCents: 0,
      gmvCents: 6_000,
      byTier: { main: pair(0, 0), category: pair(0, 0), default: pair(300, 600) },
      byAffiliate: { a1: pair(300, 600) },
      byStore: { s1: pair(300, 600) },
    },
    { matched: 0, total: 1 },
  );
  const b = withMoney(
    1,
    {
      modelCents: 350,
      platformCents: 300,
      overpaidCents: 0,
      underpaidCents: 50,
      gmvCents: 7_000,
      byTier: { main: pair(200, 200), category: pair(0, 0), default: pair(150, 100) },
      byAffiliate: { a2: pair(200, 200), a1: pair(150, 100) },
      byStore: { s2: pair(350, 300) },
    },
    { matched: 1, total: 2 },
  );

  it('sums totals, tiers and maps by key, in canonical key order, whatever the input order', () => {
    const m = mergeResults([b, a]);
    expect(m.money).toEqual({
      modelCents: 650,
      platformCents: 900,
      overpaidCents: 300,
      underpaidCents: 50,
      gmvCents: 13_000,
      byTier: { main: pair(200, 200), category: pair(0, 0), default: pair(450, 700) },
      byAffiliate: { a1: pair(450, 700), a2: pair(200, 200) },
      byStore: { s1: pair(300, 600), s2: pair(350, 300) },
    });
    expect(Object.keys(m.money.byAffiliate)).toEqual(['a1', 'a2']);
    expect(m.decisions).toEqual({ matched: 1, total: 3 });
    expect(resultJson(mergeResults([a, b]))).toBe(resultJson(m));
  });

  it('reads a result.json written before the money section as all zero', () => {
    const { money: _m, decisions: _d, ...old } = canonicalResult(whole);
    const read = canonicalResult(old as RunResult);
    expect(read.money.overpaidCents).toBe(0);
    expect(read.money.byTier.main).toEqual(pair(0, 0));
    expect(read.decisions).toEqual({ matched: 0, total: 0 });
  });
});

describe('mergeResults: soaks (--soak)', () => {
  const sample = (atMs: number, events: number, rssMb: number) => ({
    atMs,
    events,
    eventsPerSecond: 100,
    simulator: { rssBytes: rssMb * 1e6, heapUsedBytes: rssMb * 5e5 },
  });
  const soakOf = (rssMb: number) => {
    const samples = [sample(0, 0, rssMb), sample(5000, 500, rssMb + 1), sample(10_000, 1000, rssMb + 2)];
    return { simulatedDays: 40, samples, summary: summarizeSoak(samples, 5000) };
  };
  const soaked = (index: number, count: number, rssMb: number): RunResult => ({
    ...shard(index, count),
    soak: soakOf(rssMb),
  });

  it("keeps each shard's soak as it was, by shard, in shard order whatever the input order", () => {
    const a = soaked(0, 3, 100);
    const b = soaked(1, 3, 200);
    const c = soaked(2, 3, 300);
    const m = mergeResults([c, a, b]);
    expect(m.soak).toBeUndefined();
    expect(m.soakShards?.map((s) => s.shards)).toEqual([[0], [1], [2]]);
    expect(m.soakShards?.[1]).toEqual({ shards: [1], ...canonicalResult(b).soak });
    // Associative: a merge of merges keeps the same soaks.
    expect(resultJson(mergeResults([mergeResults([a, b]), c]))).toBe(resultJson(m));
    // One result merged alone is itself.
    expect(mergeResults([a]).soak).toEqual(canonicalResult(a).soak);
    const lines = terminalSummary(m).join('\n');
    expect(lines).toMatch(/soak +shard 1\/3: 10 s, 3 samples every 5 s/);
    expect(lines).toMatch(/soak +shard 3\/3: 10 s/);
    const html = renderHtmlReport(m);
    expect(html).toContain('<h3>shard 2/3</h3>');
    expect(html.match(/data-soak-samples="3"/g)).toHaveLength(3);
  });

  it('refuses a soak with a run that was not one, naming both', () => {
    expect(() => mergeResults([soaked(0, 2, 100), shard(1, 2)], ['a.json', 'b.json'])).toThrow(
      new MergeError(
        'cannot merge a soak with a run that was not one: a.json soaked (--soak), b.json did not',
      ),
    );
  });
});
