import type { Rng } from '../world/rng.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { MINUTE_MS } from './_delays.js';
import { placeOrder } from './_edge-helpers.js';
import { maybeProduct, pickAffiliate, pickMemberStore } from './_pickers.js';
import type { TrafficContext } from './traffic-context.js';

/** How far apart a flood's clicks are: a script hammering, a fast bot, a busy page. */
const FLOOD_GAPS_MS = [1, 1_000, 20_000] as const;

/**
 * Last-click hijacking (R8): an affiliate's click, then another affiliate floods the same
 * (buyer, store) with clicks just before the checkout, the last at the order's very instant or
 * 1 ms before it. Last-click credits the flooder; first-click still credits the first affiliate.
 */
export function clickFlood(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const store = pickMemberStore(ctx, rng, startMs);
  const product = maybeProduct(ctx, rng, store);
  const first = pickAffiliate(ctx, rng);
  w.click(startMs, first, store, product);
  const orderMs = startMs + rng.int(5, 180) * MINUTE_MS;
  const flooder = pickAffiliate(ctx, rng, first);
  const clicks = ctx.scenario.adversarial.clickFlood.clicks;
  const gapMs = rng.pick(FLOOD_GAPS_MS);
  const lastMs = orderMs - rng.int(0, 1);
  for (let i = clicks - 1; i >= 0; i -= 1) {
    w.click(Math.max(startMs, lastMs - i * gapMs), flooder, store, rng.chance(0.5) ? product : undefined);
  }
  placeOrder(ctx, rng, w, orderMs, store, product);
}
