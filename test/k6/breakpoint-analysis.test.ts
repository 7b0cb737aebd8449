import { describe, expect, it } from 'vitest';
import { analyseBreakpoint, type BreakpointCriteria } from '../../scenarios/k6/driver/breakpoint-analysis.js';
import { breakpointLine, percent } from '../../scenarios/k6/driver/breakpoint-line.js';
import { TimelineBuilder } from '../../scenarios/k6/driver/k6-timeline.js';
import { cancelledLines, droppedLine, rampLines } from './_k6-points.js';

const CRITERIA: BreakpointCriteria = {
  endpoint: 'attribution',
  p99BudgetMs: 250,
  slowSeconds: 3,
  sustainSeconds: 3,
};
const RAMP = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

const timelineOf = (lines: readonly string[]) => {
  const b = new TimelineBuilder();
  for (const line of lines) b.addLine(line);
  return b.finish();
};

describe('the breakpoint analysis', () => {
  it('a ramp that answers wrong from 70 req/s on breaks there, and held 60 req/s (the best 3 s mean before) all correct', () => {
    const lines = rampLines(
      RAMP,
      () => 4,
      (second) => ({ wrong: second >= 6 }),
    );
    const analysis = analyseBreakpoint(timelineOf(lines), CRITERIA);
    expect(analysis.breaks.map((b) => [b.threshold, b.second])).toEqual([['wrong answer', 6]]);
    expect(analysis.breaks[0]?.rate).toBe(60);
    expect(analysis.held).toMatchObject({
      rate: 50,
      fromSecond: 3,
      toSecond: 5,
      correctShare: 1,
      answers: 150,
    });
    expect(analysis.held?.p99Ms as number).toBeGreaterThanOrEqual(4);
    expect(analysis.held?.p99Ms as number).toBeLessThan(4.05);
    const line = breakpointLine(analysis);
    expect(line).toMatch(
      /^correct under load: 50\.0 req\/s held with 100\.0 % correct answers \(p50 4\.0 p95 4\.0 p99 4\.0 ms\); broke at 60\.0 req\/s: wrong answer/,
    );
  });

  it('one slow second does not break the p99 budget; three in a row do, at the first of them', () => {
    const slowAt = new Set([2, 6, 7, 8]);
    const lines = rampLines(RAMP, (second) => (slowAt.has(second) ? 400 : 5));
    const analysis = analyseBreakpoint(timelineOf(lines), CRITERIA);
    expect(analysis.breaks.map((b) => [b.threshold, b.second])).toEqual([['p99 over budget', 6]]);
    expect(analysis.breaks[0]?.detail).toContain('budget 250 ms');
    // Second 2 was slow and still counts as held: its p99 is part of the window only if chosen.
    expect(analysis.held?.toSecond).toBe(5);
  });

  it('k6 stopped the run on its cumulative p99 after two slow seconds: the break is where they began', () => {
    const lines = rampLines(RAMP.slice(0, 8), (second) => (second >= 6 ? 400 : 5));
    const timeline = timelineOf(lines);
    expect(analyseBreakpoint(timeline, CRITERIA).breaks).toEqual([]);
    const analysis = analyseBreakpoint(timeline, CRITERIA, ['p99 over budget']);
    expect(analysis.breaks.map((b) => [b.threshold, b.second])).toEqual([['p99 over budget', 6]]);
    expect(analysis.breaks[0]?.detail).toContain('until k6 stopped the run');
    expect(analysis.held?.toSecond).toBe(5);
  });

  it('a window whose pooled p99 was over budget did not hold, even before the first break', () => {
    // Second 5 alone is slow (one slow second breaks nothing), so no window holding it held.
    const lines = rampLines(
      RAMP,
      (second) => (second === 5 ? 400 : 5),
      (second) => ({ wrong: second >= 7 }),
    );
    const analysis = analyseBreakpoint(timelineOf(lines), CRITERIA);
    expect(analysis.breaks.map((b) => b.threshold)).toEqual(['wrong answer']);
    expect(analysis.held).toMatchObject({ fromSecond: 2, toSecond: 4, rate: 40 });
  });

  it('lists every threshold at its own first break, earliest first', () => {
    const lines = [
      ...rampLines(
        RAMP,
        () => 5,
        (second, n) => ({ failed: second === 8 && n === 0, wrong: second === 9 }),
      ),
      droppedLine(7_300),
    ];
    const analysis = analyseBreakpoint(timelineOf(lines), CRITERIA);
    // A failed request fails every check too, and is still no wrong answer: it came back with no decision.
    expect(analysis.breaks.map((b) => [b.threshold, b.second])).toEqual([
      ['dropped iteration', 7],
      ['failed request', 8],
      ['wrong answer', 9],
    ]);
    expect(breakpointLine(analysis)).toContain(
      '; then failed request at 80.0 req/s (second 8), wrong answer',
    );
  });

  it('the requests k6 cancels when it aborts the run (status 0, every check failed) are no wrong answer', () => {
    const lines = [
      ...rampLines(RAMP.slice(0, 6), (second) => (second >= 3 ? 400 : 5)),
      ...cancelledLines(5_900),
    ];
    const analysis = analyseBreakpoint(timelineOf(lines), CRITERIA);
    expect(analysis.breaks.map((b) => [b.threshold, b.second])).toEqual([['p99 over budget', 3]]);
  });

  it('a ramp that never broke held its best window, leaving the last (partial) second out', () => {
    const analysis = analyseBreakpoint(timelineOf(rampLines([...RAMP, 3])), CRITERIA);
    expect(analysis.breaks).toEqual([]);
    expect(analysis.held?.rate).toBe(90);
    expect(breakpointLine(analysis)).toContain('no threshold broke before the ramp ended');
  });

  it('a run that broke in its first second held nothing, and says so', () => {
    const analysis = analyseBreakpoint(
      timelineOf(
        rampLines(
          RAMP,
          () => 5,
          () => ({ wrong: true }),
        ),
      ),
      CRITERIA,
    );
    expect(analysis.held).toBeUndefined();
    expect(breakpointLine(analysis)).toMatch(
      /^correct under load: no rate held; broke at 10\.0 req\/s: wrong answer/,
    );
  });

  it('a baseline ramped first is analysed alone; a break names the rate offered beside the rate achieved', () => {
    // /ping ramps 100..1000 req/s over seconds 0-9 and goes slow from second 7; after a quiet gap
    // the attribution reads ramp 10..100 req/s over seconds 12-21 and answer wrong from second 18.
    const baseline = rampLines(
      RAMP.map((r) => r * 10),
      (second) => (second >= 7 ? 400 : 2),
      () => ({ endpoint: 'ping' }),
    );
    const reads = rampLines(
      [...Array.from({ length: 12 }, () => 0), ...RAMP],
      () => 4,
      (second) => ({ wrong: second >= 18 }),
    );
    const criteria = {
      ...CRITERIA,
      baselineEndpoints: ['ping', 'health'] as const,
      ramp: { startRate: 10, maxRate: 100, rampSeconds: 9 },
    };
    const analysis = analyseBreakpoint(timelineOf([...baseline, ...reads]), criteria);
    expect(analysis.breaks).toMatchObject([
      { threshold: 'wrong answer', second: 18, rate: 60, offeredRate: 70 },
    ]);
    expect(analysis.held).toMatchObject({ rate: 50, fromSecond: 15, toSecond: 17, correctShare: 1 });
    expect(analysis.baseline?.endpoint).toBe('ping');
    expect(analysis.baseline?.breaks.map((b) => [b.threshold, b.second])).toEqual([['p99 over budget', 7]]);
    expect(analysis.baseline?.held).toMatchObject({ rate: 600, fromSecond: 4, toSecond: 6 });
    expect(breakpointLine(analysis)).toMatch(
      /^correct under load: 50\.0 req\/s held with 100\.0 % correct answers .*; broke at 70\.0 req\/s offered \(60\.0 achieved\): wrong answer .*; baseline ping in the same run held 600 req\/s \(p50 2\.0 p95 2\.0 p99 2\.0 ms\) and broke at .*: p99 over budget — the endpoint held 8 % of it$/,
    );
  });

  it('shows a single wrong answer in a thousand: 99.9 %, never rounded up to 100.0 %', () => {
    expect(percent(999 / 1000)).toBe('99.9 %');
    expect(percent(9999 / 10000)).toBe('99.9 %');
    expect(percent(1)).toBe('100.0 %');
  });
});
