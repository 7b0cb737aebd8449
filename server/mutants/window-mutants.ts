import type { EngineRules } from '../engine/engine-rules.js';
import type { Outcome } from '../engine/outcome.js';
import type { WindowChain } from '../engine/window-chain.js';
import { type Mutant, ruleMutant } from './mutant.js';
import { memberAt } from './store-views.js';

/** Mutants of the traffic rules (R5 qualifying clicks, R6 windows, R7 scope, R8 credit), wrapping clickChain and lockOrder. */

type ClickResult = ReturnType<EngineRules['clickChain']>;

/** A qualifying click's answer with another window end (R6: the answer says where the window ends). */
function withWindowEnd(outcome: Outcome, windowEndsAtMs: number): Outcome {
  if (outcome.kind !== 'accepted' || outcome.effect.type !== 'click' || !outcome.effect.qualifying)
    return outcome;
  return { ...outcome, effect: { ...outcome.effect, windowEndsAtMs } };
}

/** Whether a click result is a qualifying click that changed the pair's chain. */
const qualified = (
  before: WindowChain | undefined,
  result: ClickResult,
): result is ClickResult & { chain: WindowChain } => result.chain !== undefined && result.chain !== before;

export const WINDOW_MUTANTS: readonly Mutant[] = [
  ruleMutant(
    {
      name: 'window-end-inclusive',
      rule: 'R6',
      summary:
        'the window is closed at its end: an order exactly at windowEndsAt is still attributed (T <= end)',
    },
    (real) => ({
      lockOrder(store, chain, query, policy) {
        if (chain === undefined || query.at !== chain.windowEndsAtMs)
          return real.lockOrder(store, chain, query, policy);
        const locked = real.lockOrder(
          store,
          { ...chain, windowEndsAtMs: chain.windowEndsAtMs + 1 },
          query,
          policy,
        );
        const a = locked.attribution;
        return a.attributed
          ? { ...locked, attribution: { ...a, windowEndsAtMs: chain.windowEndsAtMs } }
          : locked;
      },
    }),
  ),
  ruleMutant(
    {
      name: 'reclick-keeps-window',
      rule: 'R6',
      summary:
        'a click inside an open window does not restart it: the window still ends windowDays after the first click',
    },
    (real) => ({
      clickChain(store, chain, event, policy) {
        const result = real.clickChain(store, chain, event, policy);
        if (chain === undefined || !qualified(chain, result) || event.at >= chain.windowEndsAtMs)
          return result;
        const windowEndsAtMs = chain.windowEndsAtMs;
        return {
          chain: { ...result.chain, windowEndsAtMs },
          outcome: withWindowEnd(result.outcome, windowEndsAtMs),
        };
      },
    }),
  ),
  ruleMutant(
    {
      name: 'windows-per-buyer',
      rule: 'R7',
      summary:
        "windows are kept per buyer, not per (buyer, store): a click into one store credits the buyer's order in another",
    },
    (real) => {
      // The buyer's latest qualifying click in any store: the one window a per-buyer service keeps.
      const latestByBuyer = new Map<string, WindowChain>();
      return {
        clickChain(store, chain, event, policy) {
          const result = real.clickChain(store, chain, event, policy);
          if (qualified(chain, result)) latestByBuyer.set(event.buyerId, result.chain);
          return result;
        },
        lockOrder: (store, chain, query, policy) =>
          real.lockOrder(store, latestByBuyer.get(query.buyerId) ?? chain, query, policy),
      };
    },
  ),
  ruleMutant(
    {
      name: 'credit-swapped',
      rule: 'R8',
      summary:
        'first-click and last-click are swapped: the order is credited to the other end of the click chain',
    },
    (real) => ({
      lockOrder: (store, chain, query, policy) =>
        real.lockOrder(
          store,
          chain && {
            firstAtMs: chain.latestAtMs,
            firstAffiliateId: chain.latestAffiliateId,
            latestAtMs: chain.firstAtMs,
            latestAffiliateId: chain.firstAffiliateId,
            windowEndsAtMs: chain.windowEndsAtMs,
          },
          query,
          policy,
        ),
    }),
  ),
  ruleMutant(
    {
      name: 'same-instant-tie-earlier-wins',
      rule: 'R8',
      summary:
        'clicks at the same instant are tie-broken the wrong way: the click recorded first is taken as the later one',
    },
    (real) => ({
      clickChain(store, chain, event, policy) {
        const result = real.clickChain(store, chain, event, policy);
        if (chain === undefined || event.at !== chain.latestAtMs || !qualified(chain, result)) return result;
        const startedNow = chain.firstAtMs === event.at;
        const next: WindowChain = {
          ...result.chain,
          latestAffiliateId: chain.latestAffiliateId,
          firstAffiliateId: startedNow ? event.affiliateId : result.chain.firstAffiliateId,
        };
        return { chain: next, outcome: result.outcome };
      },
    }),
  ),
  ruleMutant(
    {
      name: 'non-member-click-qualifies',
      rule: 'R5',
      summary:
        'clicks into a store that is not a member open a window: a later order, once it joined, is credited',
    },
    (real) => ({
      clickChain: (store, chain, event, policy) =>
        real.clickChain(memberAt(store, event.at), chain, event, policy),
    }),
  ),
  ruleMutant(
    {
      name: 'calendar-windows-in-utc',
      rule: 'R6',
      summary: "calendar windows end at UTC midnight, not at midnight in the policy's timeZone",
    },
    (real, policy) => {
      const utc = { ...policy, timeZone: 'UTC' };
      return {
        clickChain: (store, chain, event, p) =>
          real.clickChain(store, chain, event, p.dayBoundary === 'calendar' ? utc : p),
      };
    },
  ),
];
