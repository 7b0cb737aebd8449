import { EDGE_KINDS, type EdgeKind } from '../scenario/edge-knobs.js';
import type { Rng } from '../world/rng.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { MINUTE_MS } from './_delays.js';
import { nudge, placeOrder, windowEndOf } from './_edge-helpers.js';
import { maybeProduct, pickAffiliate, pickMemberStore } from './_pickers.js';
import { joinEdge, settingEdge, withdrawalEdge } from './_seller-edge-session.js';
import type { TrafficContext } from './traffic-context.js';

/**
 * A session packed at an edge of the rules (scenario `edges`): window ends computed with the
 * policy's spans (exact or calendar), membership edges and setting changes taken from the seller
 * plan. Returns false when no edge of the drawn kind is near, and the caller runs an ordinary
 * session instead. Every edge session ends in an order, since the order is what the edge tests.
 */
export function edgeSession(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): boolean {
  const kind = EDGE_KINDS[ctx.edgeKinds.index(rng.float())] as EdgeKind;
  switch (kind) {
    case 'windowEnd':
      return windowEnd(ctx, rng, w, startMs);
    case 'windowReclick':
      return windowReclick(ctx, rng, w, startMs);
    case 'join':
      return joinEdge(ctx, rng, w);
    case 'withdrawal':
      return withdrawalEdge(ctx, rng, w, false);
    case 'afterWithdrawal':
      return withdrawalEdge(ctx, rng, w, true);
    case 'setting':
      return settingEdge(ctx, rng, w);
  }
}

/** R6/R8: an order at the latest click's window end −1, 0, +1 ms (in window, out, out). */
function windowEnd(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): boolean {
  const store = pickMemberStore(ctx, rng, startMs);
  const product = maybeProduct(ctx, rng, store);
  let affiliate = pickAffiliate(ctx, rng);
  w.click(startMs, affiliate, store, product);
  let lastMs = startMs;
  if (rng.chance(0.5)) {
    lastMs += rng.int(1, 3 * 24 * 60) * MINUTE_MS;
    if (rng.chance(0.5)) affiliate = pickAffiliate(ctx, rng, affiliate);
    w.click(lastMs, affiliate, store, product);
  }
  placeOrder(ctx, rng, w, windowEndOf(ctx, lastMs) + nudge(rng), store, product);
  return true;
}

/** R6/R8: a second affiliate's click at the first click's window end −1 (restart), 0 or +1 (new chain). */
function windowReclick(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): boolean {
  const store = pickMemberStore(ctx, rng, startMs);
  const product = maybeProduct(ctx, rng, store);
  const first = pickAffiliate(ctx, rng);
  w.click(startMs, first, store, product);
  const reclickMs = windowEndOf(ctx, startMs) + nudge(rng);
  w.click(reclickMs, pickAffiliate(ctx, rng, first), store, product);
  placeOrder(ctx, rng, w, reclickMs + rng.int(1, 120) * MINUTE_MS, store, product);
  return true;
}
