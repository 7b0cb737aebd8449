import type { Rng } from '../world/rng.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { MINUTE_MS } from './_delays.js';
import { placeOrder } from './_edge-helpers.js';
import { distinctStores, maybeProduct, pickAffiliate } from './_pickers.js';
import type { TrafficContext } from './traffic-context.js';

/** Orders of one multi-store session (a limit on everything). */
const ORDERS_MAX = 3;

/**
 * R7 at scale: a buyer clicks through links into many stores, seconds apart (member or not, R5),
 * then orders in a few of them. Windows are per (buyer, store): each order is credited by the
 * click into its own store only, however many other windows the buyer has open.
 */
export function multiStoreSession(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const stores = distinctStores(ctx, rng, ctx.scenario.adversarial.multiStoreBuyers.stores);
  let atMs = startMs;
  for (const store of stores) {
    w.click(atMs, pickAffiliate(ctx, rng), store, maybeProduct(ctx, rng, store));
    atMs += rng.int(1, 90) * 1_000;
  }
  const orders = rng.int(1, Math.min(ORDERS_MAX, stores.length));
  for (let i = 0; i < orders; i += 1) {
    placeOrder(ctx, rng, w, atMs + rng.int(1, 60) * MINUTE_MS, rng.pick(stores));
  }
}
