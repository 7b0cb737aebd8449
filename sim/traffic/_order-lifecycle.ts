import { DAY_MS } from '../domain/instant.js';
import type { Rng } from '../world/rng.js';
import type { Store } from '../world/world.js';
import type { BuyerDayWriter, PlacedOrder } from './_buyer-writer.js';
import { HOUR_MS, MINUTE_MS } from './_delays.js';
import type { TrafficContext } from './traffic-context.js';

/**
 * The traffic's promise to the checker (sim/run/open-orders.ts): no event that can change an
 * order's decision comes later than this after its completion. Refunds come until ten days past
 * completion, a second instalment at most three days after the first (below), a full refund's
 * lines a second apart; a day more of slack. Retries repeat an event (R17) and change nothing.
 */
export const REFUNDS_AFTER_COMPLETION_MS_MAX = 14 * DAY_MS;

/**
 * What happens to an order after it is created (R12–R16): cancelled within hours, or completed
 * weeks later; some get a partial or a full refund, before or after completion (a reversal, R14).
 * Now and then a mistake a platform must refuse: an event on a cancelled order, a second
 * completion, a refund over what is left of a line or of a product not in the order.
 * Events after the end of the run are dropped by the pending buckets.
 */
export function orderLifecycle(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, order: PlacedOrder): void {
  const k = ctx.scenario.buyers;
  const createdMs = order.createdAtMs;
  if (rng.chance(k.cancelRate)) {
    const cancelMs = createdMs + MINUTE_MS + Math.floor(rng.exponential(12 * HOUR_MS));
    w.end(order, 'order.cancelled', cancelMs);
    if (rng.chance(k.mistakeRate)) afterCancel(rng, w, order, cancelMs);
    return;
  }
  const completeMs =
    createdMs + rng.int(k.completionDays.min, k.completionDays.max) * DAY_MS + rng.int(0, DAY_MS - 1);
  // Refunds come from disputes: after a day or so, until ten days past completion.
  const refundMs = () => createdMs + DAY_MS + Math.floor(rng.float() * (completeMs - createdMs + 9 * DAY_MS));
  if (rng.chance(k.fullRefundRate)) {
    const atMs = refundMs();
    order.lines.forEach((line, i) => {
      w.refund(order, line.productId, line.amountCents, atMs + i * 1_000);
    });
  } else if (rng.chance(k.partialRefundRate)) {
    partialRefund(rng, w, order, refundMs);
  }
  w.end(order, 'order.completed', completeMs);
  if (rng.chance(k.mistakeRate)) {
    afterCompletion(rng, w, order, completeMs, ctx.world.stores[order.storeIndex] as Store);
  }
}

/** One line refunded in full (of a multi-line basket) or in part, sometimes in two instalments. */
function partialRefund(rng: Rng, w: BuyerDayWriter, order: PlacedOrder, refundMs: () => number): void {
  const line = rng.pick(order.lines);
  const atMs = refundMs();
  if ((order.lines.length > 1 && rng.chance(0.4)) || line.amountCents < 2) {
    w.refund(order, line.productId, line.amountCents, atMs);
    return;
  }
  const first = rng.int(1, line.amountCents - 1);
  w.refund(order, line.productId, first, atMs);
  if (rng.chance(0.2)) {
    w.refund(order, line.productId, rng.int(1, line.amountCents - first), atMs + rng.int(1, 3) * DAY_MS);
  }
}

/** R16: nothing happens to a cancelled order. */
function afterCancel(rng: Rng, w: BuyerDayWriter, order: PlacedOrder, cancelMs: number): void {
  if (rng.chance(0.5)) w.end(order, 'order.completed', cancelMs + DAY_MS);
  else {
    const line = rng.pick(order.lines);
    w.refund(order, line.productId, 1, cancelMs + HOUR_MS);
  }
}

/** R16 (a second completion, a cancel after it) or R14 (too much, or a product not in the order). */
function afterCompletion(
  rng: Rng,
  w: BuyerDayWriter,
  order: PlacedOrder,
  completeMs: number,
  store: Store,
): void {
  const atMs = completeMs + rng.int(1, 48) * HOUR_MS;
  const line = rng.pick(order.lines);
  const kind = rng.int(0, 3);
  if (kind === 0) w.end(order, 'order.completed', atMs);
  else if (kind === 1) w.end(order, 'order.cancelled', atMs);
  else if (kind === 2) w.refund(order, line.productId, line.amountCents + 1, atMs);
  else {
    const other = store.products.find((p) => !order.lines.some((l) => l.productId === p.productId));
    w.refund(order, other?.productId ?? line.productId, other ? 1 : line.amountCents + 1, atMs);
  }
}
