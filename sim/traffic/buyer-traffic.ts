import { DAY_MS } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { buyerActivity, buyerProfile } from '../world/buyer-profile.js';
import { unitFromPath } from '../world/derive-seed.js';
import { Rng } from '../world/rng.js';
import { SALT } from '../world/stream-salts.js';
import type { World } from '../world/world.js';
import { adversarialSessions, hasAdversarialSessions } from './_adversarial-sessions.js';
import { BuyerDayWriter, type Retries } from './_buyer-writer.js';
import { clickSession, organicSession } from './_click-session.js';
import { poissonFromUnit, sessionStartMs } from './_delays.js';
import { edgeSession } from './_edge-session.js';
import { sameDayByDay, sameDayOrders } from './_same-day-orders.js';
import type { DayEvents } from './day-events.js';
import { PendingEvents } from './pending-events.js';
import { planSellers, type SellerPlan } from './seller-plan.js';
import { assertShard, type Shard, WHOLE } from './shard.js';
import { ShardBuyerIds } from './shard-buyer-ids.js';
import { trafficContext } from './traffic-context.js';

/** Sessions of one buyer on one day (a limit on everything; the Poisson tail never gets near). */
export const SESSIONS_PER_BUYER_DAY_MAX = 50;

/**
 * The buyer side of the run, day by day, for the buyers of one shard (issue 5, "Behaviour",
 * "Workers"). Each day, each buyer draws a Poisson number of sessions (scenario rate × the
 * buyer's activity × the day's bursts) from a uniform hashed from (seed, buyer, day); a buyer with
 * sessions gets a generator derived from (seed, buyer, day). Nothing depends on other buyers, so a
 * buyer's events are identical in whichever shard generates them.
 *
 * Streams: events later than their session's day wait in day buckets (the only state kept: the
 * sessions in flight); each yielded day holds the events whose instant falls in it, in recording
 * order (time, then buyer, then generation order). Events after the run's end are not generated.
 */
export function* buyerTraffic(
  world: World,
  scenario: Scenario,
  seed: number,
  shard: Shard = WHOLE,
  plan: SellerPlan = planSellers(world, scenario, seed),
): Generator<DayEvents> {
  assertShard(shard);
  const ctx = trafficContext(world, scenario, seed, plan);
  const pending = new PendingEvents(scenario.startMs, scenario.days);
  const buyerIds = new ShardBuyerIds(shard);
  const { sessionsPerDay, organicShare, retries } = scenario.buyers;
  const retriesOf = (b: number, day: number): Retries | undefined =>
    retries.share === 0 && retries.conflictShare === 0
      ? undefined
      : {
          share: retries.share,
          meanDelayMs: retries.meanDelayMinutes * 60_000,
          conflictShare: retries.conflictShare,
          rng: Rng.derive(seed, SALT.buyerRetries, b, day),
        };
  const adversarial = hasAdversarialSessions(scenario.adversarial);
  const sameDay = sameDayByDay(plan, scenario.startMs, world.buyerCount, seed);
  for (let day = 0; day < scenario.days; day += 1) {
    const dayStartMs = scenario.startMs + day * DAY_MS;
    const dayRate = sessionsPerDay * (ctx.trafficFactor[day] as number);
    const sameDayBuyers = sameDay.get(day);
    for (let b = shard.index; b < world.buyerCount; b += shard.count) {
      const mean = dayRate * buyerActivity(seed, b);
      const sessions = poissonFromUnit(
        mean,
        unitFromPath(seed, SALT.buyerSessions, b, day),
        SESSIONS_PER_BUYER_DAY_MAX,
      );
      const targets = sameDayBuyers?.get(b);
      if (sessions === 0 && targets === undefined) continue;
      const writer = new BuyerDayWriter(b, buyerIds.of(b), day, dayStartMs, pending, retriesOf(b, day));
      const rng = Rng.derive(seed, SALT.buyerDay, b, day);
      const adversaryRng = adversarial ? Rng.derive(seed, SALT.adversarialSessions, b, day) : undefined;
      const { utcOffsetHours } = buyerProfile(world, b);
      for (let s = 0; s < sessions; s += 1) {
        const startMs = sessionStartMs(rng, dayStartMs, utcOffsetHours);
        if (!(rng.chance(scenario.edges.bias) && edgeSession(ctx, rng, writer, startMs))) {
          if (rng.chance(organicShare)) organicSession(ctx, rng, writer, startMs);
          else clickSession(ctx, rng, writer, startMs);
        }
      }
      // Adversarial sessions and orders before same-day setting changes come after the buyer's
      // ordinary sessions, so those keep their event ids, order ids and retries.
      for (let s = 0; adversaryRng !== undefined && s < sessions; s += 1)
        adversarialSessions(ctx, adversaryRng, writer, utcOffsetHours);
      const targetRng = targets && Rng.derive(seed, SALT.sameDayOrders, b, day);
      for (const target of targets ?? []) sameDayOrders(ctx, targetRng as Rng, writer, target);
    }
    yield { day, dayStartMs, events: pending.take(day) };
  }
}
