import type { Scenario } from '../scenario/define-scenario.js';
import type { World } from '../world/world.js';
import type { SameDayTarget } from './_same-day-targets.js';
import { type PlannedMembership, planStore, type StorePlan } from './_store-plan.js';
import { EdgeIndex } from './edge-index.js';

export type { PlannedMembership, StorePlan };

/**
 * Every store's seller timeline, planned up front: it is small (tens of events per store), every
 * shard needs all of it (each shard replays the seller timeline, idempotent by event id), and the
 * buyer side reads its memberships and edges to pack traffic at them. Each store draws from its
 * own stream, so the plan is the same whatever the shard.
 */
export interface SellerPlan {
  readonly stores: readonly StorePlan[];
  readonly joins: EdgeIndex;
  readonly withdrawals: EdgeIndex;
  readonly settings: EdgeIndex;
  /** Setting changes that same-day orders of the affected product precede (adversarial), by store. */
  readonly sameDay: readonly SameDayTarget[];
}

export function planSellers(world: World, scenario: Scenario, seed: number): SellerPlan {
  const stores = world.stores.map((store) => planStore(store, scenario, seed));
  const joins: { atMs: number; storeIndex: number; productIndex: number }[] = [];
  const withdrawals: typeof joins = [];
  const settings: typeof joins = [];
  for (const plan of stores) {
    for (const m of plan.memberships) {
      joins.push({ atMs: m.joinedAtMs, storeIndex: plan.storeIndex, productIndex: -1 });
      if (m.withdrawnAtMs !== undefined) {
        withdrawals.push({ atMs: m.withdrawnAtMs, storeIndex: plan.storeIndex, productIndex: -1 });
      }
    }
    for (const s of plan.settings) settings.push({ ...s, storeIndex: plan.storeIndex });
  }
  return {
    stores,
    joins: new EdgeIndex(joins),
    withdrawals: new EdgeIndex(withdrawals),
    settings: new EdgeIndex(settings),
    sameDay: stores.flatMap((plan) => plan.sameDay),
  };
}

/** Whether the plan has the store in the programme at `atMs` (membership is `[joinedAt, withdrawnAt)`). */
export function isPlannedMember(plan: SellerPlan, storeIndex: number, atMs: number): boolean {
  const memberships = plan.stores[storeIndex]?.memberships ?? [];
  return memberships.some(
    (m) => m.joinedAtMs <= atMs && (m.withdrawnAtMs === undefined || atMs < m.withdrawnAtMs),
  );
}
