import type { Rng } from '../world/rng.js';
import type { Store } from '../world/world.js';
import type { OrderLine } from './_buyer-writer.js';
import { pickProductIndex } from './_pickers.js';
import type { TrafficContext } from './traffic-context.js';

/**
 * A basket of distinct products of one store (a product twice would be invalid input, EVENTS.md):
 * the clicked product first when there is one, more lines with `extraLineProbability` each, and a
 * quantity folded into each line's amount (price × quantity, in cents).
 */
export function basket(ctx: TrafficContext, rng: Rng, store: Store, firstProductIndex?: number): OrderLine[] {
  const knobs = ctx.scenario.buyers.basket;
  const size = Math.min(
    store.products.length,
    1 + rng.geometric(knobs.extraLineProbability, knobs.linesMax - 1),
  );
  const chosen: number[] = [];
  if (firstProductIndex !== undefined && rng.chance(0.8)) chosen.push(firstProductIndex);
  for (let tries = 0; chosen.length < size && tries < size * 8; tries += 1) {
    const index = pickProductIndex(ctx, rng, store);
    if (!chosen.includes(index)) chosen.push(index);
  }
  if (chosen.length === 0) chosen.push(0);
  return chosen.map((index) => {
    const product = store.products[index];
    if (product === undefined) throw new Error(`unreachable: product ${index} of ${store.storeId}`);
    const quantity = rng.chance(0.8) ? 1 : rng.int(1, knobs.quantityMax);
    return { productId: product.productId, amountCents: product.priceCents * quantity };
  });
}
