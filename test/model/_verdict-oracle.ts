import type { RuleId } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import { expectedSpanEndMs } from '../arbitraries/index.js';

/**
 * What RULES.md says each event gets, `accepted` or the rule that refuses it, replayed from the
 * rule text alone (R1, R2, R4, R14, R16 and the edge-case table) in evaluation order. R17 is left
 * to the caller (events it refuses are not passed in). Also keeps what is left of each order line
 * and each order's lifecycle, for the properties on refunds and status.
 */
export type Verdict = 'accepted' | RuleId;

interface Store {
  readonly categoryOf: ReadonlyMap<string, string>;
  membership: 'never' | 'member' | 'withdrawn';
  joinedAtMs: number;
  withdrawnAtMs: number;
  readonly main: Set<string>;
}

export interface OrderBook {
  readonly storeId: string;
  lifecycle: 'open' | 'completed' | 'cancelled';
  readonly refundedCents: Map<string, number>;
  readonly amountCents: ReadonlyMap<string, number>;
}

export class VerdictOracle {
  readonly #stores = new Map<string, Store>();
  readonly #affiliates = new Set<string>();
  readonly orders = new Map<string, OrderBook>();

  constructor(readonly policy: Policy) {}

  verdict(e: AffEvent): Verdict {
    switch (e.type) {
      case 'store.registered':
        if (this.#stores.has(e.storeId)) return 'R16';
        this.#stores.set(e.storeId, {
          categoryOf: new Map(e.products.map((p) => [p.productId, p.categoryId])),
          membership: 'never',
          joinedAtMs: 0,
          withdrawnAtMs: 0,
          main: new Set(),
        });
        return 'accepted';
      case 'affiliate.registered':
        if (this.#affiliates.has(e.affiliateId)) return 'R16';
        this.#affiliates.add(e.affiliateId);
        return 'accepted';
      case 'store.joined':
        return this.#withStore(e.storeId, (s) => this.#join(s, e.at, e.defaultRateBps));
      case 'store.withdrew':
        return this.#withStore(e.storeId, (s) => this.#withdraw(s, e.at));
      case 'store.defaultRateSet':
        return this.#withStore(e.storeId, (s) => this.#setting(s, e.rateBps));
      case 'store.mainProductSet':
        return this.#withStore(e.storeId, (s) => {
          if (!s.categoryOf.has(e.productId)) return 'R16';
          const v = this.#setting(s, e.rateBps);
          if (v === 'accepted') s.main.add(e.productId);
          return v;
        });
      case 'store.mainProductRemoved':
        return this.#withStore(e.storeId, (s) => {
          if (!s.categoryOf.has(e.productId)) return 'R16';
          if (s.membership !== 'member' || !s.main.has(e.productId)) return 'R4';
          s.main.delete(e.productId);
          return 'accepted';
        });
      case 'store.categoryRateSet':
        return this.#withStore(e.storeId, (s) =>
          [...s.categoryOf.values()].includes(e.categoryId) ? this.#setting(s, e.rateBps) : 'R16',
        );
      case 'click':
        return this.#withStore(e.storeId, (s) =>
          !this.#affiliates.has(e.affiliateId) ||
          (e.productId !== undefined && !s.categoryOf.has(e.productId))
            ? 'R16'
            : 'accepted',
        );
      case 'order.created':
        if (this.orders.has(e.orderId)) return 'R16';
        return this.#withStore(e.storeId, (s) => {
          if (e.lines.some((l) => !s.categoryOf.has(l.productId))) return 'R16';
          this.orders.set(e.orderId, {
            storeId: e.storeId,
            lifecycle: 'open',
            refundedCents: new Map(e.lines.map((l) => [l.productId, 0])),
            amountCents: new Map(e.lines.map((l) => [l.productId, l.amountCents])),
          });
          return 'accepted';
        });
      case 'order.completed':
      case 'order.cancelled':
        return this.#withOrder(e.orderId, (o) => {
          if (o.lifecycle !== 'open') return 'R16';
          o.lifecycle = e.type === 'order.completed' ? 'completed' : 'cancelled';
          return 'accepted';
        });
      case 'order.refunded':
        return this.#withOrder(e.orderId, (o) => {
          const store = this.#stores.get(o.storeId) as Store;
          if (o.lifecycle === 'cancelled' || !store.categoryOf.has(e.productId)) return 'R16';
          const amount = o.amountCents.get(e.productId);
          const refunded = o.refundedCents.get(e.productId) ?? 0;
          if (amount === undefined || e.amountCents > amount - refunded) return 'R14';
          o.refundedCents.set(e.productId, refunded + e.amountCents);
          return 'accepted';
        });
    }
  }

  /** R1: out of the programme, past any cooldown, with a rate inside the bounds. */
  #join(s: Store, atMs: number, rateBps: number): Verdict {
    if (s.membership === 'member') return 'R1';
    const { rejoinCooldownDays } = this.policy;
    if (
      s.membership === 'withdrawn' &&
      atMs < expectedSpanEndMs(s.withdrawnAtMs, rejoinCooldownDays, this.policy)
    )
      return 'R1';
    if (!this.#inBounds(rateBps)) return 'R1';
    s.membership = 'member';
    s.joinedAtMs = atMs;
    return 'accepted';
  }

  /** R2: a member, at least minMembershipDays after joining. */
  #withdraw(s: Store, atMs: number): Verdict {
    if (s.membership !== 'member') return 'R2';
    if (atMs < expectedSpanEndMs(s.joinedAtMs, this.policy.minMembershipDays, this.policy)) return 'R2';
    s.membership = 'withdrawn';
    s.withdrawnAtMs = atMs;
    return 'accepted';
  }

  /** R4: settings only while a member, rates inside the bounds. */
  #setting(s: Store, rateBps: number): Verdict {
    return s.membership === 'member' && this.#inBounds(rateBps) ? 'accepted' : 'R4';
  }

  #inBounds(rateBps: number): boolean {
    return rateBps >= this.policy.rateBounds.minBps && rateBps <= this.policy.rateBounds.maxBps;
  }

  #withStore(storeId: string, rule: (s: Store) => Verdict): Verdict {
    const s = this.#stores.get(storeId);
    return s === undefined ? 'R16' : rule(s);
  }

  #withOrder(orderId: string, rule: (o: OrderBook) => Verdict): Verdict {
    const o = this.orders.get(orderId);
    return o === undefined ? 'R16' : rule(o);
  }
}

/** R17 from its text: the first event recorded with an id is the event; later ones repeat it or conflict. */
export function admissions(events: readonly AffEvent[]): ('new' | 'repeat' | 'conflict')[] {
  const first = new Map<string, string>();
  return events.map((e) => {
    const payload = canonical(e);
    const seen = first.get(e.id);
    if (seen === undefined) first.set(e.id, payload);
    return seen === undefined ? 'new' : seen === payload ? 'repeat' : 'conflict';
  });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** An event the rule book accepts, with its position in recording order. */
export interface AcceptedEvent {
  readonly event: AffEvent;
  readonly index: number;
}

/**
 * The events RULES.md accepts, in evaluation order (by `at`, ties in recording order), decided
 * from the rule text alone: R17 by `admissions`, everything else by `VerdictOracle`. Properties
 * replay settings and membership from this list, never from the model's own verdicts.
 */
export function acceptedByRuleText(events: readonly AffEvent[], policy: Policy): AcceptedEvent[] {
  const admitted = admissions(events);
  const oracle = new VerdictOracle(policy);
  return events
    .map((event, index) => ({ event, index }))
    .sort((x, y) => x.event.at - y.event.at || x.index - y.index)
    .filter(({ event, index }) => admitted[index] === 'new' && oracle.verdict(event) === 'accepted');
}
