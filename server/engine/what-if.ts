import { formatInstant } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import type { EngineRules } from './engine-rules.js';
import { WHAT_IF_ORDER_ID, type WhatIfAnswer, type WhatIfQuery } from './engine-types.js';
import type { OrderRecord } from './order-record.js';
import { EXPIRED_CHAIN } from './pair-table.js';
import type { StoreRecord } from './store-record.js';
import type { WindowChain } from './window-chain.js';

/**
 * The decision an order of a known store and products would get now (the what-if endpoint),
 * from the pair's chain as the engine holds it; creates nothing. `horizonMs`: before it, an
 * expired pair's dropped chain may have mattered (pair-table.ts), so such a query is refused.
 */
export function whatIfOrder(
  store: StoreRecord,
  chain: WindowChain | undefined,
  horizonMs: number,
  query: WhatIfQuery,
  rules: EngineRules,
  policy: Policy,
): WhatIfAnswer {
  if (chain === EXPIRED_CHAIN && query.at < horizonMs) {
    return {
      ok: false,
      rule: 'R8',
      message: `R8: the window state of buyer ${query.buyerId} in store ${query.storeId} has expired; a what-if is evaluated from ${formatInstant(horizonMs)} on`,
    };
  }
  if (chain !== undefined && chain.latestAtMs > query.at) {
    // The engine keeps only the pair's latest click (memory per pair, not per click), so R8's
    // "latest click at or before T" is known only for T at or after it.
    return {
      ok: false,
      rule: 'R8',
      message: `R8: buyer ${query.buyerId} clicked into store ${query.storeId} at ${formatInstant(chain.latestAtMs)}, after ${formatInstant(query.at)}; a what-if is evaluated from the latest click on`,
    };
  }
  const { attribution, lines } = rules.lockOrder(store, chain, query, policy);
  const draft: OrderRecord = {
    orderId: WHAT_IF_ORDER_ID,
    buyerId: query.buyerId,
    storeId: query.storeId,
    createdAtMs: query.at,
    attribution,
    lines,
    lifecycle: 'open',
  };
  return { ok: true, decision: rules.orderDecision(draft, policy) };
}
