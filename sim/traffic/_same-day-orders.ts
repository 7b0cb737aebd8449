import { DAY_MS } from '../domain/instant.js';
import { unitFromPath } from '../world/derive-seed.js';
import type { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';
import type { Store } from '../world/world.js';
import type { BuyerDayWriter, OrderLine } from './_buyer-writer.js';
import { orderLifecycle } from './_order-lifecycle.js';
import { pickAffiliate, pickProductIndex } from './_pickers.js';
import type { SameDayTarget } from './_same-day-targets.js';
import type { SellerPlan } from './seller-plan.js';
import type { TrafficContext } from './traffic-context.js';

/** Same-day targets by day, then by the buyer that orders before them. */
export type SameDayByDay = ReadonlyMap<number, ReadonlyMap<number, readonly SameDayTarget[]>>;

/**
 * Gives each same-day target (`adversarial.sameDaySettingShare`) a buyer, hashed from the seed,
 * the store and the target's place in it: the same buyer in every shard, so the orders are
 * generated once, by the shard that owns the buyer, in that buyer's day.
 */
export function sameDayByDay(
  plan: SellerPlan,
  startMs: number,
  buyerCount: number,
  seed: number,
): SameDayByDay {
  const byDay = new Map<number, Map<number, SameDayTarget[]>>();
  for (const target of plan.sameDay) {
    const day = Math.floor((target.atMs - startMs) / DAY_MS);
    const unit = unitFromPath(seed, SALT.sameDayBuyer, target.storeIndex, target.seq);
    const buyer = Math.min(buyerCount - 1, Math.floor(unit * buyerCount));
    const buyers = byDay.get(day) ?? new Map<number, SameDayTarget[]>();
    byDay.set(day, buyers);
    const targets = buyers.get(buyer) ?? [];
    buyers.set(buyer, targets);
    targets.push(target);
  }
  return byDay;
}

/**
 * R4, R10, R11 against the delivery order: a click, then orders of exactly the product a setting
 * change affects, earlier on the change's day (one at a drawn instant, one 1 ms before it). The
 * simulator sends the day's seller events first, so a platform receives these orders after the
 * change; their rates must still be those before it (a removed main product's too).
 */
export function sameDayOrders(ctx: TrafficContext, rng: Rng, w: BuyerDayWriter, target: SameDayTarget): void {
  const store = ctx.world.stores[target.storeIndex] as Store;
  const membership = ctx.plan.stores[target.storeIndex]?.memberships.find(
    (m) => m.joinedAtMs <= target.atMs && (m.withdrawnAtMs === undefined || target.atMs < m.withdrawnAtMs),
  );
  if (membership === undefined) return;
  // A click after the join qualifies (R5); everything stays inside the change's day.
  const fromMs = Math.max(w.dayStartMs, membership.joinedAtMs + 1);
  const lastMs = target.atMs - 1;
  if (fromMs > lastMs) return;
  const clickMs = fromMs + Math.floor(rng.float() * (lastMs - fromMs + 1));
  w.click(clickMs, pickAffiliate(ctx, rng), store, rng.chance(0.7) ? target.productIndex : undefined);
  const firstMs = clickMs + Math.floor(rng.float() * (lastMs - clickMs + 1));
  for (const atMs of firstMs < lastMs ? [firstMs, lastMs] : [lastMs]) {
    orderLifecycle(ctx, rng, w, w.order(atMs, store, lines(ctx, rng, store, target.productIndex)));
  }
}

/** The affected product, now and then with one other product of the store. */
function lines(ctx: TrafficContext, rng: Rng, store: Store, productIndex: number): OrderLine[] {
  const product = store.products[productIndex];
  if (product === undefined) throw new Error(`unreachable: product ${productIndex} of ${store.storeId}`);
  const result = [{ productId: product.productId, amountCents: product.priceCents }];
  const other = store.products[pickProductIndex(ctx, rng, store)];
  if (rng.chance(0.3) && other !== undefined && other.index !== productIndex)
    result.push({ productId: other.productId, amountCents: other.priceCents });
  return result;
}
