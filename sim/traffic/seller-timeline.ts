import type { AffEvent } from '../domain/events.js';
import { DAY_MS } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import type { World } from '../world/world.js';
import type { DayEvents } from './day-events.js';
import { entityEventId } from './event-ids.js';
import { planSellers, type SellerPlan } from './seller-plan.js';

/**
 * The seller side of the run, day by day, every day of the scenario (empty days too, so it zips
 * with the buyer side): on day 0 every affiliate and then every store registers at the start
 * instant; then the stores' planned joins, settings, withdrawals and rejoins. Within a day events
 * are in time order, ties by store and the store's sequence.
 */
export function* sellerTimeline(
  world: World,
  scenario: Scenario,
  seed: number,
  plan: SellerPlan = planSellers(world, scenario, seed),
): Generator<DayEvents> {
  const byDay: AffEvent[][] = Array.from({ length: scenario.days }, () => []);
  for (const store of plan.stores) {
    for (const event of store.events) {
      const day = Math.floor((event.at - scenario.startMs) / DAY_MS);
      if (day < scenario.days) (byDay[day] as AffEvent[]).push(event);
    }
  }
  for (let day = 0; day < scenario.days; day += 1) {
    const events = byDay[day] as AffEvent[];
    byDay[day] = [];
    // Stable sort: per store the plan is already in time order, so only stores interleave.
    events.sort((a, b) => a.at - b.at);
    yield {
      day,
      dayStartMs: scenario.startMs + day * DAY_MS,
      events: day === 0 ? [...registrations(world, scenario.startMs), ...events] : events,
    };
  }
}

/** Registration comes first (R16: events naming an unregistered store or affiliate are refused). */
function* registrations(world: World, atMs: number): Generator<AffEvent> {
  for (const a of world.affiliates) {
    yield {
      id: entityEventId(a.affiliateId, 0, 'affiliate.registered'),
      type: 'affiliate.registered',
      at: atMs,
      affiliateId: a.affiliateId,
      channel: a.channel,
    };
  }
  for (const s of world.stores) {
    yield {
      id: entityEventId(s.storeId, 0, 'store.registered'),
      type: 'store.registered',
      at: atMs,
      storeId: s.storeId,
      products: s.products.map((p) => ({ productId: p.productId, categoryId: p.categoryId })),
    };
  }
}
