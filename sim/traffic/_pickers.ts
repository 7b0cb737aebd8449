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
