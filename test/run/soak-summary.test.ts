import { expect, test } from 'vitest';
import {
  intervalP99Ms,
  RETAINED_BYTES,
  SOAK_HEAP_SLACK_MB_PER_MIN,
  SOAK_KEPT_ROOM_FACTOR,
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

test('what the platform keeps (heap after GC + typed arrays) is judged, not its sawtooth heap; report rows count as kept', () => {
  // 1,000 ids and 900 report rows a second; the heap swings by 300 MB with the GC's cycle.
  const perSecondMb = (1_000 * RETAINED_BYTES.eventId + 900 * RETAINED_BYTES.bookRow) / MB;
  const kept = (i: number, leakMbPerMin: number): SoakSample => {
    const base = sample(i, 100 + (i % 4) * 100, 20, i * 5_000);
    const mustMb = i * 5 * perSecondMb;
    return {
      ...base,
      platform: {
        ...(base.platform as NonNullable<SoakSample['platform']>),
        bookRows: i * 4_500,
        // No full GC yet at the first sample: it says 0, and is left out.
        heapAfterGcBytes: i === 0 ? 0 : Math.round((60 + mustMb * 0.4 + (i * leakMbPerMin) / 12) * MB),
        arrayBuffersBytes: Math.round(mustMb * 0.6 * MB),
      },
    };
  };
  const flat = summarizeSoak(
    Array.from({ length: 120 }, (_, i) => kept(i, 0)),
    5_000,
  );
  expect(flat.platform?.retainedMbPerMin).toBeCloseTo(perSecondMb * 60, 1);
  expect(flat.platform?.keptSlopeMbPerMin).toBeCloseTo(perSecondMb * 60, 1);
  expect(flat.platform?.keptStartMb).toBeCloseTo(60 + 5 * perSecondMb, 0);
  expect(flat.platform?.memoryFlat).toBe(true);
  expect(flat.verdict).toMatch(/^platform memory flat: kept \(heap after GC \+ typed arrays\)/);

  // Past the tables' room: a leak of what it must keep × (factor − 1) + slack + 1 MB/min.
  const leak = perSecondMb * 60 * (SOAK_KEPT_ROOM_FACTOR - 1) + SOAK_HEAP_SLACK_MB_PER_MIN + 1;
  const leaking = summarizeSoak(
    Array.from({ length: 120 }, (_, i) => kept(i, leak)),
    5_000,
  );
  expect(leaking.platform?.memoryFlat).toBe(false);
  expect(leaking.verdict).toMatch(/^platform memory GROWS: kept/);
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
