import { describe, expect, it } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { defineTarget, type PartialDecisionJson, readDecisions } from '../../sim/run/define-target.js';
import { type Replayer, replayHistory } from '../../sim/run/replay-history.js';
import { inProcessReplayer } from '../../sim/targets/in-process-platform.js';

/**
 * Replaying a history on affsim's own platform from a clean start (what shrinking does), and on a
 * wrapper of it that pays double. Expected decisions are worked out from RULES.md (default policy).
 */

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const h = (hours: number) => T0 + hours * HOUR_MS;

/**
 * Recorded as a run records it, a day's seller events before its buyer events: s1's default rate
 * goes to 900 bps at T0+48h, recorded before b1's traffic of T0+2h…T0+4h. s1's withdrawal at
 * T0+1h is refused by both (R2: before joinedAt + 15 days).
 */
const HISTORY: readonly AffEvent[] = [
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
  { id: 'w-a1', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'sns' },
  { id: 'w-join', type: 'store.joined', at: T0, storeId: 's1', defaultRateBps: 500 },
  { id: 'w-leave', type: 'store.withdrew', at: h(1), storeId: 's1' },
  { id: 'w-rate', type: 'store.defaultRateSet', at: h(48), storeId: 's1', rateBps: 900 },
  { id: 'c1', type: 'click', at: h(2), buyerId: 'b1', affiliateId: 'a1', storeId: 's1', channel: 'sns' },
  {
    id: 'o1',
    type: 'order.created',
    at: h(3),
    orderId: 'o1',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 10_000 }],
  },
  { id: 'done-o1', type: 'order.completed', at: h(4), orderId: 'o1' },
  {
    id: 'o2',
    type: 'order.created',
    at: h(50),
    orderId: 'o2',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p2', amountCents: 2_000 }],
  },
];

/**
 * o1: credited to a1's click at T0+2h (R8), window 15 days (R6), the default rate at T0+3h, 500
 * bps (R10), 10 000 × 500 / 10 000 = 500 (R13), completed: payable (R12). o2 at T0+50h: still in
 * that window, the default rate then 900 bps, 2 000 × 900 / 10 000 = 180, pending.
 */
const CLICK = { attributed: true, reason: null, affiliateId: 'a1' } as const;
const WINDOW = { clickAt: '2026-01-01T02:00:00.000Z', windowEndsAt: '2026-01-16T02:00:00.000Z' } as const;
const DECISIONS: DecisionJson[] = [
  {
    orderId: 'o1',
    ...CLICK,
    ...WINDOW,
    status: 'payable',
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
  },
  {
    orderId: 'o2',
    ...CLICK,
    ...WINDOW,
    status: 'pending',
    commissionCents: 180,
    lines: [
      {
        productId: 'p2',
        amountCents: 2_000,
        refundedCents: 0,
        rateBps: 900,
        tier: 'default',
        commissionCents: 180,
      },
    ],
  },
];

/** inProcessReplayer's platform, its decisions read back with every order's commission doubled. */
function payingDouble(inner: Replayer): Replayer {
  const double = (d: PartialDecisionJson | null): PartialDecisionJson | null =>
    d === null ? null : { ...d, commissionCents: (d.commissionCents ?? 0) * 2 };
  const target = defineTarget({
    ...inner.target,
    name: 'paying-double',
    readDecision: async (orderId, ctx) => double(await inner.target.readDecision(orderId, ctx)),
    readDecisions: async (orderIds, ctx) => (await readDecisions(inner.target, orderIds, ctx)).map(double),
  });
  return { target, ctx: inner.ctx, reset: () => inner.reset(), close: () => inner.close() };
}

describe('replayHistory', () => {
  it('finds no violation in a history the platform gets right', async () => {
    const replay = await replayHistory(HISTORY, DEFAULT_POLICY, inProcessReplayer(DEFAULT_POLICY));
    // Answers in the history's order: only the early withdrawal is refused (R2).
    expect(replay.answers.map((a) => (a.accepted ? 'accepted' : a.rule))).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'R2',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(replay.answers.every((a) => a.repeat !== true)).toBe(true);
    expect(replay.orderIds).toEqual(['o1', 'o2']);
    expect(replay.decisions).toEqual(DECISIONS);
    expect(replay.checker.accumulator).toBeUndefined();
    expect(replay.checker.violationCount).toBe(0);
    expect(replay.checker.violationGroups()).toEqual([]);
    expect(replay.checker.keptViolations()).toEqual([]);
  });

  it('starts from a clean platform every time: a second replay on the same replayer is the same', async () => {
    const replayer = inProcessReplayer(DEFAULT_POLICY);
    const first = await replayHistory(HISTORY, DEFAULT_POLICY, replayer);
    const second = await replayHistory(HISTORY, DEFAULT_POLICY, replayer);
    // Without the reset every event would come back as an R17 repeat, and the registrations of a
    // shorter history would be left over.
    expect(second.answers).toEqual(first.answers);
    expect(second.answers.every((a) => a.repeat !== true)).toBe(true);
    expect(second.decisions).toEqual(first.decisions);
    expect(second.checker.violationCount).toBe(0);
    const shorter = await replayHistory(HISTORY.slice(0, 7), DEFAULT_POLICY, replayer);
    expect(shorter.orderIds).toEqual(['o1']);
    expect(shorter.decisions).toEqual([{ ...DECISIONS[0], status: 'pending' }]);
    expect(shorter.checker.violationCount).toBe(0);
  });

  it('traces a platform that doubles every commission to commissionCents, R13, with the money at stake', async () => {
    const replayer = payingDouble(inProcessReplayer(DEFAULT_POLICY));
    const replay = await replayHistory(HISTORY, DEFAULT_POLICY, replayer);
    expect(replay.decisions.map((d) => d?.commissionCents)).toEqual([1_000, 360]);
    expect(replay.checker.violationCount).toBe(2);
    const groups = replay.checker.violationGroups();
    expect(groups).toEqual([
      {
        fingerprint: expect.any(String),
        kind: 'decision',
        rule: 'R13',
        fields: ['commissionCents'],
        cause: 'field',
        title: expect.any(String),
        count: 2,
        overpaidCents: 680, // (1 000 − 500) + (360 − 180)
        underpaidCents: 0,
      },
    ]);
    const kept = replay.checker.keptViolations();
    expect(kept.map((k) => k.violation.subject)).toEqual(['o1', 'o2']);
    for (const { violation } of kept) {
      expect(violation).toMatchObject({
        fingerprint: groups[0]?.fingerprint,
        kind: 'decision',
        fields: ['commissionCents'],
        rules: ['R13'],
        cause: { kind: 'field', rule: 'R13', field: 'commissionCents' },
      });
    }
    expect(kept.map((k) => (k.violation.model as DecisionJson).commissionCents)).toEqual([500, 180]);

    // The same platform, compared on fields it gets right only: no violation.
    const narrow = await replayHistory(HISTORY, DEFAULT_POLICY, replayer, [
      'attributed',
      'lines[].commissionCents',
    ]);
    expect(narrow.checker.violationCount).toBe(0);
  });
});
