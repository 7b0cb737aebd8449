import { describe, expect, it } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { CLICKS_PER_BUYER_MAX, CreditedClicks } from '../../sim/run/credited-click.js';

/**
 * Naming the click a platform credited wrongly, with hand-worked cases under the default policy
 * (RULES.md: 15-day windows, `exact` days, last-click). The order is b1's in s1 at day 10.
 */
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const d = (days: number) => T0 + days * DAY;
const ORDER = { storeId: 's1', buyerId: 'b1', createdAtMs: d(10) };

const decision = (affiliateId: string | null): DecisionJson => ({
  orderId: 'o1',
  attributed: affiliateId !== null,
  reason: affiliateId === null ? 'no-click' : null,
  affiliateId,
  clickAt: null,
  windowEndsAt: null,
  status: affiliateId === null ? 'not-attributed' : 'pending',
  commissionCents: 0,
  lines: [],
});

function clicks(
  ...list: [id: string, affiliateId: string, storeId: string, day: number, qualifying?: boolean][]
) {
  const c = new CreditedClicks(DEFAULT_POLICY);
  for (const [id, affiliateId, storeId, day, qualifying = true] of list)
    c.click('b1', { id, affiliateId, storeId, atMs: d(day), qualifying });
  return c;
}

describe('CreditedClicks: which click a platform credited, and the rule it breaks', () => {
  it('R7: the credited affiliate clicked only into another store', () => {
    const c = clicks(['k1', 'a1', 's1', 2], ['k2', 'a2', 's2', 8]);
    expect(c.cause(ORDER, decision('a1'), decision('a2'))).toMatchObject({
      kind: 'field',
      field: 'credited click',
      rule: 'R7',
      text: expect.stringContaining("b1's click k2 into s2, another store"),
    });
    // The model credits no one (no click into s1 at all) and the platform a2: the same cause.
    const none = clicks(['k2', 'a2', 's2', 8]);
    expect(none.cause(ORDER, decision(null), decision('a2'))?.rule).toBe('R7');
  });

  it('R5: the credited click was made while the store was not a member (and no other store explains it)', () => {
    const c = clicks(['k1', 'a1', 's1', 2, false]);
    expect(c.cause(ORDER, decision(null), decision('a1'))?.rule).toBe('R5');
  });

  it('R6: the credited click of this store had its window end before the order (day 1 + 15 = day 16 < day 20)', () => {
    const c = clicks(['k1', 'a1', 's1', 1]);
    const late = { ...ORDER, createdAtMs: d(20) };
    expect(c.cause(late, decision(null), decision('a1'))).toMatchObject({
      rule: 'R6',
      text: expect.stringContaining('ended at 2026-01-17T00:00:00.000Z'),
    });
    // Exactly at the window's end is already outside it (R6: half-open).
    const atEnd = { ...ORDER, createdAtMs: d(16) };
    expect(c.cause(atEnd, decision(null), decision('a1'))?.rule).toBe('R6');
    const justBefore = { ...ORDER, createdAtMs: d(16) - 1 };
    expect(c.cause(justBefore, decision(null), decision('a1'))).toBeUndefined();
  });

  it('R8: a valid click of this store, but not the latest: last-click credits the later one', () => {
    const c = clicks(['k1', 'a1', 's1', 2], ['k2', 'a2', 's1', 5]);
    expect(c.cause(ORDER, decision('a2'), decision('a1'))?.rule).toBe('R8');
  });

  it('prefers another store’s open window over this store’s unqualified click', () => {
    const c = clicks(['k1', 'a1', 's1', 2, false], ['k2', 'a1', 's2', 6]);
    expect(c.cause(ORDER, decision(null), decision('a1'))?.rule).toBe('R7');
  });

  it('says nothing when the platform credits the model’s affiliate, no one, or someone with no known click', () => {
    const c = clicks(['k1', 'a1', 's1', 2]);
    expect(c.cause(ORDER, decision('a1'), decision('a1'))).toBeUndefined();
    expect(c.cause(ORDER, decision('a1'), decision(null))).toBeUndefined();
    expect(c.cause(ORDER, decision('a1'), decision('a9'))).toBeUndefined();
    // A click after the order cannot have been credited for it.
    const after = clicks(['k3', 'a3', 's2', 11]);
    expect(after.cause(ORDER, decision(null), decision('a3'))).toBeUndefined();
  });

  it(`keeps at most ${CLICKS_PER_BUYER_MAX} clicks per buyer, and none older than a window and a day`, () => {
    const c = new CreditedClicks(DEFAULT_POLICY);
    // a-old's click into s2 at day 0 is pushed out by 16 later clicks of others.
    c.click('b1', { id: 'old', affiliateId: 'a-old', storeId: 's2', atMs: d(0), qualifying: true });
    for (let i = 0; i < CLICKS_PER_BUYER_MAX; i += 1)
      c.click('b1', { id: `k${i}`, affiliateId: `a${i}`, storeId: 's3', atMs: d(1) + i, qualifying: true });
    expect(c.cause({ ...ORDER, createdAtMs: d(2) }, decision(null), decision('a-old'))).toBeUndefined();
    expect(c.cause({ ...ORDER, createdAtMs: d(2) }, decision(null), decision('a0'))?.rule).toBe('R7');
    // 16 days after them, a new click of the buyer drops them all (window 15 days + 1).
    c.click('b1', {
      id: 'new',
      affiliateId: 'a-new',
      storeId: 's3',
      atMs: d(1) + 16 * DAY + 100,
      qualifying: true,
    });
    expect(c.cause({ ...ORDER, createdAtMs: d(17) + 200 }, decision(null), decision('a0'))).toBeUndefined();
  });
});
