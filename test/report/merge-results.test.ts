import { describe, expect, it } from 'vitest';
import { withOverrides } from '../../sim/domain/policy.js';
import { MergeError, mergeResults } from '../../sim/run/merge-results.js';
import { canonicalResult, resultJson } from '../../sim/run/result-json.js';
import type { RunResult } from '../../sim/run/run-result.js';
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
