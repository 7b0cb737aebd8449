import type { Rng } from '../world/rng.js';
import { zipfPicker } from '../world/weighted-picker.js';
import type { Affiliate, Store } from '../world/world.js';
import { isPlannedMember } from './seller-plan.js';
import type { TrafficContext } from './traffic-context.js';

/** Popular stores get most of the traffic (Zipf over store index). */
export function pickStore(ctx: TrafficContext, rng: Rng): Store {
  return ctx.world.stores[ctx.stores.index(rng.float())] as Store;
}

/** A store the plan has in the programme at `atMs`, if a few tries find one (edge sessions want qualifying clicks). */
export function pickMemberStore(ctx: TrafficContext, rng: Rng, atMs: number): Store {
  let store = pickStore(ctx, rng);
  for (let i = 0; i < 8 && !isPlannedMember(ctx.plan, store.index, atMs); i += 1) store = pickStore(ctx, rng);
  return store;
}

export function pickProductIndex(ctx: TrafficContext, rng: Rng, store: Store): number {
  return zipfPicker(store.products.length, ctx.scenario.world.productPopularitySkew).index(rng.float());
}

/** A channel by the scenario's mix, then one of its affiliates by popularity; `not` asks for a different one if possible. */
export function pickAffiliate(ctx: TrafficContext, rng: Rng, not?: Affiliate): Affiliate {
  for (let attempt = 0; ; attempt += 1) {
    const channel = ctx.channels[ctx.channelPicker.index(rng.float())];
    const members = channel === undefined ? undefined : ctx.affiliatesByChannel.get(channel);
    if (members === undefined) throw new Error('unreachable: a usable channel without affiliates');
    const picked = members[
      zipfPicker(members.length, ctx.scenario.world.affiliatePopularitySkew).index(rng.float())
    ] as number;
    const affiliate = ctx.world.affiliates[picked] as Affiliate;
    if (not === undefined || affiliate.index !== not.index || attempt >= 8) return affiliate;
  }
}

/** A product link (with productId) with `productLinkShare`, else a store link (R7: both attribute any product). */
export function maybeProduct(ctx: TrafficContext, rng: Rng, store: Store): number | undefined {
  return rng.chance(ctx.scenario.buyers.productLinkShare) ? pickProductIndex(ctx, rng, store) : undefined;
}

/** `n` different affiliates (at most all of them): by popularity first, then any, from a drawn start. */
export function distinctAffiliates(ctx: TrafficContext, rng: Rng, n: number): Affiliate[] {
  const all = ctx.world.affiliates;
  const wanted = Math.min(n, all.length);
  const chosen = new Map<number, Affiliate>();
  for (let tries = 0; chosen.size < wanted && tries < 4 * wanted; tries += 1) {
    const a = pickAffiliate(ctx, rng);
    chosen.set(a.index, a);
  }
  for (let i = rng.int(0, all.length - 1); chosen.size < wanted; i = (i + 1) % all.length) {
    if (!chosen.has(i)) chosen.set(i, all[i] as Affiliate);
  }
  return [...chosen.values()];
}

/** `n` different stores (at most all of them), spread over the marketplace by a drawn stride. */
export function distinctStores(ctx: TrafficContext, rng: Rng, n: number): Store[] {
  const all = ctx.world.stores;
  const start = rng.int(0, all.length - 1);
  let stride = 1;
  for (let tries = 0; tries < 16 && all.length > 2; tries += 1) {
    const s = rng.int(2, all.length - 1);
    if (gcd(s, all.length) === 1) {
      stride = s;
      break;
    }
  }
  return Array.from(
    { length: Math.min(n, all.length) },
    (_, i) => all[(start + i * stride) % all.length] as Store,
  );
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
