import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readK6Timeline } from '../../scenarios/k6/driver/k6-results.js';
import { TimelineBuilder, type TimelineSecond, wrongAnswers } from '../../scenarios/k6/driver/k6-timeline.js';
import { LatencyHistogram } from '../../scenarios/k6/driver/latency-histogram.js';
import { adapterCheckLines, droppedLine, metricDeclaration, rampLines, requestLines } from './_k6-points.js';

const build = (lines: readonly string[]) => {
  const b = new TimelineBuilder();
  for (const line of lines) b.addLine(line);
  return { timeline: b.finish(), builder: b };
};

describe('the latency histogram', () => {
  it('reads quantiles within 1 % above the exact nearest-rank value', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 1000; v++) h.add(v / 10);
    for (const [q, exact] of [
      [0.5, 50],
      [0.95, 95],
      [0.99, 99],
      [1, 100],
    ] as const) {
      const got = h.quantile(q) as number;
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.01);
    }
    expect(new LatencyHistogram().quantile(0.5)).toBeUndefined();
  });

  it('merges: the quantile of two seconds is that of their durations together', () => {
    const fast = new LatencyHistogram();
    const slow = new LatencyHistogram();
    for (let i = 0; i < 90; i++) fast.add(2);
    for (let i = 0; i < 10; i++) slow.add(400);
    const merged = LatencyHistogram.mergedOf([fast, slow]);
    expect(merged.count).toBe(100);
    expect(merged.quantile(0.9) as number).toBeLessThan(2.05);
    expect(merged.quantile(0.91) as number).toBeGreaterThan(399);
  });
});

describe('the per-second timeline of k6 JSON points', () => {
  it('counts requests, failures, checks, wrong answers and drops per second and endpoint', () => {
    const { timeline } = build([
      metricDeclaration,
      ...requestLines(100, 3),
      ...requestLines(900, 7, { endpoint: 'ping' }),
      ...requestLines(1_200, 20, { wrong: true }),
      ...requestLines(1_300, 30, { failed: true }),
      droppedLine(3_500),
    ]);
    expect(timeline.startMs).toBe(Date.UTC(2026, 11, 2, 14, 0, 0));
    expect(timeline.endpoints).toEqual(['attribution', 'ping']);
    // Second 2 had no point and is still there, all zero.
    expect(timeline.seconds.map((s) => s.second)).toEqual([0, 1, 2, 3]);
    const [s0, s1, s2, s3] = timeline.seconds;
    expect(s0?.endpoints.attribution?.requests).toBe(1);
    expect(s0?.endpoints.ping?.requests).toBe(1);
    expect(s0?.checksFailed).toBe(0);
    expect(s0?.answersCorrect).toBe(2);
    expect(s1?.endpoints.attribution?.requests).toBe(2);
    expect(s1?.endpoints.attribution?.failed).toBe(1);
    // The wrong answer failed two checks, the failed request all three; only the first is a wrong answer.
    expect(s1?.checksFailed).toBe(5);
    expect(s1?.answersWrong).toBe(2);
    expect(s1?.answersWithoutStatus).toBe(1);
    expect(wrongAnswers(s1 as TimelineSecond)).toBe(1);
    expect(s1?.answersCorrect).toBe(0);
    expect(s1?.endpoints.attribution?.latency.quantile(1) as number).toBeGreaterThanOrEqual(30);
    expect(s2?.endpoints).toEqual({});
    expect(s3?.droppedIterations).toBe(1);
  });

  it("counts the answers of an adapter's k6 part: its whole-answer and response checks have their own names", () => {
    const { timeline } = build([
      metricDeclaration,
      ...adapterCheckLines(100, 'right'),
      ...adapterCheckLines(200, 'right'),
      ...adapterCheckLines(300, 'wrong'),
      ...adapterCheckLines(400, 'cut off'),
    ]);
    const [s0] = timeline.seconds;
    expect(s0?.answersCorrect).toBe(2);
    expect(s0?.answersWrong).toBe(2);
    expect(s0?.answersWithoutStatus).toBe(1);
    // The cut-off read is no wrong answer; the wrong one is.
    expect(wrongAnswers(s0 as TimelineSecond)).toBe(1);
  });

  it('takes points flushed out of order into their own second', () => {
    const lines = rampLines([3, 4, 5]);
    const { timeline } = build([...lines.slice(6 * 3), ...lines.slice(0, 6 * 3)]);
    expect(timeline.seconds.map((s) => s.endpoints.attribution?.requests)).toEqual([3, 4, 5]);
    expect(timeline.seconds.map((s) => s.second)).toEqual([0, 1, 2]);
  });

  it('skips a line cut short and counts it; an empty file is an empty timeline', () => {
    const { timeline, builder } = build([...requestLines(10, 1), '{"metric":"http_reqs","type":"Po']);
    expect(builder.unreadableLines).toBe(1);
    expect(timeline.seconds).toHaveLength(1);
    expect(build([]).timeline).toEqual({ startMs: undefined, seconds: [], endpoints: [] });
  });

  it('reads a gzipped file as k6 writes it, and a plain one alike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'affsim-points-'));
    const text = `${rampLines([10, 20]).join('\n')}\n`;
    writeFileSync(join(dir, 'p.json.gz'), gzipSync(text));
    writeFileSync(join(dir, 'p.json'), text);
    for (const file of ['p.json.gz', 'p.json']) {
      const timeline = await readK6Timeline(join(dir, file));
      expect(
        timeline.seconds.map((s) => s.endpoints.attribution?.requests),
        file,
      ).toEqual([10, 20]);
    }
    // A gzip stream cut in the middle (k6 killed): what could be read counts.
    const cut = gzipSync(text).subarray(0, 400);
    writeFileSync(join(dir, 'cut.json.gz'), cut);
    await expect(readK6Timeline(join(dir, 'cut.json.gz'))).resolves.toBeDefined();
  });
});
