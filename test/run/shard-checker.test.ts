import { describe, expect, it } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { EventAnswer } from '../../sim/run/define-target.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { ShardChecker, VIOLATIONS_KEPT_MAX } from '../../sim/run/shard-checker.js';
import { defineScenario } from '../../sim/scenario/define-scenario.js';

/**
 * The checker with no platform and no HTTP: hand-built events, hand-written answers and
 * decisions. Every expected value below is worked out from docs/RULES.md (default policy: 15-day
 * window, `exact` days, last-click, half-up rounding), never computed with the code under test.
 */

const scenario = defineScenario({
  name: 'checker-unit',
  description: 'A tiny world for the shard checker unit tests',
  start: '2026-01-01T00:00:00.000Z',
  days: 30,
});

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const h = (hours: number) => T0 + hours * HOUR_MS;

const ACCEPTED: EventAnswer = { accepted: true };
const rejectedBy = (rule?: string): EventAnswer =>
  rule === undefined ? { accepted: false } : { accepted: false, rule };
const all = (events: readonly AffEvent[], answer: EventAnswer = ACCEPTED) => events.map(() => answer);

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

/** A one-day shard: the seller timeline, then `buyer` with `answers` (all accepted when absent). */
function checkerWith(
  buyer: readonly AffEvent[],
  answers: readonly EventAnswer[] = all(buyer),
  countsSeller = true,
) {
  const checker = new ShardChecker(scenario, countsSeller);
  checker.day(SELLER, all(SELLER), buyer, answers);
  return checker;
}

function resultOf(checker: ShardChecker): RunResult {
  return checker.accumulator.result(
    {
      affsim: { version: 'test' },
      scenario: { name: scenario.name, description: scenario.description },
      seed: 1,
      shards: { count: 2, indexes: [0] },
      target: 'hand-written',
      compared: [...checker.compared],
      policy: scenario.policy,
    },
    [],
    { wallMs: 0, eventsPerSecond: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 } },
  );
}

/**
 * o1: b1 clicks through a1 into s1 at T0+1h, orders p1 for 100.00 at T0+2h. R8: credited to a1,
 * clickAt T0+1h; R6: window ends 15 days later; R10: default rate 500 bps; R13: 10 000 × 500 /
 * 10 000 = 500; R12: not completed, so pending.
 */
const O1_EVENTS: readonly AffEvent[] = [click('c1', h(1)), order('o1', h(2), 'o1', { p1: 10_000 })];
const O1_DECISION: DecisionJson = {
  orderId: 'o1',
  attributed: true,
  reason: null,
  affiliateId: 'a1',
  clickAt: '2026-01-01T01:00:00.000Z',
  windowEndsAt: '2026-01-16T01:00:00.000Z',
  status: 'pending',
  commissionCents: 500,
  lines: [
    {
      productId: 'p1',
      amountCents: 10_000,
      refundedCents: 0,
      rateBps: 500,
      tier: 'default',
      commissionCents: 500,
    },
  ],
};

describe('ShardChecker', () => {
  it('finds no violation when every answer and decision is the rule book’s', () => {
    const checker = checkerWith(O1_EVENTS);
    expect(checker.takeTouchedOrders()).toEqual(['o1']);
    expect(checker.takeTouchedOrders()).toEqual([]);
    checker.compareDecisions(['o1'], [O1_DECISION], false);
    checker.compareDecisions(checker.orderIds(), [O1_DECISION], true);
    expect(checker.violationCount).toBe(0);
    expect(checker.keptViolations()).toEqual([]);
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

  it('takes an order in a store that never joined as accepted (R9: not attributed, store-not-member)', () => {
    const checker = checkerWith([order('o2', h(2), 'o2', { q1: 2_000 }, 's2')]);
    checker.compareDecisions(
      ['o2'],
      [
        {
          orderId: 'o2',
          attributed: false,
          reason: 'store-not-member',
          affiliateId: null,
          clickAt: null,
          windowEndsAt: null,
          status: 'not-attributed',
          commissionCents: 0,
          lines: [
            {
              productId: 'q1',
              amountCents: 2_000,
              refundedCents: 0,
              rateBps: null,
              tier: null,
              commissionCents: 0,
            },
          ],
        },
      ],
      true,
    );
    expect(checker.violationCount).toBe(0);
  });

  it('applies a day in time order across the seller and buyer lists', () => {
    // s3 joins at T0+10h, after b1's click at T0+5h: the click does not qualify (R5), so the order
    // at T0+12h, in a member store, has no qualifying click (R9: no-click).
    const checker = new ShardChecker(scenario, true);
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
      [
        {
          orderId: 'o3',
          attributed: false,
          reason: 'no-click',
          affiliateId: null,
          clickAt: null,
          windowEndsAt: null,
          status: 'not-attributed',
          commissionCents: 0,
          lines: [
            {
              productId: 'r1',
              amountCents: 5_000,
              refundedCents: 0,
              rateBps: null,
              tier: null,
              commissionCents: 0,
            },
          ],
        },
      ],
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
    expect(checker.keptViolations()).toEqual([
      {
        violation: {
          rules: ['R16'],
          kind: 'answer',
          subject: 'c-ghost',
          fields: ['outcome'],
          model: { outcome: 'rejected', rule: 'R16' },
          platform: { outcome: 'accepted' },
          historyFile: '',
          replay: '',
        },
        subject: { storeId: 's1', buyerId: 'b1', untilMs: h(3) },
      },
    ]);
    expect(resultOf(checker).daily[0]?.violations).toBe(1);
  });

  it('reports a rejection the model accepts, and an order in an unknown store accepted (R16)', () => {
    const checker = checkerWith(
      [click('c1', h(1)), order('o9', h(2), 'o9', { z1: 100 }, 's9')],
      [rejectedBy('R5'), ACCEPTED],
    );
    expect(checker.keptViolations().map((k) => k.violation)).toEqual([
      {
        rules: ['R5'],
        kind: 'answer',
        subject: 'c1',
        fields: ['outcome'],
        model: { outcome: 'accepted' },
        platform: { outcome: 'rejected', rule: 'R5' },
        historyFile: '',
        replay: '',
      },
      {
        rules: ['R16'],
        kind: 'answer',
        subject: 'o9',
        fields: ['outcome'],
        model: { outcome: 'rejected', rule: 'R16' },
        platform: { outcome: 'accepted' },
        historyFile: '',
        replay: '',
      },
    ]);
    // The model never created o9, so there is no decision of it to read.
    expect(checker.orderIds()).toEqual([]);
  });

  it('reports a rejection with another rule id as a difference in the rule only', () => {
    const ghost = click('c-ghost', h(3), { affiliateId: 'ghost' });
    const checker = checkerWith([ghost], [rejectedBy('R5')]);
    expect(checker.keptViolations().map((k) => k.violation)).toEqual([
      {
        rules: ['R16', 'R5'],
        kind: 'answer',
        subject: 'c-ghost',
        fields: ['rule'],
        model: { outcome: 'rejected', rule: 'R16' },
        platform: { outcome: 'rejected', rule: 'R5' },
        historyFile: '',
        replay: '',
      },
    ]);
  });

  it('takes a rejection that names no rule as agreeing with any rule', () => {
    const checker = checkerWith([click('c-ghost', h(3), { affiliateId: 'ghost' })], [rejectedBy()]);
    expect(checker.violationCount).toBe(0);
  });

  it('counts a violation with no history subject (an affiliate registration) without keeping it', () => {
    // R16: an affiliate id registered twice is rejected; the platform accepted it.
    const again: AffEvent = {
      id: 'w-a1-again',
      type: 'affiliate.registered',
      at: h(1),
      affiliateId: 'a1',
      channel: 'blog',
    };
    const checker = new ShardChecker(scenario, true);
    checker.day([...SELLER, again], all([...SELLER, again]), [], []);
    expect(checker.violationCount).toBe(1);
    expect(checker.keptViolations()).toEqual([]);
  });

  it('reports a decision differing in commission once, with the differing fields and R13', () => {
    // R13, half-up: 100.10 × 500 / 10 000 = 5.005 → 501 cents; the platform floored to 500.
    const checker = checkerWith([click('c1', h(1)), order('o1', h(2), 'o1', { p1: 10_010 })]);
    const model: DecisionJson = {
      ...O1_DECISION,
      commissionCents: 501,
      lines: [
        {
          productId: 'p1',
          amountCents: 10_010,
          refundedCents: 0,
          rateBps: 500,
          tier: 'default',
          commissionCents: 501,
        },
      ],
    };
    const floored: DecisionJson = {
      ...model,
      commissionCents: 500,
      lines: [{ ...(model.lines[0] as DecisionJson['lines'][number]), commissionCents: 500 }],
    };
    checker.compareDecisions(checker.takeTouchedOrders(), [floored], false);
    checker.compareDecisions(checker.orderIds(), [floored], true);
    expect(checker.violationCount).toBe(1);
    expect(checker.keptViolations()).toEqual([
      {
        violation: {
          rules: ['R13'],
          kind: 'decision',
          subject: 'o1',
          fields: ['commissionCents', 'lines[0].commissionCents'],
          model,
          platform: floored,
          historyFile: '',
          replay: '',
        },
        subject: { storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: h(2) },
      },
    ]);
    // The final comparison feeds the result with the platform's decision, not the model's.
    expect(resultOf(checker).commission.totalCents).toBe(500);
  });

  it('reports a decision the platform does not have as (missing), R16', () => {
    const checker = checkerWith(O1_EVENTS);
    checker.compareDecisions(['o1'], [null], true);
    expect(checker.keptViolations().map((k) => [k.violation.fields, k.violation.rules])).toEqual([
      [['(missing)'], ['R16']],
    ]);
  });

  it('keeps the history subject up to the order’s latest event', () => {
    // A completion at T0+30h moves the order's last instant; it is touched again that day.
    const checker = checkerWith(O1_EVENTS);
    checker.takeTouchedOrders();
    const complete: AffEvent = { id: 'done-o1', type: 'order.completed', at: h(30), orderId: 'o1' };
    checker.day([], [], [complete], [ACCEPTED]);
    expect(checker.takeTouchedOrders()).toEqual(['o1']);
    checker.compareDecisions(['o1'], [{ ...O1_DECISION, status: 'pending' }], true);
    // R12: completed, so payable; the platform still says pending.
    const [kept] = checker.keptViolations();
    expect(kept?.violation.fields).toEqual(['status']);
    expect(kept?.violation.rules).toEqual(['R12', 'R14']);
    expect(kept?.subject).toEqual({ storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: h(30) });
  });

  it(`keeps exactly the first ${VIOLATIONS_KEPT_MAX} violations in canonical order, counting all`, () => {
    expect(VIOLATIONS_KEPT_MAX).toBe(50);
    // 120 clicks by unregistered affiliates (R16), all accepted; sent with ids counting down, so
    // the canonical order (by subject: the event id) is the reverse of the sending order.
    const ids = Array.from({ length: 120 }, (_, i) => `x${String(119 - i).padStart(3, '0')}`);
    const clicks = ids.map((id, i) => click(id, h(1) + i, { affiliateId: `ghost-${id}` }));
    const checker = checkerWith(clicks, all(clicks));
    expect(checker.violationCount).toBe(120);
    const kept = checker.keptViolations();
    expect(kept.map((k) => k.violation.subject)).toEqual(
      Array.from({ length: 50 }, (_, i) => `x${String(i).padStart(3, '0')}`),
    );
    // x000 was sent last, at T0+1h+119ms.
    expect(kept[0]?.subject).toEqual({ storeId: 's1', buyerId: 'b1', untilMs: h(1) + 119 });
    expect(resultOf(checker).daily[0]?.violations).toBe(120);
  });

  it('does not count the seller events of a shard other than 0, nor check their answers', () => {
    // The platform wrongly rejects s1's join (R1 allows it); the day's buyer traffic is o1's.
    const sellerAnswers = [ACCEPTED, ACCEPTED, ACCEPTED, rejectedBy('R1')];
    const run = (countsSeller: boolean) => {
      const checker = new ShardChecker(scenario, countsSeller);
      checker.day(SELLER, sellerAnswers, O1_EVENTS, all(O1_EVENTS));
      return checker;
    };
    const other = run(false);
    expect(other.violationCount).toBe(0);
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
    expect(other.violationCount).toBe(0);

    const first = run(true);
    expect(resultOf(first).events).toEqual({
      sent: 6,
      accepted: 5,
      repeats: 0,
      rejectedByRule: { R1: 1 },
      rejectedNoRule: 0,
      unsupported: 0,
    });
    expect(first.keptViolations().map((k) => [k.violation.subject, k.violation.fields])).toEqual([
      ['w-join', ['outcome']],
    ]);
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
    expect(wrong.keptViolations().map((k) => [k.violation.subject, k.violation.fields])).toEqual([
      ['c1', ['outcome']],
    ]);
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
      lines: [
        { ...(O1_DECISION.lines[0] as DecisionJson['lines'][number]), amountCents, rateBps, commissionCents },
      ],
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
  });

  it('counts an order already violated earlier once more at the end, for the money', () => {
    const checker = checkerWith(events);
    checker.compareDecisions(['o1', 'o2'], [paid('o1', 6_000, 1_000, 600), null], false);
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
  });

  describe('with a target that compares only some fields (defineTarget `compare`)', () => {
    const compare = ['attributed', 'affiliateId', 'commissionCents'] as const;
    const narrow = () => {
      const checker = new ShardChecker(scenario, true, compare);
      checker.day(SELLER, all(SELLER), O1_EVENTS, all(O1_EVENTS));
      return checker;
    };

    it('finds no violation in a decision that differs only in a field not compared', () => {
      const checker = narrow();
      expect(checker.compared).toEqual(['attributed', 'affiliateId', 'commissionCents']);
      checker.compareDecisions(['o1'], [{ ...O1_DECISION, windowEndsAt: '2026-01-31T01:00:00.000Z' }], false);
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
      expect(wrong.keptViolations().map((k) => k.violation.fields)).toEqual([['commissionCents']]);
      const missing = narrow();
      missing.compareDecisions(['o1'], [{ attributed: true, commissionCents: 500 }], true);
      expect(missing.keptViolations().map((k) => k.violation.fields)).toEqual([['affiliateId']]);
    });
  });

  it('applies an unsupported event (marker answer) to the model without comparing or counting it as sent', () => {
    // a1's registration was not sent (the target does not take it): the marker answer says so. The
    // model still registered a1, so o1 is credited to a1 (R8) as with every event sent.
    const UNSUPPORTED: EventAnswer = { accepted: true, unsupported: true };
    const answers = SELLER.map((e) => (e.type === 'affiliate.registered' ? UNSUPPORTED : ACCEPTED));
    const checker = new ShardChecker(scenario, true);
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
