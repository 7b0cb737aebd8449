import type { AffEvent } from '../domain/events.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { assertSeed } from '../world/derive-seed.js';
import { generateWorld } from '../world/generate-world.js';
import type { World } from '../world/world.js';
import { buyerTraffic } from './buyer-traffic.js';
import type { DayEvents } from './day-events.js';
import { planSellers, type SellerPlan } from './seller-plan.js';
import { sellerTimeline } from './seller-timeline.js';
import { type Shard, WHOLE } from './shard.js';
import { recordedEvents, type SimDay, simulationDays } from './simulation-days.js';

/**
 * A run's pure core for one (scenario, seed): the world and the seller plan are built once; the
 * day streams are fresh generators on every call. Workers each create their own from the scenario
 * name and the seed (same inputs → same world), and ask for their shard.
 */
export interface Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly world: World;
  readonly plan: SellerPlan;
  sellerTimeline(): Generator<DayEvents>;
  buyerTraffic(shard?: Shard): Generator<DayEvents>;
  days(shard?: Shard): Generator<SimDay>;
  events(shard?: Shard): Generator<AffEvent>;
}

export function createSimulation(scenario: Scenario, seed: number): Simulation {
  assertSeed(seed);
  const world = generateWorld(scenario, seed);
  const plan = planSellers(world, scenario, seed);
  return Object.freeze({
    scenario,
    seed,
    world,
    plan,
    sellerTimeline: () => sellerTimeline(world, scenario, seed, plan),
    buyerTraffic: (shard: Shard = WHOLE) => buyerTraffic(world, scenario, seed, shard, plan),
    days: (shard: Shard = WHOLE) => simulationDays(world, scenario, seed, shard, plan),
    events: (shard: Shard = WHOLE) => recordedEvents(world, scenario, seed, shard, plan),
  });
}
