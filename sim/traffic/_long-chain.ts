import type { Rng } from '../world/rng.js';
import type { BuyerDayWriter } from './_buyer-writer.js';
import { MINUTE_MS } from './_delays.js';
import { placeOrder, windowEndOf } from './_edge-helpers.js';
import { maybeProduct, pickAffiliate, pickMemberStore } from './_pickers.js';
import type { TrafficContext } from './traffic-context.js';

/**
 * A very long chain of re-clicks (R6, R8): hundreds of clicks into one store, each inside the
 * previous one's window (a few exactly 1 ms before its end), through changing affiliates; orders
 * midway and after the last click. First-click credit reaches back to the chain's first click.
 * Clicks past the run's end are not generated.
 */
export function longChain(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, startMs: number): void {
  const store = pickMemberStore(ctx, rng, startMs);
  const product = maybeProduct(ctx, rng, store);
  const clicks = ctx.scenario.adversarial.longChain.clicks;
  // The chain fits in the rest of the run: gaps of a third of a window at most, fewer when long.
  const meanGapMs = Math.max(
    1_000,
    Math.min(ctx.windowMs / 3, (ctx.scenario.endMs - startMs) / (2 * clicks)),
  );
  const jumpToEnd = Math.min(0.05, 3 / clicks);
  let affiliate = pickAffiliate(ctx, rng);
  let atMs = startMs;
  for (let i = 0; ; i += 1) {
    w.click(atMs, affiliate, store, rng.chance(0.5) ? product : undefined);
    if (i === clicks >> 1 && rng.chance(0.5)) placeOrder(ctx, rng, w, atMs + MINUTE_MS, store, product);
    if (i === clicks - 1) break;
    if (rng.chance(0.5)) affiliate = pickAffiliate(ctx, rng, affiliate);
    const lastInWindowMs = windowEndOf(ctx, atMs) - 1;
    const nextMs = rng.chance(jumpToEnd)
      ? lastInWindowMs
      : atMs + 1 + Math.floor(rng.float() * 2 * meanGapMs);
    atMs = Math.max(atMs, Math.min(lastInWindowMs, nextMs));
  }
  const orderMs = rng.chance(0.3) ? windowEndOf(ctx, atMs) - 1 : atMs + rng.int(1, 60) * MINUTE_MS;
  placeOrder(ctx, rng, w, orderMs, store, product);
}
