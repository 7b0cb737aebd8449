import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { IdLedger } from '../../sim/model/id-ledger.js';
import { FORGOTTEN_CHAIN, ReferenceModel } from '../../sim/model/reference-model.js';
import type { Outcome } from '../../sim/model/state.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { readGenerated } from './_property-harness.js';

/**
 * Why: the checker has the model forget ended windows (issue 12), and the model is the
 * specification, so forgetting must not change a single answer or decision. Two models take the
 * same generated history (ids in recording order, events in time order); one forgets its ended
 * chains at drawn points. Every outcome (an order's effect compared by whether it had a chain) and
 * every decision must be the same, and the forgotten chains read as FORGOTTEN_CHAIN only.
 */

function inTimeOrder(events: readonly AffEvent[]): AffEvent[] {
  const ledger = new IdLedger();
  const fresh = events.filter((e) => ledger.admit(e).kind === 'new');
  return fresh
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);
}

/** An outcome with an order's chain reduced to whether there was one, and its latest click if not forgotten. */
function comparable(outcome: Outcome, forgotten: boolean): unknown {
  if (outcome.kind !== 'accepted' || outcome.effect.type !== 'order-created') return outcome;
  const { chain, ...rest } = outcome.effect;
  return { ...rest, chain: chain !== undefined, latestAtMs: forgotten ? undefined : chain?.latest.atMs };
}

describe('ReferenceModel.forgetEndedChains', () => {
  it('changes no outcome and no decision: a forgotten chain is an ended window (R6, R9, R11)', () => {
    // Histories in which something was forgotten and an order then met a forgotten chain.
    let forgetting = 0;
    let ordersOnForgotten = 0;
    fc.assert(
      fc.property(historyArb(), fc.array(fc.boolean(), { maxLength: 60 }), (history, forgetAfter) => {
        const { policy, events } = readGenerated(history);
        const whole = new ReferenceModel(policy);
        const forgetful = new ReferenceModel(policy);
        let forgot = 0;
        inTimeOrder(events).forEach((event, i) => {
          const expected = whole.apply(event);
          const actual = forgetful.apply(event);
          const forgottenChain =
            actual.kind === 'accepted' &&
            actual.effect.type === 'order-created' &&
            actual.effect.chain === FORGOTTEN_CHAIN;
          expect(comparable(actual, forgottenChain)).toEqual(comparable(expected, forgottenChain));
          if (forgottenChain) ordersOnForgotten += 1;
          if (forgottenChain && expected.kind === 'accepted' && expected.effect.type === 'order-created') {
            // Only a chain whose window had ended before the order can have been forgotten.
            expect(event.at).toBeGreaterThanOrEqual(expected.effect.chain?.windowEndsAtMs ?? Number.NaN);
          }
          if (forgetAfter[i % Math.max(forgetAfter.length, 1)]) {
            // Past the model's time counts as its time: nothing still open may be forgotten.
            forgetful.forgetEndedChains(event.at + (i % 3) * 86_400_000);
            forgot += 1;
          }
        });
        const decisions = (m: ReferenceModel) => [...m.decisions()].map(toDecisionJson);
        expect(decisions(forgetful)).toEqual(decisions(whole));
        const before = whole.chainCount;
        const after = forgetful.chainCount;
        expect(after.live + after.forgotten).toBe(before.live);
        if (forgot === 0) expect(after.forgotten).toBe(0);
        if (after.forgotten > 0) forgetting += 1;
      }),
      fcParams(200),
    );
    // The property is not vacuous: chains were forgotten, and orders met them.
    expect(forgetting).toBeGreaterThan(0);
    expect(ordersOnForgotten).toBeGreaterThan(0);
  });

  it('keeps an open window and forgets an ended one (R6), which then reads window-expired (R9)', () => {
    const T0 = Date.parse('2026-01-01T00:00:00.000Z');
    const DAY = 86_400_000;
    const model = new ReferenceModel({ ...DEFAULT_POLICY, windowDays: 2 });
    const seller: AffEvent[] = [
      {
        id: 's',
        type: 'store.registered',
        at: T0,
        storeId: 's1',
        products: [{ productId: 'p1', categoryId: 'c1' }],
      },
      { id: 'a', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'sns' },
      { id: 'j', type: 'store.joined', at: T0, storeId: 's1', defaultRateBps: 500 },
    ];
    for (const e of seller) model.apply(e);
    const click = (id: string, buyerId: string, at: number): AffEvent => ({
      id,
      type: 'click',
      at,
      buyerId,
      affiliateId: 'a1',
      storeId: 's1',
      channel: 'sns',
    });
    model.apply(click('c1', 'b1', T0));
    model.apply(click('c2', 'b2', T0 + DAY));
    // b1's window ends at T0 + 2 days, b2's at T0 + 3 days: at T0 + 2 days only b1's has ended.
    model.apply(click('c3', 'b3', T0 + 2 * DAY));
    model.forgetEndedChains(T0 + 2 * DAY);
    expect(model.chainCount).toEqual({ live: 2, forgotten: 1 });
    const order = (id: string, buyerId: string, at: number): AffEvent => ({
      id,
      type: 'order.created',
      at,
      orderId: id,
      buyerId,
      storeId: 's1',
      lines: [{ productId: 'p1', amountCents: 1_000 }],
    });
    model.apply(order('o1', 'b1', T0 + 2 * DAY + 1));
    model.apply(order('o2', 'b2', T0 + 2 * DAY + 1));
    model.apply(order('o4', 'b4', T0 + 2 * DAY + 1));
    expect(model.decision('o1')).toMatchObject({ attributed: false, reason: 'window-expired' });
    expect(model.decision('o2')).toMatchObject({ attributed: true, affiliateId: 'a1' });
    expect(model.decision('o4')).toMatchObject({ attributed: false, reason: 'no-click' });
    // A new click of a forgotten pair starts a chain of its own (R6).
    model.apply(click('c5', 'b1', T0 + 2 * DAY + 2));
    expect(model.chainCount).toEqual({ live: 3, forgotten: 0 });
  });
});
