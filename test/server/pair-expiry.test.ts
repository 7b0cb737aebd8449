import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { UNBOUNDED_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine, type Engine } from '../../server/engine/engine.js';
import { EXPIRED_CHAIN, PairTable } from '../../server/engine/pair-table.js';
import { type Decision, toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, type Policy, withOverrides } from '../../sim/domain/policy.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { deliverWithBuyerLag, parseRawEvents } from './_delivery.js';
import { click, order, pairStepArb, pairStepEvents, setup, T0 } from './_pair-world.js';

/**
 * Why: pair expiry (issue 12 part 2) drops a (buyer, store) window chain once it can no longer
 * matter (R6: a later click starts a new chain; R9: a later order is `window-expired`). The live
 * pair count must fall back while decisions stay exactly the model's, also with long gaps between
 * clicks and orders around the window's end, under both credits and both day boundaries.
 */
function run(events: readonly AffEvent[], policy: Policy, pairExpiryLagMs: number | undefined): Engine {
  const engine = createEngine(policy, undefined, UNBOUNDED_CAPACITY, { pairExpiryLagMs });
  for (const e of events) engine.submit(e);
  return engine;
}

const json = (decisions: Iterable<Decision>) =>
  Object.fromEntries([...decisions].map((d) => [d.orderId, toDecisionJson(d)]));

function expectEngineEqualsModel(events: readonly AffEvent[], policy: Policy, lagMs: number): Engine {
  const engine = run(events, policy, lagMs);
  expect(json(engine.decisions())).toEqual(json(evaluateHistory(events, policy).decisions));
  expect(engine.stats().lateBuyerEvents).toBe(0);
  return engine;
}

describe('pair expiry (issue 12)', () => {
  test('PairTable: a chain past its window and the lag is dropped; the pair still reads as clicked', () => {
    const table = new PairTable({ expiryLagMs: DAY_MS });
    const chain = (at: number) => ({
      firstAtMs: at,
      firstAffiliateId: 'a1',
      latestAtMs: at,
      latestAffiliateId: 'a2',
      windowEndsAtMs: at + 15 * DAY_MS,
    });
    for (let i = 0; i < 1000; i += 1) table.add(`s${i % 3}`, `b${i}`, chain(T0 + i * 60_000));
    table.advance(T0 + 16 * DAY_MS - 1);
    expect(table.size).toBe(1000);
    table.advance(T0 + 18 * DAY_MS);
    expect(table.size).toBe(0);
    expect(table.expiredSize).toBe(1000);
    expect(table.chainOf('s1', 'b1')).toBe(EXPIRED_CHAIN);
    expect(table.chainOf('s0', 'b1')).toBeUndefined();
    // A new chain of an expired pair is live again and no longer counted as expired.
    table.add('s1', 'b1', chain(T0 + 18 * DAY_MS));
    expect(table.chainOf('s1', 'b1')).toEqual(chain(T0 + 18 * DAY_MS));
    expect([table.size, table.expiredSize]).toEqual([1, 999]);
  });

  test('PairTable: a restarted window is refiled, not dropped at its old end', () => {
    const table = new PairTable({ expiryLagMs: 0 });
    const chain = (first: number, latest: number) => ({
      firstAtMs: first,
      firstAffiliateId: 'a1',
      latestAtMs: latest,
      latestAffiliateId: 'a1',
      windowEndsAtMs: latest + 2 * DAY_MS,
    });
    table.add('s', 'b', chain(T0, T0));
    table.set(table.row('s', 'b'), chain(T0, T0 + DAY_MS));
    table.advance(T0 + 2 * DAY_MS + 1);
    expect(table.chainOf('s', 'b')).toEqual(chain(T0, T0 + DAY_MS));
    table.advance(T0 + 4 * DAY_MS);
    expect(table.chainOf('s', 'b')).toBe(EXPIRED_CHAIN);
  });

  test('a long history: the live pair count falls back while decisions equal the model', () => {
    // 60 days; each day 40 new buyers click into one of 5 stores, and each buyer orders at a
    // gap around the 15-day window's end (inside, on it, after it). Nothing clicks after day 60.
    const events = setup(5, 3);
    const gaps = [DAY_MS, 15 * DAY_MS - 1, 15 * DAY_MS, 15 * DAY_MS + 1, 30 * DAY_MS];
    const buyerEvents: AffEvent[] = [];
    for (let day = 0; day < 60; day += 1) {
      for (let k = 0; k < 40; k += 1) {
        const b = day * 40 + k;
        const at = T0 + day * DAY_MS + k * 1000;
        buyerEvents.push(click(`c${b}`, at, b, b % 5, b % 3));
        buyerEvents.push(order(`o${b}`, at + (gaps[b % gaps.length] as number), b, b % 5));
      }
    }
    buyerEvents.sort((x, y) => x.at - y.at);
    const all = [...events, ...buyerEvents];
    const engine = expectEngineEqualsModel(all, DEFAULT_POLICY, DAY_MS);
    const live: number[] = [];
    const probe = run([], DEFAULT_POLICY, DAY_MS);
    for (const e of all) {
      probe.submit(e);
      live.push(probe.stats().pairs);
    }
    const peak = Math.max(...live);
    // Live pairs are those of the last ~16 days (window + lag + a day's granularity), not all 2 400.
    expect(peak).toBeLessThanOrEqual(18 * 40);
    expect(live.at(-1)).toBeLessThan(peak);
    expect(engine.stats().expiredPairs + engine.stats().pairs).toBe(2400);
    // Without expiry every pair stays.
    expect(run(all, DEFAULT_POLICY, undefined).stats().pairs).toBe(2400);
    // Reasons survive the drop: orders after the window are window-expired, not no-click.
    const reasons = new Set([...engine.decisions()].map((d) => toDecisionJson(d).reason));
    expect(reasons).toEqual(new Set([null, 'window-expired']));
  });

  test('long gaps between clicks and orders around the window boundary: engine with expiry = model', () => {
    fc.assert(
      fc.property(
        fc.array(pairStepArb, { minLength: 1, maxLength: 30 }),
        fc.record({
          windowDays: fc.constantFrom(1, 2, 7),
          credit: fc.constantFrom('last-click', 'first-click'),
          dayBoundary: fc.constantFrom('exact', 'calendar'),
          postWithdrawalOrders: fc.constantFrom('uncharged', 'honor-click-window'),
        }),
        fc.constantFrom(0, 1, DAY_MS),
        (steps, overrides, lagMs) => {
          const policy = withOverrides(DEFAULT_POLICY, overrides as Partial<Policy>);
          const events = pairStepEvents(steps, policy.windowDays);
          expectEngineEqualsModel(events, policy, lagMs);
        },
      ),
      fcParams(300),
    );
  });

  test('buyers lagging each other by up to the expiry lag (guarantee 4): engine with expiry = model', () => {
    const LAG_MS = 3 * DAY_MS;
    fc.assert(
      fc.property(
        fc.array(pairStepArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(1, 2),
        fc.array(fc.constantFrom(0, 1, DAY_MS, LAG_MS - 1, LAG_MS), { minLength: 3, maxLength: 3 }),
        fc.constantFrom('last-click', 'first-click'),
        (steps, windowDays, buyerLags, credit) => {
          const policy = withOverrides(DEFAULT_POLICY, { windowDays, credit });
          const events = pairStepEvents(steps, windowDays);
          const arrival = deliverWithBuyerLag(
            events,
            (buyerId) => buyerLags[Number(buyerId.slice(1))] as number,
          );
          expectEngineEqualsModel(arrival, policy, LAG_MS);
        },
      ),
      fcParams(300),
    );
  });

  test('histories biased to window and membership edges, in time order: engine with expiry = model', () => {
    fc.assert(
      fc.property(historyArb(), fc.constantFrom(0, DAY_MS), (history, lagMs) => {
        const policy = withOverrides(DEFAULT_POLICY, history.policy);
        const events = [...parseRawEvents(history.events)].sort((a, b) => a.at - b.at);
        expectEngineEqualsModel(events, policy, lagMs);
      }),
      fcParams(300),
    );
  });

  test('a buyer event later than the lag bound is counted (guarantee 4), not silently taken as exact', () => {
    const events = setup(1, 1);
    events.push(click('c0', T0 + 1000, 0, 0, 0), click('c1', T0 + 40 * DAY_MS, 1, 0, 0));
    // Buyer 0's order 20 days behind buyer 1's click: outside a one-day lag.
    events.push(order('o0', T0 + 20 * DAY_MS, 0, 0));
    const engine = run(events, DEFAULT_POLICY, DAY_MS);
    expect(engine.stats().lateBuyerEvents).toBe(1);
    expect(engine.stats().expiredPairs).toBe(1);
  });

  test('a late click or order whose pair expired is refused, nothing applied, its id free (R17); one of a live pair is taken', () => {
    const engine = run(setup(1, 1), DEFAULT_POLICY, DAY_MS);
    for (const e of [click('c0', T0 + 1000, 0, 0, 0), click('c1', T0 + 40 * DAY_MS, 1, 0, 0)]) {
      expect(engine.submit(e).outcome?.kind).toBe('accepted');
    }
    const horizonMs = T0 + 39 * DAY_MS;
    // Inside buyer 0's window (it ended at day 15): the model credits a0, the engine no longer knows.
    const lateOrder = order('o0', T0 + 10 * DAY_MS, 0, 0);
    const answer = engine.submit(lateOrder);
    expect(answer).toEqual({ late: { horizonMs, lagMs: DAY_MS }, repeat: false });
    expect(engine.decision('o-o0')).toBeUndefined();
    const ids = engine.stats().eventIds;
    // Sent again, it is refused again, not answered as a repeat: the id was not taken.
    expect(engine.submit(lateOrder)).toEqual(answer);
    expect(engine.stats().eventIds).toBe(ids);
    expect(engine.submit(click('c2', T0 + 2 * DAY_MS, 0, 0, 0)).late).toBeDefined();
    // Buyer 2 never clicked: a late order of its pair is decided exactly (no-click), only counted.
    const fresh = engine.submit(order('o2', T0 + 10 * DAY_MS, 2, 0));
    expect(fresh.outcome?.kind).toBe('accepted');
    expect(engine.decision('o-o2')?.attributed).toBe(false);
    // Buyer 1's live pair, in time: taken and credited.
    expect(engine.submit(order('o1', T0 + 40 * DAY_MS + 1, 1, 0)).outcome?.kind).toBe('accepted');
    expect(engine.decision('o-o1')?.attributed).toBe(true);
    expect(engine.stats().lateBuyerEvents).toBe(4);
    // Without expiry the same late order is taken and credited, as the model does.
    const keeps = run(
      [...setup(1, 1), click('c0', T0 + 1000, 0, 0, 0), click('c1', T0 + 40 * DAY_MS, 1, 0, 0)],
      DEFAULT_POLICY,
      undefined,
    );
    expect(keeps.submit(lateOrder).outcome?.kind).toBe('accepted');
    expect(keeps.decision('o-o0')).toMatchObject({ attributed: true, affiliateId: 'a0' });
  });
});
