import { describe, expect, it } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import type { EventAnswer } from '../../sim/run/define-target.js';
import { mergeResults } from '../../sim/run/merge-results.js';
import { ResultAccumulator } from '../../sim/run/result-accumulator.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { ShardChecker } from '../../sim/run/shard-checker.js';
import { defineScenario } from '../../sim/scenario/define-scenario.js';

/**
 * Every shard of a sharded run delivers the seller timeline and compares every answer (issue 11:
 * seller answers compared on every shard, duplicate deliveries across shards). A seller answer
 * that several shards find wrong alike is one violation of the history; one that only another
 * shard's delivery gets wrong (an idempotency cache per instance) is a violation of its own.
 * Expected values are worked out from RULES.md (default policy), not with the code under test.
 */

const scenario = defineScenario({
  name: 'seller-answers',
  description: 'Two stores, one affiliate, over 3 days',
  start: '2026-01-01T00:00:00.000Z',
  days: 3,
});
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const ACCEPTED: EventAnswer = { accepted: true };
const refused = (rule: string): EventAnswer => ({ accepted: false, rule });

/** s1 and s2 registered on day 0, a1 registered; s1 joins on day 0 and s2 on day 1 (R1 allows both). */
const DAY0: readonly AffEvent[] = [
  {
    id: 'r-s1',
    type: 'store.registered',
    at: T0,
    storeId: 's1',
    products: [{ productId: 'p1', categoryId: 'c1' }],
  },
  {
    id: 'r-s2',
    type: 'store.registered',
    at: T0,
    storeId: 's2',
    products: [{ productId: 'q1', categoryId: 'c2' }],
  },
  { id: 'r-a1', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'sns' },
  { id: 'j-s1', type: 'store.joined', at: T0 + 1000, storeId: 's1', defaultRateBps: 500 },
];
const DAY1: readonly AffEvent[] = [
  { id: 'j-s2', type: 'store.joined', at: T0 + DAY_MS + 1000, storeId: 's2', defaultRateBps: 700 },
];

/** One shard of `count` fed the seller timeline with the given answers, as shard-run.ts feeds it. */
function shard(index: number, answers: { day0: EventAnswer[]; day1: EventAnswer[] }, count = 2): RunResult {
  const accumulator = new ResultAccumulator(scenario);
  const checker = new ShardChecker(scenario.policy, {
    accumulator,
    countsSellerEvents: index === 0,
    sharded: true,
  });
  checker.day(DAY0, answers.day0, [], []);
  checker.day(DAY1, answers.day1, [], []);
  const result = accumulator.result(
    {
      affsim: { version: 'test' },
      scenario: { name: scenario.name, description: scenario.description },
      seed: 1,
      shards: { count, indexes: [index] },
      target: 'hand-written',
      compared: [...checker.compared],
      policy: scenario.policy,
      examplesPerGroup: 3,
    },
    checker.keptViolations().map((k) => ({
      ...k.violation,
      historyFile: `violations/${k.violation.kind}-${k.violation.subject}.jsonl`,
      history: { events: 4, supersetEvents: 4, form: 'superset' as const },
      replay: 'affsim run seller-answers --seed 1',
      check: '',
    })),
    checker.violationGroups(),
    { wallMs: 1, eventsPerSecond: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 } },
  );
  const listed = checker.sellerAnswerViolations();
  return listed?.length ? { ...result, sellerAnswerViolations: listed } : result;
}

const RIGHT = { day0: [ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED], day1: [ACCEPTED] };
/** s2's join refused under R1 (already a member), which the rules allow. */
const S2_REFUSED = { day0: [ACCEPTED, ACCEPTED, ACCEPTED, ACCEPTED], day1: [refused('R1')] };

describe('seller answers on every shard', () => {
  it('a shard other than 0 reports a seller answer that only its delivery got wrong', () => {
    // Shard 0 delivered j-s2 first and was answered right; shard 1's delivery (a repeat for the
    // platform) was refused: R17 says a repeat gets the original answer, the model says accepted.
    const merged = mergeResults([shard(0, RIGHT), shard(1, S2_REFUSED)]);
    expect(merged.violationGroups.map((g) => [g.kind, g.rule, g.count])).toEqual([['answer', 'R1', 1]]);
    expect(merged.violations.map((v) => v.subject)).toEqual(['j-s2']);
    expect(merged.daily.map((d) => d.violations)).toEqual([0, 1, 0]);
    // The seller timeline is counted once (shard 0's): 5 events, all accepted by the platform.
    expect(merged.events.sent).toBe(5);
  });

  it('a seller answer every shard got wrong alike is one violation, whatever the number of shards', () => {
    const both = mergeResults([shard(0, S2_REFUSED), shard(1, S2_REFUSED)]);
    expect(both.violationGroups.map((g) => [g.kind, g.rule, g.count])).toEqual([['answer', 'R1', 1]]);
    expect(both.violations.map((v) => v.subject)).toEqual(['j-s2']);
    expect(both.daily.map((d) => d.violations)).toEqual([0, 1, 0]);
    expect(both.sellerAnswerViolations).toEqual([
      { eventId: 'j-s2', fingerprint: both.violationGroups[0]?.fingerprint, day: 1 },
    ]);
    // Associative: three shards merged in any grouping count it once.
    const [a, b, c] = [0, 1, 2].map((i) => shard(i, S2_REFUSED, 3)) as [RunResult, RunResult, RunResult];
    const left = mergeResults([mergeResults([a, b]), c]);
    const right = mergeResults([a, mergeResults([c, b])]);
    expect(left.violationGroups[0]?.count).toBe(1);
    expect(left.daily.map((d) => d.violations)).toEqual([0, 1, 0]);
    expect(JSON.stringify(left)).toBe(JSON.stringify(right));
  });

  it('counts distinct seller answers each once: shard 0 got one wrong, shard 1 another', () => {
    const j1Refused = { day0: [ACCEPTED, ACCEPTED, ACCEPTED, refused('R1')], day1: [ACCEPTED] };
    const merged = mergeResults([shard(0, j1Refused), shard(1, S2_REFUSED)]);
    expect(merged.violationGroups.map((g) => [g.kind, g.rule, g.count])).toEqual([['answer', 'R1', 2]]);
    expect(merged.violations.map((v) => v.subject)).toEqual(['j-s1', 'j-s2']);
    expect(merged.daily.map((d) => d.violations)).toEqual([1, 1, 0]);
  });

  it('a right platform leaves no list in the result', () => {
    const merged = mergeResults([shard(0, RIGHT), shard(1, RIGHT)]);
    expect(merged.violationGroups).toEqual([]);
    expect(merged.sellerAnswerViolations).toBeUndefined();
  });
});
