import type { ClickEvent } from '../domain/events.js';
import { formatInstant } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import { spanEndMs } from './day-span.js';
import { isMember } from './membership.js';
import { accepted, type ClickRef, type Outcome, type StoreState, type WindowChain } from './state.js';

/** Buyer traffic: which clicks qualify (R5) and how they open and restart windows (R6–R8). */

/**
 * Applies one click of a registered buyer, affiliate and store (R16 was checked first) to the
 * chain of its (buyer, store) pair (R7: windows are per pair) and returns the new chain, if any.
 */
export function click(
  store: StoreState,
  chain: WindowChain | undefined,
  event: ClickEvent,
  policy: Policy,
): { outcome: Outcome; chain: WindowChain | undefined } {
  // R5: a click into a store that is not a member is counted, but never opens or extends a window.
  if (!isMember(store)) {
    return {
      chain,
      outcome: accepted({
        type: 'click-not-qualifying',
        rule: 'R5',
        message: `store ${store.storeId} is not a member at ${formatInstant(event.at)}`,
      }),
    };
  }
  const ref: ClickRef = { eventId: event.id, atMs: event.at, affiliateId: event.affiliateId };
  const windowEndsAtMs = spanEndMs(event.at, policy.windowDays, policy);
  // R6: a qualifying click inside an open window restarts it; R8: the chain keeps its first click.
  const restarts = chain !== undefined && event.at < chain.windowEndsAtMs;
  const first = restarts ? chain.first : ref;
  return {
    chain: { first, latest: ref, windowEndsAtMs },
    outcome: accepted({
      type: 'click-qualifying',
      chain: restarts ? 'restarted' : 'started',
      chainFirst: first,
      windowEndsAtMs,
    }),
  };
}
