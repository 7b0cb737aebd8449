import type { Rng } from '../world/rng.js';
import type { Store } from '../world/world.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { HOUR_MS, MINUTE_MS } from './_delays.js';
import { nudge, placeOrder, windowEndOf } from './_edge-helpers.js';
import { maybeProduct, pickAffiliate } from './_pickers.js';
import type { EdgeIndex } from './edge-index.js';
import type { TrafficContext } from './traffic-context.js';

/** Edge sessions around the seller plan's instants: joins (R5), withdrawals (R5, R9) and setting changes (R10, R11). */

/** An edge of `index` from this day on, within one window, as [instant, store]; the day's start is excluded so −1 ms stays in the day. */
export function upcoming(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, index: EdgeIndex) {
  const at = index.pickIn(w.dayStartMs + 2, w.dayStartMs + ctx.windowMs, rng);
  if (at < 0) return undefined;
  const store = ctx.world.stores[index.storeIndex[at] as number] as Store;
  return { atMs: index.atMs[at] as number, store, productIndex: index.productIndex[at] as number };
}

/** R5: a click at the join instant −1 ms (not a member), 0 or +1 (member), then an order. */
export function joinEdge(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter): boolean {
  const edge = upcoming(ctx, rng, w, ctx.plan.joins);
  if (edge === undefined) return false;
  const product = maybeProduct(ctx, rng, edge.store);
  w.click(edge.atMs + nudge(rng), pickAffiliate(ctx, rng), edge.store, product);
  placeOrder(ctx, rng, w, edge.atMs + rng.int(1, 24 * 60) * MINUTE_MS, edge.store, product);
  return true;
}

/**
 * R9 at a withdrawal: a click while a member, then an order at the withdrawal −1, 0, +1 ms (or a
 * click at it); `after`: orders after the withdrawal, inside and just past the click's window, or
 * at its end ±1 ms, where `postWithdrawalOrders=honor-click-window` decides.
 */
export function withdrawalEdge(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, after: boolean): boolean {
  const edge = upcoming(ctx, rng, w, ctx.plan.withdrawals);
  if (edge === undefined) return false;
  const earliestMs = Math.max(w.dayStartMs, edge.atMs - ctx.windowMs + HOUR_MS);
  if (earliestMs >= edge.atMs - 1) return false;
  const clickMs = earliestMs + Math.floor(rng.float() * (edge.atMs - 1 - earliestMs));
  const product = maybeProduct(ctx, rng, edge.store);
  const affiliate = pickAffiliate(ctx, rng);
  w.click(clickMs, affiliate, edge.store, product);
  if (!after) {
    if (rng.chance(0.3)) {
      const lateClickMs = edge.atMs + nudge(rng);
      w.click(lateClickMs, pickAffiliate(ctx, rng, affiliate), edge.store, product);
      placeOrder(ctx, rng, w, lateClickMs + rng.int(1, 60) * MINUTE_MS, edge.store, product);
    } else {
      placeOrder(ctx, rng, w, edge.atMs + nudge(rng), edge.store, product);
    }
    return true;
  }
  const windowEndMs = windowEndOf(ctx, clickMs);
  const orderMs = rng.chance(0.4)
    ? windowEndMs + nudge(rng)
    : edge.atMs + 1 + Math.floor(rng.float() * Math.max(1, windowEndMs - edge.atMs + 2 * 86_400_000));
  placeOrder(ctx, rng, w, orderMs, edge.store, product);
  return true;
}

/** R10/R11: a click before a rate or main-product change, an order at the change −1, 0, +1 ms. */
export function settingEdge(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter): boolean {
  const edge = upcoming(ctx, rng, w, ctx.plan.settings);
  if (edge === undefined) return false;
  const earliestMs = Math.max(w.dayStartMs, edge.atMs - 3 * 86_400_000);
  if (earliestMs >= edge.atMs - 1) return false;
  const product = edge.productIndex >= 0 ? edge.productIndex : maybeProduct(ctx, rng, edge.store);
  w.click(
    earliestMs + Math.floor(rng.float() * (edge.atMs - 1 - earliestMs)),
    pickAffiliate(ctx, rng),
    edge.store,
    product,
  );
  placeOrder(ctx, rng, w, edge.atMs + nudge(rng), edge.store, product);
  return true;
}
