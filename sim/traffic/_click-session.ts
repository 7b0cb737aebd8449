import type { Rng } from '../world/rng.js';
import type { Affiliate, Store } from '../world/world.js';
import { basket } from './_basket.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { clickToOrderDelayMs, MINUTE_MS, reclickDelayMs } from './_delays.js';
import { orderLifecycle } from './_order-lifecycle.js';
import { maybeProduct, pickAffiliate, pickMemberStore, pickStore } from './_pickers.js';
import type { TrafficContext } from './traffic-context.js';

/** Clicks of one session, re-clicks included (a limit on everything). */
export const CLICKS_PER_SESSION_MAX = 20;

/**
 * An ordinary affiliate session (issue 5, "Behaviour"): a click through some channel's link into
 * a store (product link or store link), re-clicks by the same affiliate or another one (minutes or
 * days later: R6 restarts, R8 credit), maybe a click into another store (R7), and with the
 * scenario's conversion an order after the latest click, delay drawn from the click-to-order mix.
 */
export function clickSession(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const k = ctx.scenario.buyers;
  const store = rng.chance(k.staleLinkShare) ? pickStore(ctx, rng) : pickMemberStore(ctx, rng, startMs);
  let affiliate = pickAffiliate(ctx, rng);
  const product = maybeProduct(ctx, rng, store);
  w.click(startMs, affiliate, store, product);
  let lastMs = startMs;
  const reclickAny = k.reclick.sameAffiliate + k.reclick.otherAffiliate;
  for (let clicks = 1; clicks < CLICKS_PER_SESSION_MAX; clicks += 1) {
    const u = rng.float();
    if (u >= reclickAny) break;
    if (u >= k.reclick.sameAffiliate) affiliate = pickAffiliate(ctx, rng, affiliate);
    lastMs += reclickDelayMs(rng, k.reclick);
    w.click(lastMs, affiliate, store, rng.chance(0.7) ? product : maybeProduct(ctx, rng, store));
  }
  if (rng.chance(k.otherStoreClickProbability)) otherStoreClick(ctx, rng, w, startMs, store);
  if (rng.chance(Math.min(1, k.conversion * (ctx.conversionFactor[w.day] ?? 1)))) {
    const order = w.order(
      lastMs + clickToOrderDelayMs(rng, k.clickToOrder),
      store,
      basket(ctx, rng, store, product),
    );
    orderLifecycle(ctx, rng, w, order);
  }
}

/** Comparison shopping: a click into another store, which must never attribute this store's order (R7). */
function otherStoreClick(
  ctx: TrafficContext,
  rng: Rng,
  w: BuyerDayWriter,
  startMs: number,
  store: Store,
): void {
  let other = pickStore(ctx, rng);
  for (let i = 0; i < 4 && other.index === store.index; i += 1) other = pickStore(ctx, rng);
  const affiliate: Affiliate = pickAffiliate(ctx, rng);
  w.click(startMs + rng.int(1, 30) * MINUTE_MS, affiliate, other, maybeProduct(ctx, rng, other));
}

/**
 * A direct visit without an affiliate link: an order here is attributed only by an open window
 * of an earlier click into the store (R8), else it is `no-click` (R9).
 */
export function organicSession(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const k = ctx.scenario.buyers;
  if (!rng.chance(Math.min(1, k.organicConversion * (ctx.conversionFactor[w.day] ?? 1)))) return;
  const store = pickStore(ctx, rng);
  const order = w.order(startMs + rng.int(1, 30) * MINUTE_MS, store, basket(ctx, rng, store));
  orderLifecycle(ctx, rng, w, order);
}
