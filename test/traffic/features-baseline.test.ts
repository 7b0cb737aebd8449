import { describe, expect, it } from 'vitest';
import baseline from '../../scenarios/baseline.js';
import { IN_SITE_CHANNELS } from '../../sim/domain/channels.js';
import type { Outcome } from '../../sim/model/state.js';
import {
  latestClickOfOrders,
  membershipChanges,
  ofType,
  timeOrdered,
  withdrawnAt,
} from './_history-facts.js';
import { accepted, rejectedWith, run, small } from './_small.js';

// Why: the issue lists the behaviour the simulator must generate; the reference model says what the rules made of it.
const r = run(small(baseline, { stores: 200, buyers: 5_000 }), 3);
const inSite = new Set<string>(IN_SITE_CHANNELS);

describe('baseline generates the behaviour of issue 5', () => {
  it('sellers join with default rates, set and remove main products, change rates (R1, R4)', () => {
    expect(accepted(r, 'store.joined').length).toBeGreaterThan(150);
    expect(accepted(r, 'store.mainProductSet').length).toBeGreaterThan(0);
    expect(accepted(r, 'store.mainProductRemoved').length).toBeGreaterThan(0);
    expect(accepted(r, 'store.defaultRateSet').length).toBeGreaterThan(0);
    expect(rejectedWith(r, 'R4').length).toBeGreaterThan(0);
  });

  it('sellers withdraw, some before minMembershipDays (R2), and rejoin, some inside the cooldown (R1)', () => {
    expect(accepted(r, 'store.withdrew').length).toBeGreaterThan(0);
    expect(rejectedWith(r, 'R2', 'store.withdrew').length).toBeGreaterThan(0);
    const rejoins = accepted(r, 'store.joined').filter((e) =>
      ofType(r.events, 'store.withdrew').some(
        (w) => w.storeId === (e as { storeId: string }).storeId && w.at < e.at,
      ),
    );
    expect(rejoins.length).toBeGreaterThan(0);
    const insideCooldown = rejectedWith(r, 'R1', 'store.joined').filter((e) => {
      const o = r.outcomes.get(e.id) as Outcome;
      return o.kind === 'rejected' && /may rejoin from/.test(o.message);
    });
    expect(insideCooldown.length).toBeGreaterThan(0);
  });

  it('buyers click through in-site and off-site channels, with and without a product', () => {
    const clicks = ofType(r.events, 'click');
    expect(clicks.some((c) => inSite.has(c.channel))).toBe(true);
    expect(clicks.some((c) => !inSite.has(c.channel))).toBe(true);
    expect(clicks.some((c) => c.productId === undefined)).toBe(true);
    expect(clicks.some((c) => c.productId !== undefined)).toBe(true);
    // Clicks name only registered stores, affiliates and products: none is refused (R16).
    expect(clicks.every((c) => (r.outcomes.get(c.id) as Outcome).kind === 'accepted')).toBe(true);
  });

  it('buyers re-click through the same and other affiliates (R6, R8)', () => {
    const previous = new Map<string, string>();
    let same = 0;
    let other = 0;
    for (const c of ofType(timeOrdered(r.events), 'click')) {
      const key = `${c.buyerId}|${c.storeId}`;
      const before = previous.get(key);
      if (before === c.affiliateId) same += 1;
      else if (before !== undefined) other += 1;
      previous.set(key, c.affiliateId);
    }
    expect(same).toBeGreaterThan(0);
    expect(other).toBeGreaterThan(0);
  });

  it('clicks qualify or not (R5), orders are attributed or not for every reason (R9)', () => {
    const effects = new Set(
      ofType(r.events, 'click').map((c) => {
        const o = r.outcomes.get(c.id) as Outcome;
        return o.kind === 'accepted' ? o.effect.type : 'rejected';
      }),
    );
    expect(effects).toEqual(new Set(['click-qualifying', 'click-not-qualifying']));
    const reasons = new Set(r.evaluation.decisions.map((d) => (d.attributed ? 'attributed' : d.reason)));
    expect(reasons).toEqual(new Set(['attributed', 'no-click', 'window-expired', 'store-not-member']));
  });

  it('orders multi-line baskets, cancel, get partial and full refunds, complete', () => {
    const orders = ofType(r.events, 'order.created');
    expect(orders.some((o) => o.lines.length > 1)).toBe(true);
    expect(ofType(r.events, 'order.cancelled').length).toBeGreaterThan(0);
    expect(ofType(r.events, 'order.completed').length).toBeGreaterThan(0);
    const statuses = new Set(r.evaluation.decisions.map((d) => d.status));
    for (const s of ['pending', 'payable', 'void', 'reversed', 'not-attributed'])
      expect(statuses).toContain(s);
    const partial = r.evaluation.decisions.some((d) =>
      d.lines.some((l) => l.refundedCents > 0 && l.refundedCents < l.amountCents),
    );
    expect(partial).toBe(true);
  });

  it('orders after the seller withdrew, and completions of earlier orders after it (R9, R15)', () => {
    const changes = membershipChanges(r);
    const orders = ofType(r.events, 'order.created');
    expect(orders.some((o) => withdrawnAt(changes, o.storeId, o.at))).toBe(true);
    const storeOf = new Map(orders.map((o) => [o.orderId, o]));
    const completedAfter = ofType(r.events, 'order.completed').some((c) => {
      const o = storeOf.get(c.orderId);
      return (
        o !== undefined && !withdrawnAt(changes, o.storeId, o.at) && withdrawnAt(changes, o.storeId, c.at)
      );
    });
    expect(completedAfter).toBe(true);
  });

  it('makes lifecycle mistakes a platform must refuse (R14, R16)', () => {
    expect(rejectedWith(r, 'R16').length + rejectedWith(r, 'R14').length).toBeGreaterThan(0);
  });

  it('places most orders after a click into the same store', () => {
    const latest = latestClickOfOrders(r.events);
    const withClick = [...latest.values()].filter((c) => c !== undefined).length;
    expect(withClick / latest.size).toBeGreaterThan(0.5);
  });
});
