import { expect, test } from 'vitest';
import {
  intervalP99Ms,
  RETAINED_BYTES,
  SOAK_HEAP_SLACK_MB_PER_MIN,
  type SoakSample,
  slope,
  summarizeSoak,
} from '../../sim/run/soak.js';

/**
 * Why: a soak's verdict (README "Soak") must say "grows" for a heap that grows faster than what the
 * platform must keep, and "flat" otherwise; p99s come from bucket deltas between two scrapes.
 */
const MB = 1_000_000;
const sample = (i: number, heapMb: number, p99: number, eventIds: number): SoakSample => ({
  atMs: i * 5_000,
  events: i * 5_000,
  eventsPerSecond: 1_000,
  simulator: { rssBytes: 100 * MB, heapUsedBytes: 50 * MB },
  platform: {
    rssBytes: (200 + heapMb) * MB,
    heapUsedBytes: heapMb * MB,
    eventIds,
    orders: 0,
    livePairs: 10,
    expiredPairs: 0,
    ingestP99Ms: p99,
    attributionP99Ms: p99,
  },
});

test('least-squares slope', () => {
  expect(
    slope([
      { x: 0, y: 1 },
      { x: 1, y: 3 },
      { x: 2, y: 5 },
    ]),
  ).toBe(2);
  expect(slope([{ x: 1, y: 7 }])).toBe(0);
});

test('the p99 of an interval is the upper bound of the bucket holding its 99th percentile request', () => {
  const before = [
    { leMs: 10, count: 100 },
    { leMs: 100, count: 100 },
    { leMs: Infinity, count: 100 },
  ];
  const after = [
    { leMs: 10, count: 198 },
    { leMs: 100, count: 200 },
    { leMs: Infinity, count: 200 },
  ];
  // 100 requests since: 98 under 10 ms, 2 under 100 ms: the 99th is in the 100 ms bucket.
  expect(intervalP99Ms(before, after)).toBe(100);
  expect(intervalP99Ms(after, after)).toBeUndefined();
  // Past the last finite bucket: its bound.
  expect(
    intervalP99Ms(undefined, [
      { leMs: 10, count: 0 },
      { leMs: Infinity, count: 5 },
    ]),
  ).toBe(10);
});

test('a heap growing only by what the platform keeps is flat; one growing faster is not', () => {
  // 5 s samples over 10 min; every id kept costs RETAINED_BYTES.eventId, 1,000 ids a second.
  const idsPerSample = 5_000;
  const keptMbPerSample = (idsPerSample * RETAINED_BYTES.eventId) / MB;
  const flat = Array.from({ length: 120 }, (_, i) =>
    sample(i, 100 + i * keptMbPerSample, 20, i * idsPerSample),
  );
  const f = summarizeSoak(flat, 5_000);
  expect(f.platform?.memoryFlat).toBe(true);
  expect(f.platform?.retainedMbPerMin).toBeCloseTo(keptMbPerSample * 12, 1);
  expect(f.platform?.attributionP99).toEqual({ firstHalfMedianMs: 20, lastQuarterMaxMs: 20, stable: true });
  expect(f.verdict).toMatch(/^platform memory flat: .*; p99 stable$/);
  expect([f.platform?.heapStartMb, f.events, f.wallMs]).toEqual([100, 119 * 5_000, 119 * 5_000]);

  const leakMbPerMin = SOAK_HEAP_SLACK_MB_PER_MIN + 3;
  const leaking = flat.map((s, i) =>
    sample(
      i,
      100 + i * keptMbPerSample + (i * leakMbPerMin) / 12,
      i < 90 ? 20 : 200,
      s.platform?.eventIds ?? 0,
    ),
  );
  const l = summarizeSoak(leaking, 5_000);
  expect(l.platform?.memoryFlat).toBe(false);
  expect(l.platform?.attributionP99?.stable).toBe(false);
  expect(l.verdict).toMatch(/^platform memory GROWS: .*; p99 NOT stable$/);
});

test('without platform figures (another target) the summary has the simulator only', () => {
  const samples = [0, 1, 2].map((i) => {
    const { platform: _, ...rest } = sample(i, 0, 0, 0);
    return rest;
  });
  const s = summarizeSoak(samples, 5_000);
  expect(s.platform).toBeUndefined();
  expect(s.simulator.rssStartMb).toBe(100);
  expect(s.verdict).toMatch(/^no platform figures/);
});
