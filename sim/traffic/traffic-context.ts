import { CHANNELS, type Channel } from '../domain/channels.js';
import { DAY_MS } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { EDGE_KINDS } from '../scenario/edge-knobs.js';
import { WeightedPicker, zipfPicker } from '../world/weighted-picker.js';
import type { World } from '../world/world.js';
import type { SellerPlan } from './seller-plan.js';

/**
 * Everything the buyer side reads but never changes, built once per run and shard: popularity
 * samplers, affiliates by channel, the day multipliers of bursts, and the seller plan.
 */
export interface TrafficContext {
  readonly world: World;
  readonly scenario: Scenario;
  readonly seed: number;
  readonly plan: SellerPlan;
  readonly stores: WeightedPicker;
  /** Channels with weight that have at least one affiliate, and their weights. */
  readonly channels: readonly Channel[];
  readonly channelPicker: WeightedPicker;
  readonly affiliatesByChannel: ReadonlyMap<Channel, Int32Array>;
  /** Sessions multiplier of each day (bursts multiply). */
  readonly trafficFactor: Float64Array;
  readonly conversionFactor: Float64Array;
  /** Edge session kinds by the scenario's `edges.mix` (order of EDGE_KINDS). */
  readonly edgeKinds: WeightedPicker;
  /** The policy's window, as a length for "an edge in the next window" searches (calendar spans differ by an hour at most). */
  readonly windowMs: number;
}

export function trafficContext(
  world: World,
  scenario: Scenario,
  seed: number,
  plan: SellerPlan,
): TrafficContext {
  const affiliatesByChannel = new Map<Channel, number[]>();
  for (const a of world.affiliates) {
    const list = affiliatesByChannel.get(a.channel) ?? [];
    list.push(a.index);
    affiliatesByChannel.set(a.channel, list);
  }
  const mix = scenario.buyers.channelMix as Partial<Record<Channel, number>>;
  const channels = CHANNELS.filter((c) => (mix[c] ?? 0) > 0 && affiliatesByChannel.has(c));
  // A mix whose channels have no affiliate yet (tiny worlds) falls back to the affiliates' own channels.
  const usable = channels.length > 0 ? channels : [...affiliatesByChannel.keys()];
  const trafficFactor = new Float64Array(scenario.days).fill(1);
  const conversionFactor = new Float64Array(scenario.days).fill(1);
  for (const burst of scenario.bursts) {
    for (let d = burst.fromDay; d < Math.min(scenario.days, burst.fromDay + burst.days); d += 1) {
      trafficFactor[d] = (trafficFactor[d] as number) * burst.trafficMultiplier;
      conversionFactor[d] = (conversionFactor[d] as number) * burst.conversionMultiplier;
    }
  }
  return {
    world,
    scenario,
    seed,
    plan,
    stores: zipfPicker(world.stores.length, scenario.world.storePopularitySkew),
    channels: usable,
    channelPicker: new WeightedPicker(usable.map((c) => (channels.length > 0 ? (mix[c] as number) : 1))),
    affiliatesByChannel: new Map([...affiliatesByChannel].map(([c, list]) => [c, Int32Array.from(list)])),
    trafficFactor,
    conversionFactor,
    edgeKinds: new WeightedPicker(EDGE_KINDS.map((k) => scenario.edges.mix[k])),
    windowMs: scenario.policy.windowDays * DAY_MS,
  };
}
