import type { ClickEvent } from '../../sim/domain/events.js';
import { formatInstant } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import { accepted, type Outcome } from './outcome.js';
import { spanEndMs } from './span-end.js';
import { isMemberAt, type StoreRecord } from './store-record.js';

/**
 * All that can still matter of a (buyer, store) pair's clicks (R6–R8): the latest qualifying click
 * (last-click credit, window end) and the first click of its chain (first-click credit). Older
 * clicks can never decide an order again, so they are not kept: memory is per pair, not per click.
 */
export interface WindowChain {
  readonly firstAtMs: number;
  readonly firstAffiliateId: string;
  readonly latestAtMs: number;
  readonly latestAffiliateId: string;
  readonly windowEndsAtMs: number;
}

/** R5's answer to a click into a store that is not a member at the click's instant. */
export function nonQualifyingMessage(storeId: string, atMs: number): string {
  return `R5: store ${storeId} is not a member at ${formatInstant(atMs)}; the click is counted but opens no window`;
}

/**
 * Applies a click of a known buyer, affiliate and store (R16 checked by the caller) to its pair's
 * chain. Returns the chain after the click (unchanged when the click does not qualify).
 */
export function clickChain(
  store: StoreRecord,
  chain: WindowChain | undefined,
  event: ClickEvent,
  policy: Policy,
): { chain: WindowChain | undefined; outcome: Outcome } {
  // R5: only a click into a member store (as of the click's instant) opens or extends a window.
  if (!isMemberAt(store, event.at)) {
    return {
      chain,
      outcome: accepted({
        type: 'click',
        qualifying: false,
        rule: 'R5',
        message: nonQualifyingMessage(event.storeId, event.at),
      }),
    };
  }
  const windowEndsAtMs = spanEndMs(event.at, policy.windowDays, policy);
  // R6: a qualifying click inside an open window restarts it from its own time; R8: the chain keeps its first click.
  const restarts = chain !== undefined && event.at < chain.windowEndsAtMs;
  const next: WindowChain = {
    firstAtMs: restarts ? chain.firstAtMs : event.at,
    firstAffiliateId: restarts ? chain.firstAffiliateId : event.affiliateId,
    latestAtMs: event.at,
    latestAffiliateId: event.affiliateId,
    windowEndsAtMs,
  };
  return {
    chain: next,
    outcome: accepted({
      type: 'click',
      qualifying: true,
      window: restarts ? 'restarted' : 'started',
      windowEndsAtMs,
    }),
  };
}
