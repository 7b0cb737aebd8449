import type { EventOf } from '../domain/events.js';
import { formatInstant } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import { spanEndMs } from './day-span.js';
import { accepted, type Outcome, rejected, type StoreState } from './state.js';

/** Seller side: joining, withdrawing and settings (R1, R2, R4). Unknown names are refused earlier (R16). */

export function isMember(store: StoreState): boolean {
  return store.membership.status === 'member';
}

/** R1: a store joins when it is out and any cooldown since its last withdrawal has passed. */
export function join(store: StoreState, event: EventOf<'store.joined'>, policy: Policy): Outcome {
  const m = store.membership;
  if (m.status === 'member') return rejected('R1', `store ${store.storeId} is already a member`);
  if (m.status === 'withdrawn') {
    const allowedAtMs = spanEndMs(m.withdrawnAtMs, policy.rejoinCooldownDays, policy);
    if (event.at < allowedAtMs) {
      return rejected(
        'R1',
        `store ${store.storeId} withdrew at ${formatInstant(m.withdrawnAtMs)} and may rejoin from ${formatInstant(allowedAtMs)} (rejoinCooldownDays=${policy.rejoinCooldownDays})`,
      );
    }
  }
  const bounds = rateBoundsProblem(event.defaultRateBps, policy);
  if (bounds) return rejected('R1', `defaultRateBps: ${bounds}`);
  store.membership = { status: 'member', joinedAtMs: event.at };
  // A rejoin replaces only the default rate; main products and category rates persist (R4).
  store.defaultRateBps = event.defaultRateBps;
  return accepted();
}

/** R2: a member may withdraw once it has been a member for `minMembershipDays`. */
export function withdraw(store: StoreState, event: EventOf<'store.withdrew'>, policy: Policy): Outcome {
  const m = store.membership;
  if (m.status !== 'member') return rejected('R2', `store ${store.storeId} is not a member`);
  const allowedAtMs = spanEndMs(m.joinedAtMs, policy.minMembershipDays, policy);
  if (event.at < allowedAtMs) {
    return rejected(
      'R2',
      `store ${store.storeId} joined at ${formatInstant(m.joinedAtMs)} and may withdraw from ${formatInstant(allowedAtMs)} (minMembershipDays=${policy.minMembershipDays})`,
    );
  }
  store.membership = { status: 'withdrawn', withdrawnAtMs: event.at };
  return accepted();
}

type SettingEvent = EventOf<
  'store.defaultRateSet' | 'store.mainProductSet' | 'store.mainProductRemoved' | 'store.categoryRateSet'
>;

/** R4: settings change only while a member, and every rate lies in `rateBounds`. */
export function changeSetting(store: StoreState, event: SettingEvent, policy: Policy): Outcome {
  if (!isMember(store)) {
    return rejected('R4', `store ${store.storeId} is not a member: settings change only while a member`);
  }
  if ('rateBps' in event) {
    const bounds = rateBoundsProblem(event.rateBps, policy);
    if (bounds) return rejected('R4', `rateBps: ${bounds}`);
  }
  switch (event.type) {
    case 'store.defaultRateSet':
      store.defaultRateBps = event.rateBps;
      return accepted();
    case 'store.mainProductSet':
      store.mainRateBps.set(event.productId, event.rateBps);
      return accepted();
    case 'store.mainProductRemoved':
      if (!store.mainRateBps.delete(event.productId)) {
        return rejected('R4', `product ${event.productId} is not a main product of store ${store.storeId}`);
      }
      return accepted();
    case 'store.categoryRateSet':
      store.categoryRateBps.set(event.categoryId, event.rateBps);
      return accepted();
  }
}

function rateBoundsProblem(rateBps: number, policy: Policy): string | undefined {
  const { minBps, maxBps } = policy.rateBounds;
  if (rateBps >= minBps && rateBps <= maxBps) return undefined;
  return `${rateBps} bps is outside rateBounds ${minBps}..${maxBps}`;
}
