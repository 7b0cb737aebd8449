import type { Rng } from '../world/rng.js';
import type { Store } from '../world/world.js';
import { basket } from './_basket.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { orderLifecycle } from './_order-lifecycle.js';
import { spanEndMs } from './span-end.js';
import type { TrafficContext } from './traffic-context.js';

/** −1, 0 or +1 ms around an edge: the three instants where half-open intervals go wrong. */
export const nudge = (rng: Rng): number => rng.int(-1, 1);

/** The end of a click's window under the policy (R6), exact or calendar. */
export const windowEndOf = (ctx: TrafficContext, clickMs: number) =>
  spanEndMs(clickMs, ctx.scenario.policy.windowDays, ctx.scenario.policy);

/** An order with an ordinary basket and lifecycle: edges decide when, not what. */
export function placeOrder(
  ctx: TrafficContext,
  rng: Rng,
  w: BuyerDayWriter,
  atMs: number,
  store: Store,
  first?: number,
) {
  orderLifecycle(ctx, rng, w, w.order(atMs, store, basket(ctx, rng, store, first)));
}
