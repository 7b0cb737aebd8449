import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecisionJson, toDecisionJson } from '../../sim/domain/decision.js';
import { formatInstant } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import { expectedSpanEndMs, historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { evaluateGenerated, isAccepted, type TraceStep } from './_property-harness.js';

// Why: the window rules (R5–R9) are where attribution services disagree; this replays clicks and
// membership independently of sim/model/traffic.ts and orders.ts and compares every order.

type Attribution = Pick<DecisionJson, 'attributed' | 'reason' | 'affiliateId' | 'clickAt' | 'windowEndsAt'>;

interface Click {
  readonly atMs: number;
  readonly affiliateId: string;
}

interface Chain {
  readonly first: Click;
  readonly latest: Click;
  readonly windowEndsAtMs: number;
}

/**
 * The attribution RULES.md gives each order, replayed from the trace: membership from the
 * accepted joins and withdrawals ([joinedAt, withdrawnAt), R1, R2), qualifying clicks (R5), window
 * chains restarted by every qualifying click inside the open window (R6, R8), per (buyer, store)
 * (R7), and R9's reasons in order. Also checks each accepted click's R5 verdict on the way.
 */
function expectedAttributions(steps: readonly TraceStep[], policy: Policy): Map<string, Attribution> {
  const member = new Set<string>();
  const chains = new Map<string, Chain>();
  const expected = new Map<string, Attribution>();
  for (const step of steps) {
    if (!isAccepted(step) || step.outcome === 'repeat') continue;
    const { event, outcome } = step;
    if (event.type === 'store.joined') member.add(event.storeId);
    if (event.type === 'store.withdrew') member.delete(event.storeId);
    if (event.type === 'click') {
      const qualifies = member.has(event.storeId);
      expect(outcome.kind === 'accepted' && outcome.effect.type, `R5 verdict of click ${event.id}`).toBe(
        qualifies ? 'click-qualifying' : 'click-not-qualifying',
      );
      if (!qualifies) continue;
      const key = `${event.storeId} ${event.buyerId}`;
      const click = { atMs: event.at, affiliateId: event.affiliateId };
      const open = chains.get(key);
      const restarts = open !== undefined && event.at < open.windowEndsAtMs;
      chains.set(key, {
        first: restarts ? open.first : click,
        latest: click,
        windowEndsAtMs: expectedSpanEndMs(event.at, policy.windowDays, policy),
      });
    }
    if (event.type === 'order.created') {
      const chain = chains.get(`${event.storeId} ${event.buyerId}`);
      expected.set(event.orderId, attribute(event.at, member.has(event.storeId), chain, policy));
    }
  }
  return expected;
}

function attribute(atMs: number, isMember: boolean, chain: Chain | undefined, policy: Policy): Attribution {
  const none = { attributed: false, affiliateId: null, clickAt: null, windowEndsAt: null } as const;
  const inWindow = chain !== undefined && atMs < chain.windowEndsAtMs;
  const saved = policy.postWithdrawalOrders === 'honor-click-window' && inWindow;
  if (!isMember && !saved) return { ...none, reason: 'store-not-member' };
  if (chain === undefined) return { ...none, reason: 'no-click' };
  if (!inWindow) return { ...none, reason: 'window-expired' };
  const credited = policy.credit === 'first-click' ? chain.first : chain.latest;
  return {
    attributed: true,
    reason: null,
    affiliateId: credited.affiliateId,
    clickAt: formatInstant(credited.atMs),
    windowEndsAt: formatInstant(chain.windowEndsAtMs),
  };
}

function attributionOf(d: DecisionJson): Attribution {
  const { attributed, reason, affiliateId, clickAt, windowEndsAt } = d;
  return { attributed, reason, affiliateId, clickAt, windowEndsAt };
}

describe('reference model: windows and attribution (properties)', () => {
  it('a re-click restarts the window: windowEndsAt = the latest qualifying click + windowDays (R6, R8)', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const { policy, evaluation, steps } = evaluateGenerated(history);
        const latest = new Map<string, number>();
        const member = new Set<string>();
        const expectedEnds = new Map<string, number>();
        for (const step of steps) {
          if (!isAccepted(step)) continue;
          const e = step.event;
          if (e.type === 'store.joined') member.add(e.storeId);
          if (e.type === 'store.withdrew') member.delete(e.storeId);
          if (e.type === 'click' && member.has(e.storeId)) latest.set(`${e.storeId} ${e.buyerId}`, e.at);
          const clickMs = e.type === 'order.created' ? latest.get(`${e.storeId} ${e.buyerId}`) : undefined;
          if (e.type === 'order.created' && clickMs !== undefined)
            expectedEnds.set(e.orderId, expectedSpanEndMs(clickMs, policy.windowDays, policy));
        }
        for (const d of evaluation.decisions) {
          if (!d.attributed) continue;
          expect(formatInstant(d.windowEndsAtMs), `windowEndsAt of ${d.orderId}`).toBe(
            formatInstant(expectedEnds.get(d.orderId) as number),
          );
          if (policy.credit === 'last-click')
            expect(d.windowEndsAtMs).toBe(expectedSpanEndMs(d.clickAtMs, policy.windowDays, policy));
        }
      }),
      fcParams(300),
    );
  });

  it('every order is attributed as an independent replay of membership and clicks says (R5–R9)', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const { policy, evaluation, steps } = evaluateGenerated(history);
        const expected = expectedAttributions(steps, policy);
        const actual = new Map(
          evaluation.decisions.map((d) => [d.orderId, attributionOf(toDecisionJson(d))]),
        );
        expect(actual).toEqual(expected);
      }),
      fcParams(300),
    );
  });
});
