import type { Rng } from '../world/rng.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { MINUTE_MS } from './_delays.js';
import { placeOrder } from './_edge-helpers.js';
import { distinctAffiliates, maybeProduct, pickMemberStore } from './_pickers.js';
import type { TrafficContext } from './traffic-context.js';

/**
 * R8's tie rule: several affiliates click the same (buyer, store) at one instant, then an order
 * at that instant or later. Equal timestamps are ordered by recording: the click recorded last is
 * the latest (last-click credits it), the one recorded first starts the chain (first-click).
 */
export function sameInstantClicks(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const store = pickMemberStore(ctx, rng, startMs);
  const product = maybeProduct(ctx, rng, store);
  const affiliates = distinctAffiliates(ctx, rng, ctx.scenario.adversarial.sameInstantClicks.affiliates);
  for (const affiliate of affiliates) w.click(startMs, affiliate, store, product);
  const orderMs = rng.chance(0.5) ? startMs : startMs + rng.int(1, 120) * MINUTE_MS;
  placeOrder(ctx, rng, w, orderMs, store, product);
}
