import type { AffEvent, ClickEvent, EventOf } from '../../sim/domain/events.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { spanEndMs } from '../../sim/model/day-span.js';
import type { Outcome } from '../../sim/model/state.js';
import { membershipChanges, ofType, timeOrdered } from './_history-facts.js';
import type { Run } from './_small.js';

/** Facts about the adversarial shapes of a generated history (scenario `adversarial` knobs). */

export type RateEvent = EventOf<
  'store.joined' | 'store.defaultRateSet' | 'store.mainProductSet' | 'store.categoryRateSet'
>;
export const RATE_TYPES = [
  'store.joined',
  'store.defaultRateSet',
  'store.mainProductSet',
  'store.categoryRateSet',
] as const;

export const rateOf = (e: RateEvent): number => ('defaultRateBps' in e ? e.defaultRateBps : e.rateBps);

/** The events of a type whose rate is `rateBps`, with the model's outcome of each (`ok` or the refusing rule). */
export function withRate(r: Run, type: RateEvent['type'], rateBps: number): string[] {
  return ofType(r.events, type)
    .filter((e) => rateOf(e) === rateBps)
    .map((e) => {
      const o = r.outcomes.get(e.id) as Outcome;
      return o.kind === 'accepted' ? 'ok' : o.rule;
    });
}

export type SettingType =
  | 'store.defaultRateSet'
  | 'store.mainProductSet'
  | 'store.mainProductRemoved'
  | 'store.categoryRateSet';
export const SETTING_TYPES: readonly SettingType[] = [
  'store.defaultRateSet',
  'store.mainProductSet',
  'store.mainProductRemoved',
  'store.categoryRateSet',
];

export interface SameDayPair {
  readonly setting: AffEvent;
  readonly order: EventOf<'order.created'>;
  /** The tier the model resolved for the affected product's line (null when not attributed). */
  readonly tier: string | null;
}

/**
 * Accepted setting changes with an order of the affected product created earlier the same day and
 * recorded after them (a day's seller events come first): for a main product set or removed its
 * own line, for a category rate a line of that category, for a default rate a line at the default tier.
 */
export function sameDayPairs(r: Run): SameDayPair[] {
  const categoryOf = new Map<string, string>();
  for (const e of ofType(r.events, 'store.registered'))
    for (const p of e.products) categoryOf.set(p.productId, p.categoryId);
  const decisions = new Map(r.evaluation.decisions.map((d) => [d.orderId, d]));
  const dayOf = (atMs: number) => Math.floor((atMs - r.scenario.startMs) / DAY_MS);
  const orders = new Map<string, { order: EventOf<'order.created'>; index: number }[]>();
  r.events.forEach((e, index) => {
    if (e.type !== 'order.created') return;
    const key = `${e.storeId}|${dayOf(e.at)}`;
    orders.set(key, [...(orders.get(key) ?? []), { order: e, index }]);
  });
  const pairs: SameDayPair[] = [];
  r.events.forEach((setting, index) => {
    if (!(SETTING_TYPES as readonly string[]).includes(setting.type)) return;
    if ((r.outcomes.get(setting.id) as Outcome).kind !== 'accepted') return;
    const s = setting as EventOf<SettingType>;
    for (const { order, index: orderIndex } of orders.get(`${s.storeId}|${dayOf(s.at)}`) ?? []) {
      if (orderIndex < index || order.at >= s.at) continue;
      const lines = decisions.get(order.orderId)?.lines ?? [];
      const affected = lines.find((l) =>
        'productId' in s
          ? l.productId === s.productId
          : 'categoryId' in s
            ? categoryOf.get(l.productId) === s.categoryId
            : l.rate?.tier === 'default',
      );
      if (affected !== undefined) pairs.push({ setting, order, tier: affected.rate?.tier ?? null });
    }
  });
  return pairs;
}

const pairKey = (e: { buyerId: string; storeId: string }) => `${e.buyerId}|${e.storeId}`;

/** The most different affiliates clicking one (buyer, store) at one instant. */
export function maxSameInstantAffiliates(events: readonly AffEvent[]): number {
  const groups = new Map<string, Set<string>>();
  for (const c of ofType(events, 'click')) {
    const key = `${pairKey(c)}|${c.at}`;
    groups.set(key, (groups.get(key) ?? new Set()).add(c.affiliateId));
  }
  return Math.max(0, ...[...groups.values()].map((s) => s.size));
}

function clicksByPair(events: readonly AffEvent[]): Map<string, ClickEvent[]> {
  const byPair = new Map<string, ClickEvent[]>();
  for (const e of timeOrdered(events)) {
    if (e.type !== 'click') continue;
    const list = byPair.get(pairKey(e)) ?? [];
    list.push(e);
    byPair.set(pairKey(e), list);
  }
  return byPair;
}

/** For orders whose latest click is at the order's instant or 1 ms before: the most clicks of that affiliate in the half hour before. */
export function maxFloodBeforeOrder(events: readonly AffEvent[]): number {
  const byPair = clicksByPair(events);
  let max = 0;
  for (const o of ofType(events, 'order.created')) {
    const clicks = (byPair.get(pairKey(o)) ?? []).filter((c) => c.at <= o.at && c.at >= o.at - 30 * 60_000);
    const last = clicks.at(-1);
    if (last === undefined || last.at < o.at - 1) continue;
    max = Math.max(max, clicks.filter((c) => c.affiliateId === last.affiliateId).length);
  }
  return max;
}

/** The longest chain of clicks into one store by one buyer, each inside the previous one's window (R6). */
export function longestChain(r: Run): number {
  let max = 0;
  for (const clicks of clicksByPair(r.events).values()) {
    let length = 0;
    let endMs = Number.NEGATIVE_INFINITY;
    for (const c of clicks) {
      length = c.at < endMs ? length + 1 : 1;
      endMs = spanEndMs(c.at, r.scenario.policy.windowDays, r.scenario.policy);
      max = Math.max(max, length);
    }
  }
  return max;
}

/** The most different stores one buyer clicks into on one day. */
export function maxStoresPerBuyerDay(r: Run): number {
  const stores = new Map<string, Set<string>>();
  for (const c of ofType(r.events, 'click')) {
    const key = `${c.buyerId}|${Math.floor((c.at - r.scenario.startMs) / DAY_MS)}`;
    stores.set(key, (stores.get(key) ?? new Set()).add(c.storeId));
  }
  return Math.max(0, ...[...stores.values()].map((s) => s.size));
}

export type EdgeOfBurst = 'windowEnd' | 'join' | 'withdrawal';

/**
 * The most orders of one buyer in one store within ±1 ms of one edge, by kind of edge: the end of
 * the latest click's window, an accepted join, an accepted withdrawal.
 */
export function maxOrdersAtEdges(r: Run): Record<EdgeOfBurst, number> {
  const edges = { join: new Set<string>(), withdrawal: new Set<string>() };
  for (const [storeId, list] of membershipChanges(r))
    for (const c of list) (c.type === 'join' ? edges.join : edges.withdrawal).add(`${storeId}@${c.atMs}`);
  const latestEnd = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const e of timeOrdered(r.events)) {
    if (e.type === 'click')
      latestEnd.set(pairKey(e), spanEndMs(e.at, r.scenario.policy.windowDays, r.scenario.policy));
    if (e.type !== 'order.created') continue;
    const end = latestEnd.get(pairKey(e));
    for (const d of [-1, 0, 1]) {
      const at = e.at - d;
      const kinds: EdgeOfBurst[] = [];
      if (end === at) kinds.push('windowEnd');
      if (edges.join.has(`${e.storeId}@${at}`)) kinds.push('join');
      if (edges.withdrawal.has(`${e.storeId}@${at}`)) kinds.push('withdrawal');
      for (const kind of kinds) {
        const key = `${kind}|${pairKey(e)}|${at}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  const max: Record<EdgeOfBurst, number> = { windowEnd: 0, join: 0, withdrawal: 0 };
  for (const [key, n] of counts) {
    const kind = key.split('|')[0] as EdgeOfBurst;
    max[kind] = Math.max(max[kind], n);
  }
  return max;
}

export interface SpanLanding {
  readonly change: 'withdrawal' | 'rejoin';
  /** The policy span whose edge the change sits at. */
  readonly span: 'minMembershipDays' | 'rejoinCooldownDays' | 'windowDays';
  readonly offsetMs: number;
  /** `ok` or the refusing rule. */
  readonly outcome: string;
}

/**
 * Withdrawals (after the latest accepted join) and joins (after the latest accepted withdrawal)
 * within 1 ms of the end of a span of the policy counted from that join or withdrawal, by span.
 */
export function spanLandings(r: Run): SpanLanding[] {
  const { policy } = r.scenario;
  const spans = ['minMembershipDays', 'rejoinCooldownDays', 'windowDays'] as const;
  const from = new Map<string, { change: SpanLanding['change']; atMs: number }>();
  const landings: SpanLanding[] = [];
  for (const e of timeOrdered(r.events)) {
    if (e.type !== 'store.joined' && e.type !== 'store.withdrew') continue;
    const o = r.outcomes.get(e.id) as Outcome;
    const change = e.type === 'store.withdrew' ? 'withdrawal' : 'rejoin';
    const since = from.get(e.storeId);
    if (since?.change === change) {
      for (const span of spans) {
        const offsetMs = e.at - Math.max(since.atMs, spanEndMs(since.atMs, policy[span], policy));
        if (Math.abs(offsetMs) <= 1)
          landings.push({ change, span, offsetMs, outcome: o.kind === 'accepted' ? 'ok' : o.rule });
      }
    }
    if (o.kind === 'accepted')
      from.set(e.storeId, { change: change === 'rejoin' ? 'withdrawal' : 'rejoin', atMs: e.at });
  }
  return landings;
}
