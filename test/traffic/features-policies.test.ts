import { describe, expect, it } from 'vitest';
import firstClick from '../../scenarios/first-click.js';
import legacyCategoryRates from '../../scenarios/legacy-category-rates.js';
import postWithdrawalHonor from '../../scenarios/post-withdrawal-honor.js';
import { spanEndMs } from '../../sim/model/day-span.js';
import { latestClickOfOrders, membershipChanges, ofType, withdrawnAt } from './_history-facts.js';
import { run, small } from './_small.js';

describe('first-click', () => {
  const r = run(small(firstClick, { buyers: 3_000 }), 2);

  it('credits the first click of chains whose latest click is another affiliate (R8)', () => {
    expect(r.scenario.policy.credit).toBe('first-click');
    const latest = latestClickOfOrders(r.events);
    const firstNotLatest = r.evaluation.decisions.filter((d) => {
      if (!d.attributed) return false;
      const click = latest.get(d.orderId);
      return click !== undefined && click.at !== d.clickAtMs && click.affiliateId !== d.affiliateId;
    });
    expect(firstNotLatest.length).toBeGreaterThan(20);
  });

  it('has chains restarted by a re-click 1 ms before the window end', () => {
    const restarted = r.evaluation.decisions.filter(
      (d) => d.attributed && d.windowEndsAtMs > spanEndMs(d.clickAtMs, 15, r.scenario.policy),
    );
    expect(restarted.length).toBeGreaterThan(0);
  });
});

describe('legacy-category-rates', () => {
  const r = run(small(legacyCategoryRates, { buyers: 3_000 }), 2);

  it('resolves lines to the category tier (R10, categoryRates=enabled)', () => {
    expect(r.scenario.policy.categoryRates).toBe('enabled');
    const tiers = r.evaluation.decisions.flatMap((d) => d.lines.map((l) => l.rate?.tier));
    expect(tiers.filter((t) => t === 'category').length).toBeGreaterThan(50);
    expect(tiers).toContain('main');
    expect(tiers).toContain('default');
  });
});

describe('post-withdrawal-honor', () => {
  const r = run(small(postWithdrawalHonor, { buyers: 3_000 }), 2);

  it('attributes orders made after the withdrawal inside a member-time click window, refuses those past it (R9)', () => {
    expect(r.scenario.policy.postWithdrawalOrders).toBe('honor-click-window');
    const changes = membershipChanges(r);
    const decisions = new Map(r.evaluation.decisions.map((d) => [d.orderId, d]));
    const afterWithdrawal = ofType(r.events, 'order.created').filter((o) =>
      withdrawnAt(changes, o.storeId, o.at),
    );
    const outcomes = afterWithdrawal.map((o) => decisions.get(o.orderId));
    expect(outcomes.filter((d) => d?.attributed).length).toBeGreaterThan(20);
    expect(
      outcomes.filter((d) => d && !d.attributed && d.reason === 'store-not-member').length,
    ).toBeGreaterThan(20);
  });
});
