import type { AffEvent } from '../domain/events.js';
import type { Scenario } from '../scenario/define-scenario.js';
import type { World } from '../world/world.js';
import { buyerTraffic } from './buyer-traffic.js';
import { planSellers, type SellerPlan } from './seller-plan.js';
import { sellerTimeline } from './seller-timeline.js';
import { type Shard, WHOLE } from './shard.js';

/** One simulated day of a shard: its seller events go before its buyer events (issue 5, "Workers"). */
export interface SimDay {
  readonly day: number;
  readonly dayStartMs: number;
  readonly sellerEvents: readonly AffEvent[];
  readonly buyerEvents: readonly AffEvent[];
}

/** The seller timeline and a shard's buyer traffic zipped day by day; one plan serves both. */
export function* simulationDays(
  world: World,
  scenario: Scenario,
  seed: number,
  shard: Shard = WHOLE,
  plan: SellerPlan = planSellers(world, scenario, seed),
): Generator<SimDay> {
  const sellers = sellerTimeline(world, scenario, seed, plan);
  const buyers = buyerTraffic(world, scenario, seed, shard, plan);
  for (;;) {
    const s = sellers.next();
    const b = buyers.next();
    if (s.done || b.done) return;
    yield {
      day: s.value.day,
      dayStartMs: s.value.dayStartMs,
      sellerEvents: s.value.events,
      buyerEvents: b.value.events,
    };
  }
}

/** Every event of a shard in recording order (each day: seller events, then buyer events), streamed. */
export function* recordedEvents(
  world: World,
  scenario: Scenario,
  seed: number,
  shard: Shard = WHOLE,
  plan: SellerPlan = planSellers(world, scenario, seed),
): Generator<AffEvent> {
  for (const day of simulationDays(world, scenario, seed, shard, plan)) {
    yield* day.sellerEvents;
    yield* day.buyerEvents;
  }
}
