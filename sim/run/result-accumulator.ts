import type { DecisionJson, DecisionStatus, Tier, UnattributedReason } from '../domain/decision.js';
import { DAY_MS, formatInstant } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import type {
  DailyCounts,
  MoneyPair,
  RunResult,
  StoreSummary,
  Violation,
  ViolationGroup,
} from './run-result.js';

const STATUSES: readonly DecisionStatus[] = ['not-attributed', 'pending', 'payable', 'void', 'reversed'];
const REASONS: readonly UnattributedReason[] = ['store-not-member', 'no-click', 'window-expired'];
const TIERS: readonly Tier[] = ['main', 'category', 'default'];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Counts of one shard's run as it goes. Everything is a sum over buyers, so shard results add up
 * to the unsharded run's, whatever the number of workers (issue 5, "Scale out").
 */
export class ResultAccumulator {
  readonly #events = {
    sent: 0,
    accepted: 0,
    repeats: 0,
    rejectedByRule: {} as Record<string, number>,
    rejectedNoRule: 0,
    unsupported: 0,
  };
  readonly #clicks = { total: 0, qualifying: 0, notQualifying: 0 };
  readonly #byStatus = zeros(STATUSES);
  readonly #byReason = zeros(REASONS);
  readonly #byTier = zeros(TIERS);
  readonly #byChannel: Record<string, number> = {};
  readonly #byAffiliate: Record<string, number> = {};
  readonly #stores = new Map<string, Mutable<StoreSummary>>();
  readonly #daily: Mutable<DailyCounts>[];
  readonly #delayBuckets: number[];
  #orders = 0;
  #gmvCents = 0;
  #commissionCents = 0;
  readonly #money = {
    modelCents: 0,
    platformCents: 0,
    overpaidCents: 0,
    underpaidCents: 0,
    gmvCents: 0,
    byTier: Object.fromEntries(TIERS.map((t) => [t, pair()])) as Record<Tier, Mutable<MoneyPair>>,
    byAffiliate: new Map<string, Mutable<MoneyPair>>(),
    byStore: new Map<string, Mutable<MoneyPair>>(),
  };
  readonly #decisions = { matched: 0, total: 0 };

  constructor(readonly scenario: Scenario) {
    this.#daily = Array.from({ length: scenario.days }, (_, day) => ({
      day,
      date: formatInstant(scenario.startMs + day * DAY_MS),
      clicks: 0,
      orders: 0,
      commissionCents: 0,
      violations: 0,
    }));
    // Daily buckets up to twice the window, then one open-ended bucket: the window's edge is in view.
    this.#delayBuckets = new Array(2 * scenario.policy.windowDays + 1).fill(0);
  }

  /** An event of the run's history and the platform's answer (a repeat carries the original answer, R17). */
  answered(accepted: boolean, rule: string | undefined): void {
    this.#events.sent += 1;
    if (accepted) this.#events.accepted += 1;
    else if (rule !== undefined)
      this.#events.rejectedByRule[rule] = (this.#events.rejectedByRule[rule] ?? 0) + 1;
    else this.#events.rejectedNoRule += 1;
  }

  /** An event of a type the target does not take (defineTarget's `unsupported`): not sent. */
  unsupported(): void {
    this.#events.unsupported += 1;
  }

  /** A repeat of an event id the history already holds, same payload (R17). */
  repeat(): void {
    this.#events.repeats += 1;
  }

  click(storeId: string, atMs: number, qualifying: boolean): void {
    this.#clicks.total += 1;
    if (qualifying) this.#clicks.qualifying += 1;
    else this.#clicks.notQualifying += 1;
    this.#store(storeId).clicks += 1;
    this.#day(atMs).clicks += 1;
  }

  /** An order's delay from the buyer's latest qualifying click into the store (R8), when there was one. */
  clickToOrder(delayMs: number): void {
    const bucket = Math.min(Math.floor(delayMs / DAY_MS), this.#delayBuckets.length - 1);
    this.#delayBuckets[bucket] = (this.#delayBuckets[bucket] as number) + 1;
  }

  /**
   * An order as the platform finally decided it; `channel` is the credited click's (R8). `model` is
   * the reference model's decision of it and `matched` whether the two agree in every compared
   * field: together they feed the money at stake (issue 10).
   */
  order(
    storeId: string,
    createdAtMs: number,
    gmvCents: number,
    decision: DecisionJson | null,
    channel: string | undefined,
    model: DecisionJson | null,
    matched: boolean,
  ): void {
    this.#stake(storeId, gmvCents, decision, model, matched);
    this.#orders += 1;
    this.#gmvCents += gmvCents;
    const store = this.#store(storeId);
    store.orders += 1;
    store.gmvCents += gmvCents;
    const day = this.#day(createdAtMs);
    day.orders += 1;
    if (decision === null) return;
    this.#byStatus[decision.status] += 1;
    if (decision.reason !== null) this.#byReason[decision.reason] += 1;
    const cents = decision.commissionCents;
    this.#commissionCents += cents;
    store.commissionCents += cents;
    day.commissionCents += cents;
    for (const line of decision.lines)
      if (line.tier !== null) this.#byTier[line.tier] += line.commissionCents;
    if (decision.affiliateId !== null) add(this.#byAffiliate, decision.affiliateId, cents);
    if (channel !== undefined && decision.attributed) add(this.#byChannel, channel, cents);
  }

  /** Counts a violation seen at `atMs`; returns the index of its day. */
  violation(atMs: number): number {
    const day = this.#day(atMs);
    day.violations += 1;
    return day.day;
  }

  /** The shard's result; its maps are put in canonical order where results are merged and written (result-json.ts). */
  result(
    base: Pick<
      RunResult,
      'affsim' | 'scenario' | 'seed' | 'shards' | 'target' | 'compared' | 'policy' | 'examplesPerGroup'
    >,
    violations: readonly Violation[],
    violationGroups: readonly ViolationGroup[],
    timing: RunResult['timing'],
  ): RunResult {
    return {
      ...base,
      period: {
        startAt: formatInstant(this.scenario.startMs),
        endAt: formatInstant(this.scenario.endMs),
        days: this.scenario.days,
      },
      events: { ...this.#events, rejectedByRule: { ...this.#events.rejectedByRule } },
      clicks: { ...this.#clicks },
      orders: {
        total: this.#orders,
        byStatus: { ...this.#byStatus },
        byReason: { ...this.#byReason },
        gmvCents: this.#gmvCents,
      },
      commission: {
        totalCents: this.#commissionCents,
        byTier: { ...this.#byTier },
        byChannel: { ...this.#byChannel },
        byAffiliate: { ...this.#byAffiliate },
      },
      money: {
        modelCents: this.#money.modelCents,
        platformCents: this.#money.platformCents,
        overpaidCents: this.#money.overpaidCents,
        underpaidCents: this.#money.underpaidCents,
        gmvCents: this.#money.gmvCents,
        byTier: Object.fromEntries(TIERS.map((t) => [t, { ...this.#money.byTier[t] }])) as Record<
          Tier,
          MoneyPair
        >,
        byAffiliate: pairs(this.#money.byAffiliate),
        byStore: pairs(this.#money.byStore),
      },
      decisions: { ...this.#decisions },
      stores: Object.fromEntries(this.#stores),
      daily: this.#daily.map((d) => ({ ...d })),
      clickToOrderHours: this.#delayBuckets.map((orders, i) => ({ hours: i * 24, orders })),
      violations,
      violationGroups,
      timing,
    };
  }

  #stake(
    storeId: string,
    gmvCents: number,
    platform: DecisionJson | null,
    model: DecisionJson | null,
    matched: boolean,
  ): void {
    const m = this.#money;
    const modelCents = model?.commissionCents ?? 0;
    const platformCents = platform?.commissionCents ?? 0;
    m.modelCents += modelCents;
    m.platformCents += platformCents;
    m.overpaidCents += Math.max(0, platformCents - modelCents);
    m.underpaidCents += Math.max(0, modelCents - platformCents);
    m.gmvCents += gmvCents;
    const store = pairOf(m.byStore, storeId);
    store.modelCents += modelCents;
    store.platformCents += platformCents;
    if (model?.affiliateId != null) pairOf(m.byAffiliate, model.affiliateId).modelCents += modelCents;
    if (platform?.affiliateId != null)
      pairOf(m.byAffiliate, platform.affiliateId).platformCents += platformCents;
    for (const line of model?.lines ?? [])
      if (line.tier !== null) m.byTier[line.tier].modelCents += line.commissionCents;
    for (const line of platform?.lines ?? [])
      if (line.tier !== null) m.byTier[line.tier].platformCents += line.commissionCents;
    this.#decisions.total += 1;
    if (matched) this.#decisions.matched += 1;
  }

  #store(storeId: string): Mutable<StoreSummary> {
    let s = this.#stores.get(storeId);
    if (s === undefined) {
      s = { clicks: 0, orders: 0, gmvCents: 0, commissionCents: 0 };
      this.#stores.set(storeId, s);
    }
    return s;
  }

  #day(atMs: number): Mutable<DailyCounts> {
    const index = Math.min(
      Math.max(Math.floor((atMs - this.scenario.startMs) / DAY_MS), 0),
      this.#daily.length - 1,
    );
    return this.#daily[index] as Mutable<DailyCounts>;
  }
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function add(map: Record<string, number>, key: string, n: number): void {
  map[key] = (map[key] ?? 0) + n;
}

function pair(): Mutable<MoneyPair> {
  return { modelCents: 0, platformCents: 0 };
}

function pairOf(map: Map<string, Mutable<MoneyPair>>, key: string): Mutable<MoneyPair> {
  let p = map.get(key);
  if (p === undefined) {
    p = pair();
    map.set(key, p);
  }
  return p;
}

function pairs(map: ReadonlyMap<string, MoneyPair>): Record<string, MoneyPair> {
  return Object.fromEntries([...map].map(([k, p]) => [k, { ...p }]));
}
