import type { EventOf } from '../../sim/domain/events.js';
import { formatInstant } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';
import { accepted, type Outcome, rejected } from './outcome.js';
import { spanEndMs } from './span-end.js';
import { isMemberAt, type StoreRecord } from './store-record.js';
import { Versioned } from './versioned.js';

export type SellerEvent = EventOf<
  | 'store.joined'
  | 'store.withdrew'
  | 'store.defaultRateSet'
  | 'store.mainProductSet'
  | 'store.mainProductRemoved'
  | 'store.categoryRateSet'
>;

/**
 * The seller side (R1, R2, R4) for a store already known to exist (R16 was checked by the caller).
 * Every rule reads the store as of the event's own instant, and every change is a new version from
 * that instant, so later buyer events with earlier instants are still decided as of their time.
 */
export function applySellerEvent(store: StoreRecord, event: SellerEvent, policy: Policy): Outcome {
  switch (event.type) {
    case 'store.joined':
      return join(store, event, policy);
    case 'store.withdrew':
      return withdraw(store, event, policy);
    default:
      return changeSetting(store, event, policy);
  }
}

/** R1: join when not a member, after any rejoin cooldown, with a default rate inside rateBounds. */
function join(store: StoreRecord, event: EventOf<'store.joined'>, policy: Policy): Outcome {
  const current = store.membership.at(event.at);
  if (current?.member) return rejected('R1', `R1: store ${store.storeId} is already a member`);
  if (current !== undefined) {
    const rejoinFromMs = spanEndMs(current.sinceMs, policy.rejoinCooldownDays, policy);
    if (event.at < rejoinFromMs) {
      return rejected(
        'R1',
        `R1: store ${store.storeId} withdrew at ${formatInstant(current.sinceMs)}; it may rejoin from ${formatInstant(rejoinFromMs)} (rejoinCooldownDays=${policy.rejoinCooldownDays})`,
      );
    }
  }
  const outside = outsideRateBounds(event.defaultRateBps, policy);
  if (outside) return rejected('R1', `R1: defaultRateBps ${outside}`);
  store.membership.set(event.at, { member: true, sinceMs: event.at });
  // R4: a rejoin replaces only the default rate; main products and category rates persist.
  store.defaultRateBps.set(event.at, event.defaultRateBps);
  return accepted();
}

/** R2: a member withdraws once it has been one for minMembershipDays. */
function withdraw(store: StoreRecord, event: EventOf<'store.withdrew'>, policy: Policy): Outcome {
  const current = store.membership.at(event.at);
  if (!current?.member) return rejected('R2', `R2: store ${store.storeId} is not a member`);
  const withdrawFromMs = spanEndMs(current.sinceMs, policy.minMembershipDays, policy);
  if (event.at < withdrawFromMs) {
    return rejected(
      'R2',
      `R2: store ${store.storeId} joined at ${formatInstant(current.sinceMs)}; it may withdraw from ${formatInstant(withdrawFromMs)} (minMembershipDays=${policy.minMembershipDays})`,
    );
  }
  store.membership.set(event.at, { member: false, sinceMs: event.at });
  return accepted();
}

type SettingEvent = Exclude<SellerEvent, EventOf<'store.joined' | 'store.withdrew'>>;

/** R4: settings change only while a member, with rates inside rateBounds; only a main product can be removed. */
function changeSetting(store: StoreRecord, event: SettingEvent, policy: Policy): Outcome {
  if (!isMemberAt(store, event.at)) {
    return rejected('R4', `R4: store ${store.storeId} is not a member; settings change only while a member`);
  }
  if (event.type !== 'store.mainProductRemoved') {
    const outside = outsideRateBounds(event.rateBps, policy);
    if (outside) return rejected('R4', `R4: rateBps ${outside}`);
  }
  switch (event.type) {
    case 'store.defaultRateSet':
      store.defaultRateBps.set(event.at, event.rateBps);
      return accepted();
    case 'store.mainProductSet':
      versionsOf(store.mainRateBps, event.productId).set(event.at, event.rateBps);
      return accepted();
    case 'store.mainProductRemoved': {
      const versions = store.mainRateBps.get(event.productId);
      const rateBps = versions?.at(event.at);
      if (versions === undefined || rateBps === undefined || rateBps === null) {
        return rejected(
          'R4',
          `R4: product ${event.productId} is not a main product of store ${store.storeId}`,
        );
      }
      versions.set(event.at, null);
      return accepted();
    }
    case 'store.categoryRateSet':
      versionsOf(store.categoryRateBps, event.categoryId).set(event.at, event.rateBps);
      return accepted();
  }
}

function versionsOf<T>(byKey: Map<string, Versioned<T>>, key: string): Versioned<T> {
  let versions = byKey.get(key);
  if (versions === undefined) {
    versions = new Versioned<T>();
    byKey.set(key, versions);
  }
  return versions;
}

function outsideRateBounds(rateBps: number, policy: Policy): string | undefined {
  const { minBps, maxBps } = policy.rateBounds;
  return rateBps >= minBps && rateBps <= maxBps
    ? undefined
    : `${rateBps} is outside rateBounds ${minBps}..${maxBps}`;
}
