import { describe, expect, it } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { EventAnswer, PartialDecisionJson } from '../../sim/run/define-target.js';
import { ResultAccumulator } from '../../sim/run/result-accumulator.js';
import type { RunResult, Violation, ViolationGroup } from '../../sim/run/run-result.js';
import { type CheckerOptions, ShardChecker } from '../../sim/run/shard-checker.js';
import { defineScenario } from '../../sim/scenario/define-scenario.js';

/**
 * The checker with no platform and no HTTP: hand-built events, hand-written answers and
 * decisions. Every expected value below is worked out from RULES.md (default policy: 15-day
 * window, 15 days of minimum membership, `exact` days, last-click, half-up rounding), never
 * computed with the code under test.
 */

const scenario = defineScenario({
  name: 'checker-unit',
  description: 'A tiny world for the shard checker unit tests',
  start: '2026-01-01T00:00:00.000Z',
  days: 30,
});

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const h = (hours: number) => T0 + hours * HOUR_MS;
/** The last instant of simulated day `d` (day 0 starts at T0): when a run reads that day's decisions. */
const dayEnd = (d: number) => T0 + (d + 1) * DAY_MS - 1;

const ACCEPTED: EventAnswer = { accepted: true };
const rejectedBy = (rule?: string): EventAnswer =>
  rule === undefined ? { accepted: false } : { accepted: false, rule };
const all = (events: readonly AffEvent[], answer: EventAnswer = ACCEPTED) => events.map(() => answer);

/** A violation's file fields before its history is written. */
const UNWRITTEN = {
  historyFile: '',
  history: { events: 0, supersetEvents: 0, form: 'superset' },
  replay: '',
  check: '',
} as const;

/** Seller timeline at T0: s1 (p1 in c1, p2 in c2) and s2 (q1 in c3) registered, a1 registered, s1 joins at 500 bps. */
const SELLER: readonly AffEvent[] = [
  {
    id: 'w-s1',
    type: 'store.registered',
    at: T0,
    storeId: 's1',
    products: [
      { productId: 'p1', categoryId: 'c1' },
      { productId: 'p2', categoryId: 'c2' },
    ],
  },
  {
    id: 'w-s2',
    type: 'store.registered',
    at: T0,
    storeId: 's2',
    products: [{ productId: 'q1', categoryId: 'c3' }],
  },
  { id: 'w-a1', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'sns' },
  { id: 'w-join', type: 'store.joined', at: T0, storeId: 's1', defaultRateBps: 500 },
];

function click(
  id: string,
  at: number,
  fields: { affiliateId?: string; storeId?: string; buyerId?: string } = {},
) {
  return {
    id,
    type: 'click',
    at,
    buyerId: fields.buyerId ?? 'b1',
    affiliateId: fields.affiliateId ?? 'a1',
    storeId: fields.storeId ?? 's1',
    channel: 'sns',
  } satisfies AffEvent;
}

function order(id: string, at: number, orderId: string, lines: Record<string, number>, storeId = 's1') {
  return {
    id,
    type: 'order.created',
    at,
    orderId,
    buyerId: 'b1',
    storeId,
    lines: Object.entries(lines).map(([productId, amountCents]) => ({ productId, amountCents })),
  } satisfies AffEvent;
}

function withdrawal(id: string, at: number, storeId = 's1') {
  return { id, type: 'store.withdrew', at, storeId } satisfies AffEvent;
}

/** A checker feeding the run's counts, as a shard's is. */
function newChecker(options: Omit<CheckerOptions, 'accumulator'> = {}) {
  return new ShardChecker(scenario.policy, { accumulator: new ResultAccumulator(scenario), ...options });
}

/** A one-day shard: the seller timeline, then `buyer` with `answers` (all accepted when absent). */
function checkerWith(
  buyer: readonly AffEvent[],
  answers: readonly EventAnswer[] = all(buyer),
  options: Omit<CheckerOptions, 'accumulator'> = {},
) {
  const checker = newChecker(options);
  checker.day(SELLER, all(SELLER), buyer, answers);
  return checker;
}

function resultOf(checker: ShardChecker): RunResult {
  const accumulator = checker.accumulator;
  if (accumulator === undefined) throw new Error('this checker keeps no counts');
  return accumulator.result(
    {
      affsim: { version: 'test' },
      scenario: { name: scenario.name, description: scenario.description },
      seed: 1,
      shards: { count: 2, indexes: [0] },
      target: 'hand-written',
      compared: [...checker.compared],
      policy: scenario.policy,
      examplesPerGroup: 3,
    },
    [],
    checker.violationGroups(),
    { wallMs: 0, eventsPerSecond: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 } },
  );
}

const violationsOf = (checker: ShardChecker): Violation[] => checker.keptViolations().map((k) => k.violation);
const groupOf = (checker: ShardChecker, kind: ViolationGroup['kind']): ViolationGroup => {
  const groups = checker.violationGroups().filter((g) => g.kind === kind);
  expect(groups, `one ${kind} group`).toHaveLength(1);
  return groups[0] as ViolationGroup;
};
const violationOf = (checker: ShardChecker, subject: string): Violation => {
  const found = violationsOf(checker).filter((v) => v.subject === subject);
  expect(found, `one violation of ${subject}`).toHaveLength(1);
  return found[0] as Violation;
};

type Line = DecisionJson['lines'][number];

/**
 * o1: b1 clicks through a1 into s1 at T0+1h, orders p1 for 100.00 at T0+2h. R8: credited to a1,
 * clickAt T0+1h; R6: window ends 15 days later; R10: default rate 500 bps; R13: 10 000 × 500 /
 * 10 000 = 500; R12: not completed, so pending.
 */
const O1_EVENTS: readonly AffEvent[] = [click('c1', h(1)), order('o1', h(2), 'o1', { p1: 10_000 })];
const O1_LINE: Line = {
  productId: 'p1',
  amountCents: 10_000,
  refundedCents: 0,
  rateBps: 500,
  tier: 'default',
  commissionCents: 500,
};
const O1_DECISION: DecisionJson = {
  orderId: 'o1',
  attributed: true,
  reason: null,
  affiliateId: 'a1',
  clickAt: '2026-01-01T01:00:00.000Z',
  windowEndsAt: '2026-01-16T01:00:00.000Z',
  status: 'pending',
  commissionCents: 500,
  lines: [O1_LINE],
};

/** o1 as a platform that used `rateBps` on p1 decides it (the rest as RULES.md says). */
const o1At = (rateBps: number, commissionCents: number, tier: Line['tier'] = 'default'): DecisionJson => ({
  ...O1_DECISION,
  commissionCents,
  lines: [{ ...O1_LINE, rateBps, tier, commissionCents }],
});

/** A non-attributed decision (RULES.md, "fields of a non-attributed order"): every click field null, 0 earned. */
const notAttributed = (
  orderId: string,
  reason: NonNullable<DecisionJson['reason']>,
  lines: Record<string, number>,
): DecisionJson => ({
  orderId,
  attributed: false,
  reason,
  affiliateId: null,
  clickAt: null,
  windowEndsAt: null,
  status: 'not-attributed',
  commissionCents: 0,
  lines: Object.entries(lines).map(([productId, amountCents]) => ({
    productId,
    amountCents,
    refundedCents: 0,
    rateBps: null,
    tier: null,
    commissionCents: 0,
  })),
});

describe('ShardChecker', () => {
  it('finds no violation when every answer and decision is the rule book’s', () => {
    const checker = checkerWith(O1_EVENTS);
    expect(checker.takeTouchedOrders()).toEqual(['o1']);
    expect(checker.takeTouchedOrders()).toEqual([]);
    checker.compareDecisions(['o1'], [O1_DECISION], false, dayEnd(0));
    checker.compareDecisions(checker.orderIds(), [O1_DECISION], true);
    expect(checker.violationCount).toBe(0);
    expect(checker.keptViolations()).toEqual([]);
    expect(checker.violationGroups()).toEqual([]);
    const result = resultOf(checker);
    expect(result.events).toEqual({
      sent: 6,
      accepted: 6,
      repeats: 0,
      rejectedByRule: {},
      rejectedNoRule: 0,
      unsupported: 0,
    });
    expect(result.clicks).toEqual({ total: 1, qualifying: 1, notQualifying: 0 });
    expect(result.orders.total).toBe(1);
    expect(result.commission.totalCents).toBe(500);
    expect(result.daily[0]?.violations).toBe(0);
  });

  it('defaults to every field compared, seller events counted and no counts kept', () => {
    const checker = new ShardChecker(scenario.policy);
    expect(checker.accumulator).toBeUndefined();
    expect(checker.countsSellerEvents).toBe(true);
    expect(checker.compared).toHaveLength(13);
    checker.day(SELLER, all(SELLER), O1_EVENTS, all(O1_EVENTS));
    checker.compareDecisions(['o1'], [O1_DECISION], true);
    expect(checker.violationCount).toBe(0);
  });

  it('takes an order in a store that never joined as accepted (R9: not attributed, store-not-member)', () => {
    const checker = checkerWith([order('o2', h(2), 'o2', { q1: 2_000 }, 's2')]);
    checker.compareDecisions(['o2'], [notAttributed('o2', 'store-not-member', { q1: 2_000 })], true);
    expect(checker.violationCount).toBe(0);
  });

  it('applies a day in time order across the seller and buyer lists', () => {
    // s3 joins at T0+10h, after b1's click at T0+5h: the click does not qualify (R5), so the order
    // at T0+12h, in a member store, has no qualifying click (R9: no-click).
    const checker = newChecker();
    const seller: AffEvent[] = [
      ...SELLER,
      {
        id: 'w-s3',
        type: 'store.registered',
        at: T0,
        storeId: 's3',
        products: [{ productId: 'r1', categoryId: 'c4' }],
      },
      { id: 'w-join3', type: 'store.joined', at: h(10), storeId: 's3', defaultRateBps: 800 },
    ];
    const buyer = [click('c1', h(5), { storeId: 's3' }), order('o3', h(12), 'o3', { r1: 5_000 }, 's3')];
    checker.day(seller, all(seller), buyer, all(buyer));
    checker.compareDecisions(
      checker.takeTouchedOrders(),
      [notAttributed('o3', 'no-click', { r1: 5_000 })],
      true,
    );
    expect(checker.violationCount).toBe(0);
    expect(resultOf(checker).clicks).toEqual({ total: 1, qualifying: 0, notQualifying: 1 });
  });

  it('reports an accepted answer the model rejects as an answer violation citing the model’s rule', () => {
    // R16: a click naming an affiliate that was never registered is rejected.
    const ghost = click('c-ghost', h(3), { affiliateId: 'ghost' });
    const checker = checkerWith([ghost], [ACCEPTED]);
    expect(checker.violationCount).toBe(1);
    const groups = checker.violationGroups();
    expect(groups).toEqual([
      {
        fingerprint: expect.any(String),
        kind: 'answer',
        rule: 'R16',
        fields: ['outcome'],
        cause: 'answer',
        title: expect.stringContaining('click'),
        count: 1,
        overpaidCents: 0,
        underpaidCents: 0,
      },
    ]);
    expect(checker.keptViolations()).toEqual([
      {
        violation: {
          fingerprint: groups[0]?.fingerprint,
          cause: {
            kind: 'answer',
            rule: 'R16',
            eventId: 'c-ghost',
            text: expect.stringContaining('c-ghost'),
          },
          rules: ['R16'],
          kind: 'answer',
          subject: 'c-ghost',
          fields: ['outcome'],
          model: { outcome: 'rejected', rule: 'R16' },
          platform: { outcome: 'accepted' },
          ...UNWRITTEN,
        },
        // The click's answer depends on the store, the buyer's clicks and the affiliate.
        subject: { storeId: 's1', buyerId: 'b1', affiliateId: 'ghost', untilMs: h(3) },
      },
    ]);
    expect(resultOf(checker).daily[0]?.violations).toBe(1);
  });

  it('reports a rejection the model accepts, and an order in an unknown store accepted (R16)', () => {
    const checker = checkerWith(
      [click('c1', h(1)), order('o9', h(2), 'o9', { z1: 100 }, 's9')],
      [rejectedBy('R5'), ACCEPTED],
    );
    const kept = [...checker.keptViolations()].sort((a, b) =>
      a.violation.subject < b.violation.subject ? -1 : 1,
    );
    expect(kept).toEqual([
      {
        violation: {
          fingerprint: expect.any(String),
          // The model accepted the click, so the rule at stake is the platform's.
          cause: { kind: 'answer', rule: 'R5', eventId: 'c1', text: expect.stringContaining('c1') },
          rules: ['R5'],
          kind: 'answer',
          subject: 'c1',
          fields: ['outcome'],
          model: { outcome: 'accepted' },
          platform: { outcome: 'rejected', rule: 'R5' },
          ...UNWRITTEN,
        },
        subject: { storeId: 's1', buyerId: 'b1', affiliateId: 'a1', untilMs: h(1) },
      },
      {
        violation: {
          fingerprint: expect.any(String),
          cause: { kind: 'answer', rule: 'R16', eventId: 'o9', text: expect.stringContaining('o9') },
          rules: ['R16'],
          kind: 'answer',
          subject: 'o9',
          fields: ['outcome'],
          model: { outcome: 'rejected', rule: 'R16' },
          platform: { outcome: 'accepted' },
          ...UNWRITTEN,
        },
        subject: { storeId: 's9', buyerId: 'b1', orderId: 'o9', untilMs: h(2) },
      },
    ]);
    // Two kinds: a click refused the model accepts, an order accepted the model refuses.
    const groups = checker.violationGroups();
    expect(groups.map((g) => [g.kind, g.rule, g.count]).sort()).toEqual([
      ['answer', 'R16', 1],
      ['answer', 'R5', 1],
    ]);
    for (const k of kept) expect(groups.map((g) => g.fingerprint)).toContain(k.violation.fingerprint);
    expect(new Set(kept.map((k) => k.violation.fingerprint)).size).toBe(2);
    // The model never created o9, so there is no decision of it to read.
    expect(checker.orderIds()).toEqual([]);
  });

  it('reports a rejection with another rule id as a difference in the rule only', () => {
    const ghost = click('c-ghost', h(3), { affiliateId: 'ghost' });
    const checker = checkerWith([ghost], [rejectedBy('R5')]);
    expect(violationsOf(checker)).toEqual([
      {
        fingerprint: expect.any(String),
        cause: { kind: 'answer', rule: 'R16', eventId: 'c-ghost', text: expect.any(String) },
        rules: ['R16', 'R5'],
        kind: 'answer',
        subject: 'c-ghost',
        fields: ['rule'],
        model: { outcome: 'rejected', rule: 'R16' },
        platform: { outcome: 'rejected', rule: 'R5' },
        ...UNWRITTEN,
      },
    ]);
    expect(groupOf(checker, 'answer')).toMatchObject({ rule: 'R16', fields: ['rule'], cause: 'answer' });
  });

  // A group is "the same kind, differing fields, rule and kind of cause" (run-result.ts): a valid
  // click refused under R16 (fields ['outcome']: R5 accepts it) and a ghost click refused under R5
  // where the model's rule is R16 (fields ['rule']) are two groups, not one.
  it('keeps a refusal under another rule apart from a refusal of an event the model accepts', () => {
    const checker = checkerWith(
      [click('c1', h(1)), click('c-ghost', h(3), { affiliateId: 'ghost' })],
      [rejectedBy('R16'), rejectedBy('R5')],
    );
    expect(
      violationsOf(checker)
        .map((v) => [v.subject, v.fields, v.cause.rule])
        .sort(),
    ).toEqual([
      ['c-ghost', ['rule'], 'R16'],
      ['c1', ['outcome'], 'R16'],
    ]);
    expect(
      checker
        .violationGroups()
        .map((g) => g.fields)
        .sort(),
    ).toEqual([['outcome'], ['rule']]);
  });

  it('takes a rejection that names no rule as agreeing with any rule', () => {
    const checker = checkerWith([click('c-ghost', h(3), { affiliateId: 'ghost' })], [rejectedBy()]);
    expect(checker.violationCount).toBe(0);
  });

  it('keeps a violation of an affiliate registration, with the affiliate as its history subject', () => {
    // R16: an affiliate id registered twice is rejected; the platform accepted it.
    const again: AffEvent = {
      id: 'w-a1-again',
      type: 'affiliate.registered',
      at: h(1),
      affiliateId: 'a1',
      channel: 'blog',
    };
    const checker = newChecker();
    checker.day([...SELLER, again], all([...SELLER, again]), [], []);
    expect(checker.violationCount).toBe(1);
    expect(checker.keptViolations()).toEqual([
      {
        violation: expect.objectContaining({
          subject: 'w-a1-again',
          kind: 'answer',
          cause: expect.objectContaining({ kind: 'answer', rule: 'R16', eventId: 'w-a1-again' }),
        }),
        subject: { affiliateId: 'a1', untilMs: h(1) },
      },
    ]);
  });

  it('reports a decision differing in commission once, with the differing fields, R13 and its cause', () => {
    // R13, half-up: 100.10 × 500 / 10 000 = 5.005 → 501 cents; the platform floored to 500.
    const checker = checkerWith([click('c1', h(1)), order('o1', h(2), 'o1', { p1: 10_010 })]);
    const model: DecisionJson = {
      ...O1_DECISION,
      commissionCents: 501,
      lines: [{ ...O1_LINE, amountCents: 10_010, commissionCents: 501 }],
    };
    const floored: DecisionJson = {
      ...model,
      commissionCents: 500,
      lines: [{ ...O1_LINE, amountCents: 10_010, commissionCents: 500 }],
    };
    checker.compareDecisions(checker.takeTouchedOrders(), [floored], false, dayEnd(0));
    checker.compareDecisions(checker.orderIds(), [floored], true);
    expect(checker.violationCount).toBe(1);
    const [group] = checker.violationGroups();
    expect(checker.violationGroups()).toEqual([
      {
        fingerprint: expect.any(String),
        kind: 'decision',
        rule: 'R13',
        // Causal order: the line's commission is computed before the order's sum of them.
        fields: ['lines[].commissionCents', 'commissionCents'],
        cause: 'field',
        title: expect.any(String),
        count: 1,
        overpaidCents: 0,
        underpaidCents: 1, // 501 − 500
      },
    ]);
    expect(checker.keptViolations()).toEqual([
      {
        violation: {
          fingerprint: group?.fingerprint,
          cause: {
            kind: 'field',
            rule: 'R13',
            field: 'lines[].commissionCents',
            text: expect.stringContaining('lines[].commissionCents'),
          },
          rules: ['R13'],
          kind: 'decision',
          subject: 'o1',
          fields: ['commissionCents', 'lines[0].commissionCents'],
          model,
          platform: floored,
          ...UNWRITTEN,
        },
        // Seen at the read at the end of day 0: the history is everything up to it.
        subject: { storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: dayEnd(0) },
      },
    ]);
    // The final comparison feeds the result with the platform's decision, not the model's.
    expect(resultOf(checker).commission.totalCents).toBe(500);
  });

  it('traces a decision wrong in the order’s commission only to commissionCents (R13)', () => {
    // The line is right (500); the order's total is not the sum of its lines (R13).
    const checker = checkerWith(O1_EVENTS);
    checker.compareDecisions(['o1'], [{ ...O1_DECISION, commissionCents: 499 }], true);
    expect(violationOf(checker, 'o1').cause).toEqual({
      kind: 'field',
      rule: 'R13',
      field: 'commissionCents',
      text: expect.stringContaining('commissionCents'),
    });
    expect(groupOf(checker, 'decision')).toMatchObject({
      rule: 'R13',
      fields: ['commissionCents'],
      cause: 'field',
      underpaidCents: 1,
      overpaidCents: 0,
    });
  });

  it('reports a decision the platform does not have as (missing), R16, owing the whole commission', () => {
    const checker = checkerWith(O1_EVENTS);
    checker.compareDecisions(['o1'], [null], true);
    const violation = violationOf(checker, 'o1');
    expect([violation.fields, violation.rules]).toEqual([['(missing)'], ['R16']]);
    expect(violation.platform).toBeNull();
    expect(violation.cause).toEqual({
      kind: 'field',
      rule: 'R16',
      field: '(missing)',
      text: expect.stringContaining('no decision'),
    });
    expect(groupOf(checker, 'decision')).toMatchObject({
      rule: 'R16',
      fields: ['(missing)'],
      cause: 'field',
      overpaidCents: 0,
      underpaidCents: 500,
    });
    // The final read, seen at no particular time: everything recorded may matter.
    expect(checker.keptViolations()[0]?.subject.untilMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps everything up to the read in the history subject, and counts the violation on the day of the order’s latest event', () => {
    // A completion at T0+30h (day 1) moves the order's last instant; it is touched again that day.
    const checker = checkerWith(O1_EVENTS);
    checker.takeTouchedOrders();
    const complete: AffEvent = { id: 'done-o1', type: 'order.completed', at: h(30), orderId: 'o1' };
    checker.day([], [], [complete], [ACCEPTED]);
    expect(checker.takeTouchedOrders()).toEqual(['o1']);
    checker.compareDecisions(['o1'], [{ ...O1_DECISION, status: 'pending' }], false, dayEnd(1));
    // R12: completed, so payable; the platform still says pending.
    const [kept] = checker.keptViolations();
    expect(kept?.violation.fields).toEqual(['status']);
    expect(kept?.violation.rules).toEqual(['R12', 'R14']);
    expect(kept?.violation.cause).toMatchObject({ kind: 'field', field: 'status', rule: 'R12' });
    expect(kept?.subject).toEqual({ storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: dayEnd(1) });
    const daily = resultOf(checker).daily;
    expect([daily[0]?.violations, daily[1]?.violations]).toEqual([0, 1]);
  });

  it('keeps exactly the first N examples of each group in canonical order, counting all, groups counted right', () => {
    // Group A: 120 clicks by unregistered affiliates (R16), all accepted; group B: 7 valid clicks
    // (R5: s1 is a member, a1 registered) refused under R16; group C: 2 orders of unknown products
    // (R16) accepted. Each is sent with ids counting down, so the canonical order (by subject:
    // the event id) is the reverse of the sending order.
    const down = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${String(n - 1 - i).padStart(3, '0')}`);
    const ghosts = down('x', 120).map((id, i) => click(id, h(1) + i, { affiliateId: `ghost-${id}` }));
    const refused = down('y', 7).map((id, i) => click(id, h(2) + i, { buyerId: `buyer-${id}` }));
    const unknown = down('z', 2).map((id, i) => order(id, h(3) + i, id, { nope: 100 }));
    const buyer = [...ghosts, ...refused, ...unknown];
    const answers = [...all(ghosts), ...all(refused, rejectedBy('R16')), ...all(unknown)];
    const N = 5;
    const checker = checkerWith(buyer, answers, { examplesPerGroup: N });
    expect(checker.violationCount).toBe(129);
    const groups = checker.violationGroups();
    // All answers: the largest group first.
    expect(groups.map((g) => [g.count, g.kind, g.rule, g.fields])).toEqual([
      [120, 'answer', 'R16', ['outcome']],
      [7, 'answer', 'R16', ['outcome']],
      [2, 'answer', 'R16', ['outcome']],
    ]);
    const first = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
    const kept = checker.keptViolations();
    expect(kept.map((k) => k.violation.subject)).toEqual([
      ...first('x', N),
      ...first('y', N),
      ...first('z', 2),
    ]);
    // Each kept example carries its own group's fingerprint.
    expect(kept.map((k) => k.violation.fingerprint)).toEqual([
      ...Array(N).fill(groups[0]?.fingerprint),
      ...Array(N).fill(groups[1]?.fingerprint),
      ...Array(2).fill(groups[2]?.fingerprint),
    ]);
    // x000 was sent last, at T0+1h+119ms.
    expect(kept[0]?.subject).toEqual({
      storeId: 's1',
      buyerId: 'b1',
      affiliateId: 'ghost-x000',
      untilMs: h(1) + 119,
    });
    expect(resultOf(checker).daily[0]?.violations).toBe(129);

    // The default: 3 examples per group.
    const byDefault = checkerWith(buyer, answers);
    expect(byDefault.keptViolations().map((k) => k.violation.subject)).toEqual([
      ...first('x', 3),
      ...first('y', 3),
      ...first('z', 2),
    ]);
    expect(byDefault.violationGroups().map((g) => g.count)).toEqual([120, 7, 2]);
  });

  it('does not count the seller events of a shard other than 0, but checks their answers and lists them for the merge', () => {
    // The platform wrongly rejects s1's join (R1 allows it); the day's buyer traffic is o1's.
    const sellerAnswers = [ACCEPTED, ACCEPTED, ACCEPTED, rejectedBy('R1')];
    const run = (countsSellerEvents: boolean) => {
      const checker = newChecker({ countsSellerEvents, sharded: true });
      checker.day(SELLER, sellerAnswers, O1_EVENTS, all(O1_EVENTS));
      return checker;
    };
    const other = run(false);
    expect(other.countsSellerEvents).toBe(false);
    // Each shard delivers the seller timeline through its own connection: each answer is compared.
    expect(other.violationCount).toBe(1);
    expect(violationsOf(other).map((v) => [v.subject, v.cause.rule])).toEqual([['w-join', 'R1']]);
    expect(other.sellerAnswerViolations()).toEqual([
      { eventId: 'w-join', fingerprint: groupOf(other, 'answer').fingerprint, day: 0 },
    ]);
    expect(resultOf(other).events).toEqual({
      sent: 2,
      accepted: 2,
      repeats: 0,
      rejectedByRule: {},
      rejectedNoRule: 0,
      unsupported: 0,
    });
    // Still model input: the join made o1 an affiliate order.
    other.compareDecisions(['o1'], [O1_DECISION], true);
    expect(other.violationCount).toBe(1);
    // Not sharded: nothing to list.
    expect(newChecker().sellerAnswerViolations()).toBeUndefined();

    const first = run(true);
    expect(resultOf(first).events).toEqual({
      sent: 6,
      accepted: 5,
      repeats: 0,
      rejectedByRule: { R1: 1 },
      rejectedNoRule: 0,
      unsupported: 0,
    });
    expect(violationsOf(first).map((v) => [v.subject, v.fields, v.cause.rule])).toEqual([
      ['w-join', ['outcome'], 'R1'],
    ]);
    // A seller event's answer depends on its store's timeline only.
    expect(first.keptViolations()[0]?.subject).toEqual({ storeId: 's1', untilMs: T0 });
  });

  it('counts a rejection that names no rule in the result, whether the model refuses the event or not', () => {
    // o9 was never created: the model refuses its completion, so a rule-less refusal agrees with it.
    const unknown: AffEvent = { id: 'done9', type: 'order.completed', at: h(3), orderId: 'o9' };
    const agreeing = checkerWith([...O1_EVENTS, unknown], [ACCEPTED, ACCEPTED, rejectedBy()]);
    expect(agreeing.violationCount).toBe(0);
    expect(resultOf(agreeing).events).toEqual({
      sent: 7,
      accepted: 6,
      repeats: 0,
      rejectedByRule: {},
      rejectedNoRule: 1,
      unsupported: 0,
    });

    // The click qualifies (R5): a refusal without a rule is a violation, and still counted as a refusal.
    const wrong = checkerWith(O1_EVENTS, [rejectedBy(), ACCEPTED]);
    expect(violationsOf(wrong).map((v) => [v.subject, v.fields])).toEqual([['c1', ['outcome']]]);
    expect(violationsOf(wrong)[0]?.model).toEqual({ outcome: 'accepted' });
    expect(violationsOf(wrong)[0]?.platform).toEqual({ outcome: 'rejected' });
    expect(resultOf(wrong).events).toMatchObject({
      sent: 6,
      accepted: 5,
      rejectedByRule: {},
      rejectedNoRule: 1,
    });
  });

  it('counts a repeat of an event id with the same payload as a repeat, not a violation (R17)', () => {
    const c1 = click('c1', h(1));
    const checker = checkerWith([c1, { ...c1 }], [ACCEPTED, { accepted: true, repeat: true }]);
    expect(checker.violationCount).toBe(0);
    expect(resultOf(checker).events.repeats).toBe(1);
    expect(resultOf(checker).clicks.total).toBe(1);
  });

  it('compares the answer to a repeat with the original answer (R17), accepted or refused', () => {
    // c1 qualifies (s1 a member, a1 registered); ghost's affiliate is unknown, so R16 refuses it.
    const c1 = click('c1', h(1));
    const ghost = click('c-ghost', h(2), { affiliateId: 'ghost' });
    const events = [c1, ghost, { ...c1 }, { ...ghost }];
    // The platform answers both originals right, then refuses c1's retry and accepts ghost's.
    const checker = checkerWith(events, [ACCEPTED, rejectedBy('R16'), rejectedBy('R17'), ACCEPTED]);
    expect(checker.violationCount).toBe(2);
    const kept = checker.keptViolations().map((k) => k.violation);
    expect(kept.map((v) => [v.subject, v.fingerprint, v.model, v.platform])).toEqual([
      [
        'c-ghost (repeat)',
        'answer click repeat accepted outcome R17',
        { outcome: 'rejected', rule: 'R16' },
        { outcome: 'accepted' },
      ],
      [
        'c1 (repeat)',
        'answer click repeat refused outcome R17',
        { outcome: 'accepted' },
        { outcome: 'rejected', rule: 'R17' },
      ],
    ]);
    expect(kept[1]?.cause).toMatchObject({ kind: 'answer', rule: 'R17', eventId: 'c1' });
    // The same answers again are no violation.
    const right = checkerWith(events, [ACCEPTED, rejectedBy('R16'), ACCEPTED, rejectedBy('R16')]);
    expect(right.violationCount).toBe(0);
  });
});

describe('ShardChecker, violations traced to their cause (issue 10)', () => {
  /**
   * Day 0: the seller timeline (s1 joins at T0). Day `day` (1 unless given): `seller` with
   * `sellerAnswers`, then `buyer` (all accepted unless `buyerAnswers`); the day's touched orders are
   * read at its end, then every order finally.
   */
  function twoDays(
    seller: readonly AffEvent[],
    sellerAnswers: readonly EventAnswer[],
    buyer: readonly AffEvent[],
    decisions: readonly (PartialDecisionJson | null)[],
    options: { buyerAnswers?: readonly EventAnswer[]; countsSellerEvents?: boolean; day?: number } = {},
  ) {
    const checker = newChecker({ countsSellerEvents: options.countsSellerEvents ?? true });
    checker.day(SELLER, all(SELLER), [], []);
    checker.takeTouchedOrders();
    checker.day(seller, sellerAnswers, buyer, options.buyerAnswers ?? all(buyer));
    checker.compareDecisions(checker.takeTouchedOrders(), decisions, false, dayEnd(options.day ?? 1));
    checker.compareDecisions(checker.orderIds(), decisions, true);
    return checker;
  }

  describe('a withdrawal the platform accepts before joinedAt + 15 days (R2)', () => {
    // s1 joined at T0; its withdrawal at T0+24h is before T0 + 15 days, so the model refuses it
    // (R2) and s1 stays a member. b1's click at T0+30h qualifies (R5), so o1 at T0+31h is an
    // affiliate order (R9): a1, clickAt T0+30h, window to T0+30h + 15 days (R6), default 500 bps
    // (R10), 10 000 × 500 / 10 000 = 500 (R13), pending (R12). The platform, having let s1 go,
    // says store-not-member: the decision follows from the accepted withdrawal.
    const wd = withdrawal('wd-s1', h(24));
    const buyer = [click('c1', h(30)), order('o1', h(31), 'o1', { p1: 10_000 })];
    const model: DecisionJson = {
      ...O1_DECISION,
      clickAt: '2026-01-02T06:00:00.000Z',
      windowEndsAt: '2026-01-17T06:00:00.000Z',
    };
    const platform = notAttributed('o1', 'store-not-member', { p1: 10_000 });
    const run = (countsSellerEvents = true) =>
      twoDays([wd], [ACCEPTED], buyer, [platform], { countsSellerEvents });

    it('reports the answer, and links the decision to it', () => {
      const checker = run();
      expect(checker.violationCount).toBe(2);
      const answers = groupOf(checker, 'answer');
      const decisions = groupOf(checker, 'decision');
      // Answers first.
      expect(checker.violationGroups()).toEqual([answers, decisions]);
      expect(answers).toEqual({
        fingerprint: expect.any(String),
        kind: 'answer',
        rule: 'R2',
        fields: ['outcome'],
        cause: 'answer',
        title: expect.stringContaining('store.withdrew'),
        count: 1,
        overpaidCents: 0,
        underpaidCents: 0,
      });
      expect(decisions).toEqual({
        fingerprint: expect.any(String),
        kind: 'decision',
        rule: 'R2',
        fields: [
          'attributed',
          'reason',
          'affiliateId',
          'clickAt',
          'windowEndsAt',
          'lines[].tier',
          'lines[].rateBps',
          'status',
          'lines[].commissionCents',
          'commissionCents',
        ],
        cause: 'answer',
        causedBy: answers.fingerprint,
        title: expect.any(String),
        count: 1,
        overpaidCents: 0,
        underpaidCents: 500,
      });
      expect(decisions.fingerprint).not.toBe(answers.fingerprint);

      expect(checker.keptViolations()).toEqual([
        {
          violation: {
            fingerprint: answers.fingerprint,
            cause: { kind: 'answer', rule: 'R2', eventId: 'wd-s1', text: expect.stringContaining('wd-s1') },
            rules: ['R2'],
            kind: 'answer',
            subject: 'wd-s1',
            fields: ['outcome'],
            model: { outcome: 'rejected', rule: 'R2' },
            platform: { outcome: 'accepted' },
            ...UNWRITTEN,
          },
          subject: { storeId: 's1', untilMs: h(24) },
        },
        {
          violation: {
            fingerprint: decisions.fingerprint,
            cause: { kind: 'answer', rule: 'R2', eventId: 'wd-s1', text: expect.stringContaining('wd-s1') },
            rules: ['R6', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13', 'R14'],
            kind: 'decision',
            subject: 'o1',
            fields: [
              'attributed',
              'reason',
              'affiliateId',
              'clickAt',
              'windowEndsAt',
              'status',
              'commissionCents',
              'lines[0].rateBps',
              'lines[0].tier',
              'lines[0].commissionCents',
            ],
            model,
            platform,
            ...UNWRITTEN,
          },
          subject: { storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: dayEnd(1) },
        },
      ]);
      const result = resultOf(checker);
      expect(result.daily[1]?.violations).toBe(2);
      expect(result.money).toMatchObject({ modelCents: 500, platformCents: 0, underpaidCents: 500 });
    });

    // Every shard is sent the same seller timeline and answered the same (R17 repeats carry the
    // original answer), so every shard traces the decision to the diverging seller answer, and a
    // run's groups do not depend on how many shards it has; every shard reports the answer itself
    // (the merge counts it once, test/run/merge-results.test.ts).
    it('links the decision to the seller answer in a shard other than 0 too', () => {
      const shard0 = run(true);
      const other = run(false);
      expect(groupOf(other, 'decision')).toEqual(groupOf(shard0, 'decision'));
      expect(groupOf(other, 'answer')).toEqual(groupOf(shard0, 'answer'));
      expect(violationOf(other, 'o1').cause).toMatchObject({ kind: 'answer', eventId: 'wd-s1' });
    });
  });

  it('links a decision the platform attributes, where the model says store-not-member, to a refused withdrawal (R2)', () => {
    // s1 withdraws at T0 + 15 days exactly: R2 allows it (at ≥ joinedAt + 15 days); the platform
    // refuses it. For the model s1 is out from then on ([joinedAt, withdrawnAt)): b1's click one
    // hour later does not qualify (R5), and o1 an hour after it is not attributed, store-not-member
    // (R9, the first reason that applies). The platform, s1 still a member for it, pays 500.
    const at = T0 + 15 * DAY_MS;
    const checker = twoDays(
      [withdrawal('wd-s1', at)],
      [rejectedBy('R2')],
      [click('c1', at + HOUR_MS), order('o1', at + 2 * HOUR_MS, 'o1', { p1: 10_000 })],
      [
        {
          ...O1_DECISION,
          clickAt: '2026-01-16T01:00:00.000Z',
          windowEndsAt: '2026-01-31T01:00:00.000Z',
        },
      ],
      { day: 15 },
    );
    const answers = groupOf(checker, 'answer');
    expect(answers).toMatchObject({ rule: 'R2', fields: ['outcome'], count: 1 });
    expect(violationOf(checker, 'wd-s1')).toMatchObject({
      model: { outcome: 'accepted' },
      platform: { outcome: 'rejected', rule: 'R2' },
    });
    const decision = violationOf(checker, 'o1');
    expect(decision.model).toEqual(notAttributed('o1', 'store-not-member', { p1: 10_000 }));
    expect(decision.cause).toMatchObject({ kind: 'answer', rule: 'R2', eventId: 'wd-s1' });
    expect(groupOf(checker, 'decision')).toMatchObject({
      rule: 'R2',
      cause: 'answer',
      causedBy: answers.fingerprint,
      overpaidCents: 500,
      underpaidCents: 0,
    });
  });

  it('links a decision to its click’s diverging answer, and to its order’s own', () => {
    // The platform refuses b1's qualifying click (R5 allows it: s1 is a member) and says o1 has
    // no click; the model credits a1 (R8).
    const byClick = checkerWith(O1_EVENTS, [rejectedBy('R5'), ACCEPTED]);
    byClick.compareDecisions(['o1'], [notAttributed('o1', 'no-click', { p1: 10_000 })], true);
    expect(violationOf(byClick, 'o1').cause).toMatchObject({ kind: 'answer', rule: 'R5', eventId: 'c1' });
    expect(groupOf(byClick, 'decision').causedBy).toBe(groupOf(byClick, 'answer').fingerprint);

    // The platform refuses o1's first completion (R16 allows it): the model says payable (R12).
    const done: AffEvent = { id: 'done-o1', type: 'order.completed', at: h(3), orderId: 'o1' };
    const byOrder = checkerWith([...O1_EVENTS, done], [ACCEPTED, ACCEPTED, rejectedBy('R16')]);
    byOrder.compareDecisions(['o1'], [O1_DECISION], true);
    const violation = violationOf(byOrder, 'o1');
    expect(violation.fields).toEqual(['status']);
    expect((violation.model as DecisionJson).status).toBe('payable');
    expect(violation.cause).toMatchObject({ kind: 'answer', rule: 'R16', eventId: 'done-o1' });
  });

  it('takes the earliest of the diverging answers a decision can follow from', () => {
    // b1's click at T0+20h refused (R5 allows it), then s1's withdrawal at T0+24h accepted (R2
    // refuses it): o1 at T0+31h follows from the click's answer, the earlier one.
    const checker = twoDays(
      [withdrawal('wd-s1', h(24))],
      [ACCEPTED],
      [click('c1', h(20)), order('o1', h(31), 'o1', { p1: 10_000 })],
      [notAttributed('o1', 'store-not-member', { p1: 10_000 })],
      { buyerAnswers: [rejectedBy('R5'), ACCEPTED] },
    );
    expect(violationOf(checker, 'o1').cause).toMatchObject({ kind: 'answer', eventId: 'c1', rule: 'R5' });
  });

  it('traces a decision wrong in its rate only to lines[].rateBps (R10)', () => {
    // R10: p1 is no main product, so s1's default 500 bps; the platform used 800 bps, 800 cents.
    const checker = checkerWith(O1_EVENTS);
    checker.compareDecisions(['o1'], [o1At(800, 800)], true);
    const violation = violationOf(checker, 'o1');
    expect(violation.fields).toEqual(['commissionCents', 'lines[0].rateBps', 'lines[0].commissionCents']);
    expect(violation.cause).toEqual({
      kind: 'field',
      rule: 'R10',
      field: 'lines[].rateBps',
      text: expect.stringContaining('lines[].rateBps'),
    });
    const group = groupOf(checker, 'decision');
    expect(group).toEqual({
      fingerprint: expect.any(String),
      kind: 'decision',
      rule: 'R10',
      fields: ['lines[].rateBps', 'lines[].commissionCents', 'commissionCents'],
      cause: 'field',
      title: expect.stringContaining('R10'),
      count: 1,
      overpaidCents: 300,
      underpaidCents: 0,
    });
    expect(group).not.toHaveProperty('causedBy');
  });

  it('traces a decision that ignores a main product to lines[].tier (R10)', () => {
    // p1 is a main product at 1 200 bps from T0: R10 takes its rate, tier main, 10 000 × 1 200 /
    // 10 000 = 1 200. The platform took the default rate, 500.
    const main: AffEvent = {
      id: 'w-main-p1',
      type: 'store.mainProductSet',
      at: T0,
      storeId: 's1',
      productId: 'p1',
      rateBps: 1_200,
    };
    const checker = newChecker();
    checker.day([...SELLER, main], all([...SELLER, main]), O1_EVENTS, all(O1_EVENTS));
    checker.compareDecisions(['o1'], [O1_DECISION], true);
    const violation = violationOf(checker, 'o1');
    expect((violation.model as DecisionJson).lines).toEqual([
      { ...O1_LINE, rateBps: 1_200, tier: 'main', commissionCents: 1_200 },
    ]);
    expect(violation.cause).toMatchObject({ kind: 'field', rule: 'R10', field: 'lines[].tier' });
    expect(groupOf(checker, 'decision')).toMatchObject({
      rule: 'R10',
      underpaidCents: 700,
      overpaidCents: 0,
    });
  });

  it('does not take a diverging answer in another store, or of another buyer, as the cause', () => {
    // s2 is not a member: its withdrawal is refused (R2) and b1's click into s2 is accepted, not
    // qualifying (R5); the platform accepts the one and refuses the other. b2's click into s1 is
    // accepted by R5; the platform refuses it. None of them is about b1's o1 in s1.
    const checker = twoDays(
      [withdrawal('wd-s2', h(24), 's2')],
      [ACCEPTED],
      [
        click('c-s2', h(25), { storeId: 's2' }),
        click('c-b2', h(26), { buyerId: 'b2' }),
        click('c1', h(30)),
        order('o1', h(31), 'o1', { p1: 10_000 }),
      ],
      [
        {
          ...o1At(800, 800),
          clickAt: '2026-01-02T06:00:00.000Z',
          windowEndsAt: '2026-01-17T06:00:00.000Z',
        },
      ],
      { buyerAnswers: [rejectedBy('R5'), rejectedBy('R5'), ACCEPTED, ACCEPTED] },
    );
    expect(
      violationsOf(checker)
        .map((v) => v.subject)
        .sort(),
    ).toEqual(['c-b2', 'c-s2', 'o1', 'wd-s2']);
    expect(violationOf(checker, 'o1').cause).toMatchObject({
      kind: 'field',
      rule: 'R10',
      field: 'lines[].rateBps',
    });
    const decision = groupOf(checker, 'decision');
    expect(decision.cause).toBe('field');
    expect(decision).not.toHaveProperty('causedBy');
  });

  describe('answers seen after the read are not the cause', () => {
    // o1 (day 0) at 800 bps where R10 says 500; s1's withdrawal at T0+40h (day 1) accepted where
    // R2 refuses it. A read before T0+40h cannot follow from that answer.
    const atMs = h(40);
    const checkerRead = (seenAtMs?: number) => {
      const checker = newChecker();
      checker.day(SELLER, all(SELLER), O1_EVENTS, all(O1_EVENTS));
      checker.day([withdrawal('wd-s1', atMs)], [ACCEPTED], [], []);
      if (seenAtMs === undefined) checker.compareDecisions(['o1'], [o1At(800, 800)], true);
      else checker.compareDecisions(['o1'], [o1At(800, 800)], false, seenAtMs);
      return violationOf(checker, 'o1').cause;
    };

    it.each([
      ['the end of day 0', dayEnd(0)],
      ['just before the answer', atMs - 1],
    ])('at %s: its first differing field', (_, seenAtMs) => {
      expect(checkerRead(seenAtMs)).toMatchObject({ kind: 'field', field: 'lines[].rateBps', rule: 'R10' });
    });

    it.each([
      ['the instant of the answer', atMs],
      ['the final read', undefined],
    ])('at %s: the answer', (_, seenAtMs) => {
      expect(checkerRead(seenAtMs)).toMatchObject({ kind: 'answer', eventId: 'wd-s1', rule: 'R2' });
    });
  });

  it('sums the final decisions’ differences into the group’s money', () => {
    // Three orders by b1 after one click, all at the wrong rate, in one group (lines[].rateBps, R10):
    // o1 10 000 at 800 bps → 800 for 500; o2 3 000 at 800 → 240 for 150; o3 10 000 at 300 → 300 for
    // 500. Read at the end of day 0 (o1 then paid 900: not the final figure), then finally.
    const events = [
      click('c1', h(1)),
      order('o1', h(2), 'o1', { p1: 10_000 }),
      order('o2', h(3), 'o2', { p1: 3_000 }),
      order('o3', h(4), 'o3', { p1: 10_000 }),
    ];
    const at = (orderId: string, amountCents: number, rateBps: number, commissionCents: number) => ({
      ...O1_DECISION,
      orderId,
      commissionCents,
      lines: [{ ...O1_LINE, amountCents, rateBps, commissionCents }],
    });
    const checker = checkerWith(events);
    checker.compareDecisions(
      checker.takeTouchedOrders(),
      [at('o1', 10_000, 900, 900), at('o2', 3_000, 800, 240), at('o3', 10_000, 300, 300)],
      false,
      dayEnd(0),
    );
    expect(groupOf(checker, 'decision')).toMatchObject({ count: 3, overpaidCents: 0, underpaidCents: 0 });
    checker.compareDecisions(
      checker.orderIds(),
      [at('o1', 10_000, 800, 800), at('o2', 3_000, 800, 240), at('o3', 10_000, 300, 300)],
      true,
    );
    expect(checker.violationCount).toBe(3);
    expect(groupOf(checker, 'decision')).toMatchObject({
      rule: 'R10',
      count: 3,
      overpaidCents: 390, // (800 − 500) + (240 − 150)
      underpaidCents: 200, // 500 − 300
    });
  });
});

describe('ShardChecker, answers that follow from an earlier answer (issue 10)', () => {
  // s1 joined at T0 (SELLER). R2: a withdrawal is allowed from T0 + 15 days. The platform accepts
  // one at T0+24h (the model refuses it), so it refuses the real one at T0 + 15 days (the model
  // accepts it: s1 is still a member for the model). The second is a consequence of the first.
  const DAY = 24 * HOUR_MS;
  const early = withdrawal('wd-early', h(24));
  const real = withdrawal('wd-real', T0 + 15 * DAY);

  it('links the later answer to the earlier one, and leaves the earlier one its own root group', () => {
    const checker = newChecker();
    checker.day(SELLER, all(SELLER), [], []);
    checker.day([early, real], [ACCEPTED, rejectedBy('R2')], [], []);
    const groups = checker.violationGroups();
    const root = groups.find((g) => g.causedBy === undefined);
    expect(root).toMatchObject({
      kind: 'answer',
      rule: 'R2',
      count: 1,
      fingerprint: 'answer store.withdrew accepted outcome R2',
    });
    const follower = groups.find((g) => g.causedBy !== undefined);
    expect(follower).toMatchObject({ kind: 'answer', rule: 'R2', count: 1, causedBy: root?.fingerprint });
    const [, second] = checker.keptViolations().map((k) => k.violation);
    expect(second?.subject).toBe('wd-real');
    expect(second?.cause).toMatchObject({ kind: 'answer', eventId: 'wd-early' });
    expect(second?.cause.text).toMatch(/^follows from an earlier answer: the platform accepted wd-early/);
  });

  it('keeps the same bug again (an answer of the root’s own kind) in the root’s group, not linked', () => {
    // Two clicks by unregistered affiliates into s1 by b1 (R16), both accepted: two instances of one bug.
    const ghosts = [
      click('g1', h(1), { affiliateId: 'ghost-1' }),
      click('g2', h(2), { affiliateId: 'ghost-2' }),
    ];
    const checker = checkerWith(ghosts);
    expect(checker.violationGroups().map((g) => [g.count, g.causedBy])).toEqual([[2, undefined]]);
  });

  it('does not link answers of different stores', () => {
    const checker = newChecker();
    checker.day(SELLER, all(SELLER), [], []);
    // s2 never joined: its withdrawal is refused by R2 (not a member); the platform accepts it.
    checker.day([early, withdrawal('wd-s2', T0 + 15 * DAY, 's2')], [ACCEPTED, ACCEPTED], [], []);
    expect(checker.violationGroups().every((g) => g.causedBy === undefined)).toBe(true);
  });
});

describe('ShardChecker, decisions grouped by their cause (issue 10)', () => {
  it('puts decisions with one cause in one group whatever else differs downstream, listing every field seen', () => {
    // b1's click at T0+1h into s1 (500 bps). o1 and o2 (10 000 each) are attributed to a1 (R8, R9).
    // The platform credits no one on both (attributed false); on o1 it also drops the status to
    // not-attributed, on o2 it keeps pending: both are traced to `attributed` (R9), one group.
    const events = [
      click('c1', h(1)),
      order('o1', h(2), 'o1', { p1: 10_000 }),
      order('o2', h(3), 'o2', { p1: 10_000 }),
    ];
    const checker = checkerWith(events);
    const o2 = { ...O1_DECISION, orderId: 'o2' };
    checker.compareDecisions(
      ['o1', 'o2'],
      [
        { ...O1_DECISION, attributed: false, status: 'not-attributed' },
        { ...o2, attributed: false },
      ],
      true,
    );
    const groups = checker.violationGroups();
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ count: 2, rule: 'R9', fingerprint: 'decision attributed R9' });
    expect(groups[0]?.fields).toEqual(['attributed', 'status']);
  });
});

describe('ShardChecker, the money at stake (issue 10)', () => {
  // b1 clicks through a1 into s1 at T0+1h, then orders p1 for 60.00 (o1) and p1 for 30.00 (o2).
  // R8: both credited to a1; R10: default rate 500 bps; R13: 6 000 × 500 / 10 000 = 300 and
  // 3 000 × 500 / 10 000 = 150. The platform pays 600 on o1 (1 000 bps) and 100 on o2.
  const events: readonly AffEvent[] = [
    click('c1', h(1)),
    order('o1', h(2), 'o1', { p1: 6_000 }),
    order('o2', h(3), 'o2', { p1: 3_000 }),
  ];
  const paid = (orderId: string, amountCents: number, rateBps: number, commissionCents: number) =>
    ({
      ...O1_DECISION,
      orderId,
      commissionCents,
      lines: [{ ...O1_LINE, amountCents, rateBps, commissionCents }],
    }) satisfies DecisionJson;

  it('sums both sides, the overpaid and the underpaid, and counts matching decisions', () => {
    const checker = checkerWith(events);
    checker.compareDecisions(
      checker.orderIds(),
      [paid('o1', 6_000, 1_000, 600), paid('o2', 3_000, 333, 100)],
      true,
    );
    const result = resultOf(checker);
    expect(result.money).toEqual({
      modelCents: 450,
      platformCents: 700,
      overpaidCents: 300, // o1: 600 − 300
      underpaidCents: 50, // o2: 150 − 100
      gmvCents: 9_000,
      byTier: {
        main: { modelCents: 0, platformCents: 0 },
        category: { modelCents: 0, platformCents: 0 },
        default: { modelCents: 450, platformCents: 700 },
      },
      byAffiliate: { a1: { modelCents: 450, platformCents: 700 } },
      byStore: { s1: { modelCents: 450, platformCents: 700 } },
    });
    expect(result.decisions).toEqual({ matched: 0, total: 2 });
    // The platform's own figures are unchanged: 700 paid.
    expect(result.commission.totalCents).toBe(700);
    // Both are wrong in the rate first (R10): one group, holding the same money.
    expect(result.violationGroups).toEqual([
      expect.objectContaining({
        kind: 'decision',
        rule: 'R10',
        count: 2,
        overpaidCents: 300,
        underpaidCents: 50,
      }),
    ]);
  });

  it('counts a decision the model agrees with as matched, and a missing one as paying nothing', () => {
    const checker = checkerWith(events);
    checker.compareDecisions(checker.orderIds(), [paid('o1', 6_000, 500, 300), null], true);
    const result = resultOf(checker);
    expect(result.decisions).toEqual({ matched: 1, total: 2 });
    expect(result.money.platformCents).toBe(300);
    expect(result.money.modelCents).toBe(450);
    expect(result.money.overpaidCents).toBe(0);
    expect(result.money.underpaidCents).toBe(150); // o2: 150 owed, nothing decided
    expect(result.violationGroups).toEqual([
      expect.objectContaining({
        rule: 'R16',
        fields: ['(missing)'],
        count: 1,
        overpaidCents: 0,
        underpaidCents: 150,
      }),
    ]);
  });

  it('counts an order already violated earlier once more at the end, for the money', () => {
    const checker = checkerWith(events);
    checker.compareDecisions(['o1', 'o2'], [paid('o1', 6_000, 1_000, 600), null], false, dayEnd(0));
    checker.compareDecisions(
      checker.orderIds(),
      [paid('o1', 6_000, 1_000, 600), paid('o2', 3_000, 500, 150)],
      true,
    );
    const result = resultOf(checker);
    expect(checker.violationCount).toBe(2);
    expect(result.decisions).toEqual({ matched: 1, total: 2 });
    expect(result.money.overpaidCents).toBe(300);
    expect(result.money.underpaidCents).toBe(0);
    // o2 was missing at the daily read and right at the end: its group holds no money.
    const groups = checker.violationGroups();
    expect(groups.find((g) => g.rule === 'R10')).toMatchObject({
      count: 1,
      overpaidCents: 300,
      underpaidCents: 0,
    });
    expect(groups.find((g) => g.rule === 'R16')).toMatchObject({
      count: 1,
      overpaidCents: 0,
      underpaidCents: 0,
    });
  });

  describe('with a target that compares only some fields (defineTarget `compare`)', () => {
    const compare = ['attributed', 'affiliateId', 'commissionCents'] as const;
    const narrow = () => {
      const checker = newChecker({ compare });
      checker.day(SELLER, all(SELLER), O1_EVENTS, all(O1_EVENTS));
      return checker;
    };

    it('finds no violation in a decision that differs only in a field not compared', () => {
      const checker = narrow();
      expect(checker.compared).toEqual(['attributed', 'affiliateId', 'commissionCents']);
      checker.compareDecisions(
        ['o1'],
        [{ ...O1_DECISION, windowEndsAt: '2026-01-31T01:00:00.000Z' }],
        false,
        dayEnd(0),
      );
      checker.compareDecisions(['o1'], [{ ...O1_DECISION, status: 'payable' }], true);
      expect(checker.violationCount).toBe(0);
      expect(resultOf(checker).compared).toEqual(['attributed', 'affiliateId', 'commissionCents']);
    });

    it('takes a decision that leaves out the fields not compared', () => {
      const checker = narrow();
      checker.compareDecisions(['o1'], [{ attributed: true, affiliateId: 'a1', commissionCents: 500 }], true);
      expect(checker.violationCount).toBe(0);
      // The counts take the model's values for what the platform did not answer.
      expect(resultOf(checker).orders.byStatus.pending).toBe(1);
    });

    it('finds a violation in a compared field, and in a compared field left out', () => {
      const wrong = narrow();
      wrong.compareDecisions(['o1'], [{ ...O1_DECISION, commissionCents: 499 }], true);
      expect(violationsOf(wrong).map((v) => v.fields)).toEqual([['commissionCents']]);
      expect(violationsOf(wrong)[0]?.cause).toMatchObject({
        kind: 'field',
        field: 'commissionCents',
        rule: 'R13',
      });
      const missing = narrow();
      missing.compareDecisions(['o1'], [{ attributed: true, commissionCents: 500 }], true);
      expect(violationsOf(missing).map((v) => v.fields)).toEqual([['affiliateId']]);
      expect(violationsOf(missing)[0]?.cause).toMatchObject({
        kind: 'field',
        field: 'affiliateId',
        rule: 'R8',
      });
    });
  });

  it('applies an unsupported event (marker answer) to the model without comparing or counting it as sent', () => {
    // a1's registration was not sent (the target does not take it): the marker answer says so. The
    // model still registered a1, so o1 is credited to a1 (R8) as with every event sent.
    const UNSUPPORTED: EventAnswer = { accepted: true, unsupported: true };
    const answers = SELLER.map((e) => (e.type === 'affiliate.registered' ? UNSUPPORTED : ACCEPTED));
    const checker = newChecker();
    checker.day(SELLER, answers, O1_EVENTS, all(O1_EVENTS));
    checker.compareDecisions(['o1'], [O1_DECISION], true);
    expect(checker.violationCount).toBe(0);
    expect(resultOf(checker).events).toEqual({
      sent: 5,
      accepted: 5,
      repeats: 0,
      rejectedByRule: {},
      rejectedNoRule: 0,
      unsupported: 1,
    });
  });
});
