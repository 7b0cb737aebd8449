import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LockedRate } from '../../sim/domain/decision.js';
import type { Policy } from '../../sim/domain/policy.js';
import {
  buildHistory,
  historyArb,
  historyPlanArb,
  SELLER_STEP_KINDS,
  stepArb,
} from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { decisionsById, evaluateGenerated, replayOrders } from './_property-harness.js';
import { type AcceptedEvent, acceptedByRuleText } from './_verdict-oracle.js';

// Why: rates decide the money; these pin precedence (R10), locking (R11) and the amount (R13, R14)
// on whole histories, where settings change and orders overlap as they do in production.

interface Settings {
  defaultRateBps?: number;
  readonly main: Map<string, number>;
  readonly categoryRates: Map<string, number>;
  readonly categoryOf: Map<string, string>;
}

/**
 * The rate and tier RULES.md R10 gives each line of each order, from the settings accepted before
 * it (join and defaultRateSet, main products, category rates) as the rule-text replay of
 * _verdict-oracle.ts decides acceptance, never the model.
 */
function expectedRates(
  accepted: readonly AcceptedEvent[],
  policy: Policy,
): Map<string, (LockedRate | null)[]> {
  const stores = new Map<string, Settings>();
  const expected = new Map<string, (LockedRate | null)[]>();
  for (const { event: e } of accepted) {
    if (e.type === 'store.registered') {
      const categoryOf = new Map(e.products.map((p) => [p.productId, p.categoryId]));
      stores.set(e.storeId, { main: new Map(), categoryRates: new Map(), categoryOf });
      continue;
    }
    if (e.type === 'affiliate.registered' || e.type === 'click' || !('storeId' in e)) continue;
    const s = stores.get(e.storeId) as Settings;
    if (e.type === 'store.joined') s.defaultRateBps = e.defaultRateBps;
    if (e.type === 'store.defaultRateSet') s.defaultRateBps = e.rateBps;
    if (e.type === 'store.mainProductSet') s.main.set(e.productId, e.rateBps);
    if (e.type === 'store.mainProductRemoved') s.main.delete(e.productId);
    if (e.type === 'store.categoryRateSet') s.categoryRates.set(e.categoryId, e.rateBps);
    if (e.type === 'order.created')
      expected.set(
        e.orderId,
        e.lines.map((l) => rateOf(s, l.productId, policy)),
      );
  }
  return expected;
}

function rateOf(s: Settings, productId: string, policy: Policy): LockedRate {
  const main = s.main.get(productId);
  if (main !== undefined) return { rateBps: main, tier: 'main' };
  const category = s.categoryRates.get(s.categoryOf.get(productId) as string);
  if (policy.categoryRates === 'enabled' && category !== undefined)
    return { rateBps: category, tier: 'category' };
  return { rateBps: s.defaultRateBps as number, tier: 'default' };
}

describe('reference model: rates and commission (properties)', () => {
  // Oracle: R10 as three lookups on settings the rule-text replay accepts; `attributed` is the model's.
  it('rate precedence: main product > category (when enabled) > store default (R10)', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const { policy, events, evaluation } = evaluateGenerated(history);
        const expected = expectedRates(acceptedByRuleText(events, policy), policy);
        for (const d of evaluation.decisions) {
          const rates = d.attributed ? expected.get(d.orderId) : d.lines.map(() => null);
          expect(
            d.lines.map((l) => l.rate),
            `rates of ${d.orderId}`,
          ).toEqual(rates);
        }
      }),
      fcParams(300),
    );
  });

  // Oracle: the model's own decisions without the suffix (metamorphic, R11); nothing is recomputed.
  it('rates are locked at creation: later settings, withdrawals and rejoins never change an order (R11)', () => {
    const prefixAndSuffixArb = fc
      .record({
        plan: historyPlanArb(),
        suffix: fc.array(stepArb(SELLER_STEP_KINDS), { minLength: 1, maxLength: 15 }),
      })
      .map(({ plan, suffix }) => ({
        before: buildHistory(plan),
        after: buildHistory({ ...plan, steps: [...plan.steps, ...suffix] }),
      }));
    fc.assert(
      fc.property(prefixAndSuffixArb, ({ before, after }) => {
        expect(after.events.slice(0, before.events.length)).toEqual(before.events);
        const locked = decisionsById(evaluateGenerated(before).evaluation);
        const later = decisionsById(evaluateGenerated(after).evaluation);
        for (const [orderId, decision] of locked) expect(later.get(orderId), orderId).toEqual(decision);
      }),
      fcParams(300),
    );
  });

  // Oracle: the model's decision just before each refund (a monotonicity relation from R13, R14).
  it('a refund never raises a commission, of the order or of any line (R13, R14)', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        replayOrders(history, (event, outcome, before, after) => {
          if (event.type !== 'order.refunded' || before === undefined || after === undefined) return;
          expect(after.commissionCents, `${event.id} (${outcome.kind})`).toBeLessThanOrEqual(
            before.commissionCents,
          );
          after.lines.forEach((line, i) => {
            expect(line.commissionCents).toBeLessThanOrEqual(before.lines[i]?.commissionCents as number);
          });
        });
      }),
      fcParams(300),
    );
  });

  // Oracle: an upper bound from the rule text in BigInt, not the model's rounding code.
  it('commission <= net amount x max rate / 10 000, plus 1 per line for rounding (R13, rateBounds)', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const { policy, evaluation } = evaluateGenerated(history);
        const maxBps = BigInt(policy.rateBounds.maxBps);
        for (const d of evaluation.decisions) {
          let boundCents = 0n;
          for (const line of d.lines) {
            const netCents = BigInt(line.amountCents - line.refundedCents);
            const lineBound = (netCents * maxBps) / 10_000n + 1n;
            expect(line.commissionCents).toBeGreaterThanOrEqual(0);
            expect(BigInt(line.commissionCents) <= lineBound, `line ${line.productId} of ${d.orderId}`).toBe(
              true,
            );
            boundCents += lineBound;
          }
          expect(Number.isSafeInteger(d.commissionCents), `commission of ${d.orderId}`).toBe(true);
          expect(BigInt(d.commissionCents) <= boundCents, `commission of ${d.orderId}`).toBe(true);
          expect(d.commissionCents).toBe(d.lines.reduce((sum, l) => sum + l.commissionCents, 0));
        }
      }),
      fcParams(300),
    );
  });

  // Oracle: roundedCents (exact BigInt division), not commission.ts; rate and status are the model's.
  it('line commission = round(net x rate / 10 000) by the rounding policy; 0 when cancelled or not attributed (R12, R13)', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const { policy, evaluation } = evaluateGenerated(history);
        for (const d of evaluation.decisions) {
          const expected = d.lines.map((l) =>
            l.rate === null || d.status === 'void'
              ? 0
              : roundedCents(
                  BigInt(l.amountCents - l.refundedCents) * BigInt(l.rate.rateBps),
                  policy.rounding,
                ),
          );
          expect(
            d.lines.map((l) => l.commissionCents),
            d.orderId,
          ).toEqual(expected);
        }
      }),
      fcParams(300),
    );
  });
});

/** x / 10 000 rounded as RULES.md `rounding` says, on exact integers. */
function roundedCents(x: bigint, rounding: Policy['rounding']): number {
  const q = x / 10_000n;
  const r = x % 10_000n;
  const up =
    rounding === 'floor'
      ? false
      : rounding === 'half-up'
        ? r >= 5_000n
        : r > 5_000n || (r === 5_000n && q % 2n === 1n);
  return Number(up ? q + 1n : q);
}
