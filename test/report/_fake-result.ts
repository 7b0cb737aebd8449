import { CHANNELS } from '../../sim/domain/channels.js';
import type { DecisionJson, DecisionStatus, Tier, UnattributedReason } from '../../sim/domain/decision.js';
import { DAY_MS, formatInstant } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { DECISION_FIELDS } from '../../sim/run/define-target.js';
import type {
  DailyCounts,
  MoneyAtStake,
  MoneyPair,
  RunResult,
  StoreSummary,
  Violation,
} from '../../sim/run/run-result.js';
import { Rng } from '../../sim/world/rng.js';

/**
 * A realistic, deterministic RunResult without running the simulator: per-buyer fake traffic
 * (90 days, weekly rhythm and a sale spike, several tiers and channels, a few violations) summed
 * the way the coordinator sums real traffic. Buyers split over shards like the simulator's
 * (`b % count`), so the merge of every shard's fake result must equal the unsharded one.
 */
export interface FakeOptions {
  readonly seed?: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly buyers?: number;
  /** Buyers whose first order the "platform" decides wrongly (default: a few; [] for a clean run). */
  readonly violatingBuyers?: readonly number[];
}

const START_MS = Date.UTC(2026, 0, 5);
const DAYS = 90;
const STORES = 60;
const AFFILIATES = 40;
const WINDOW_HOURS = DEFAULT_POLICY.windowDays * 24;
const BUCKET_HOURS = 12;
/** Delays are bucketed up to twice the window; the last bucket is open-ended. */
const LAST_BUCKET_HOURS = 2 * WINDOW_HOURS;
const DEFAULT_VIOLATING = [17, 211, 640, 999, 1203, 1777];

interface Totals {
  sent: number;
  accepted: number;
  repeats: number;
  rejectedByRule: Record<string, number>;
  clicks: { total: number; qualifying: number; notQualifying: number };
  orders: number;
  byStatus: Record<DecisionStatus, number>;
  byReason: Record<UnattributedReason, number>;
  gmvCents: number;
  commissionCents: number;
  byTier: Record<Tier, number>;
  byChannel: Record<string, number>;
  byAffiliate: Record<string, number>;
  stores: Record<string, StoreSummary>;
  daily: DailyCounts[];
  buckets: number[];
  violations: Violation[];
  /** The store of each violation, for the money at stake. */
  violationStores: string[];
}

export function fakeResult(options: FakeOptions = {}): RunResult {
  const seed = options.seed ?? 42;
  const shard = options.shard ?? { index: 0, count: 1 };
  const buyers = options.buyers ?? 2400;
  const violating = new Set(options.violatingBuyers ?? DEFAULT_VIOLATING);
  const t = emptyTotals();
  for (let b = shard.index; b < buyers; b += shard.count) fakeBuyer(t, seed, b, violating.has(b));
  return {
    affsim: { version: '0.1.0' },
    scenario: {
      name: 'baseline',
      description: 'Ninety days of an ordinary marketplace (fake data for tests)',
    },
    seed,
    shards: { count: shard.count, indexes: [shard.index] },
    target: 'affsim platform (in-process)',
    compared: [...DECISION_FIELDS],
    policy: DEFAULT_POLICY,
    period: { startAt: formatInstant(START_MS), endAt: formatInstant(START_MS + DAYS * DAY_MS), days: DAYS },
    events: {
      sent: t.sent,
      accepted: t.accepted,
      repeats: t.repeats,
      rejectedByRule: t.rejectedByRule,
      rejectedNoRule: 0,
      unsupported: 0,
    },
    clicks: t.clicks,
    orders: { total: t.orders, byStatus: t.byStatus, byReason: t.byReason, gmvCents: t.gmvCents },
    commission: {
      totalCents: t.commissionCents,
      byTier: t.byTier,
      byChannel: t.byChannel,
      byAffiliate: t.byAffiliate,
    },
    money: fakeMoney(t),
    decisions: {
      matched: t.orders - t.violations.filter((v) => v.kind === 'decision').length,
      total: t.orders,
    },
    stores: t.stores,
    daily: t.daily,
    clickToOrderHours: t.buckets.map((orders, i) => ({ hours: i * BUCKET_HOURS, orders })),
    violations: t.violations,
    timing: {
      wallMs: 4000 + shard.index * 250,
      eventsPerSecond: Math.round((t.sent * 1000) / (4000 + shard.index * 250)),
      latencyMs: { p50: 0.8 + shard.index / 10, p95: 3.1, p99: 7.4 + shard.index, max: 42 },
    },
  };
}

function emptyTotals(): Totals {
  return {
    sent: 0,
    accepted: 0,
    repeats: 0,
    rejectedByRule: {},
    clicks: { total: 0, qualifying: 0, notQualifying: 0 },
    orders: 0,
    byStatus: { 'not-attributed': 0, pending: 0, payable: 0, void: 0, reversed: 0 },
    byReason: { 'store-not-member': 0, 'no-click': 0, 'window-expired': 0 },
    gmvCents: 0,
    commissionCents: 0,
    byTier: { main: 0, category: 0, default: 0 },
    byChannel: {},
    byAffiliate: {},
    stores: {},
    daily: Array.from({ length: DAYS }, (_, day) => ({
      day,
      date: formatInstant(START_MS + day * DAY_MS),
      clicks: 0,
      orders: 0,
      commissionCents: 0,
      violations: 0,
    })),
    buckets: Array.from({ length: LAST_BUCKET_HOURS / BUCKET_HOURS + 1 }, () => 0),
    violations: [],
    violationStores: [],
  };
}

/**
 * The "platform" paid what the fake decided, except on its wrong decisions: the model's side is the
 * platform's with each wrong decision's difference taken back, the way the checker would sum it.
 */
function fakeMoney(t: Totals): MoneyAtStake {
  const same = (cents: number): MoneyPair => ({ modelCents: cents, platformCents: cents });
  const map = (r: Record<string, number>) =>
    Object.fromEntries(Object.entries(r).map(([k, c]) => [k, same(c)])) as Record<string, MoneyPair>;
  const byTier = {
    main: same(t.byTier.main),
    category: same(t.byTier.category),
    default: same(t.byTier.default),
  };
  const byAffiliate = map(t.byAffiliate);
  const byStore = map(Object.fromEntries(Object.entries(t.stores).map(([k, s]) => [k, s.commissionCents])));
  let platformCents = t.commissionCents;
  let overpaidCents = 0;
  let underpaidCents = 0;
  const shift = (pairs: Record<string, MoneyPair>, key: string, cents: number) => {
    const p = pairs[key] ?? same(0);
    pairs[key] = { ...p, platformCents: p.platformCents + cents };
  };
  t.violations.forEach((v, i) => {
    if (v.kind !== 'decision') return;
    const model = v.model as DecisionJson;
    const platform = v.platform as DecisionJson;
    const delta = platform.commissionCents - model.commissionCents;
    platformCents += delta;
    overpaidCents += Math.max(0, delta);
    underpaidCents += Math.max(0, -delta);
    shift(byStore, t.violationStores[i] as string, delta);
    shift(byTier, model.lines[0]?.tier as Tier, delta);
    shift(byAffiliate, model.affiliateId as string, -model.commissionCents);
    shift(byAffiliate, platform.affiliateId as string, platform.commissionCents);
  });
  return {
    modelCents: t.commissionCents,
    platformCents,
    overpaidCents,
    underpaidCents,
    gmvCents: t.gmvCents,
    byTier,
    byAffiliate,
    byStore,
  };
}

const inc = (map: Record<string, number>, key: string, n = 1) => {
  map[key] = (map[key] ?? 0) + n;
};

/** Weekends and a sale around day 70 bring more sessions. */
function sessionDay(rng: Rng): number {
  for (;;) {
    const day = rng.int(0, DAYS - 1);
    const weekday = (day + 1) % 7; // 2026-01-05 is a Monday
    const weight = (weekday >= 5 ? 1.35 : 1) * (day >= 68 && day <= 72 ? 2.6 : 1);
    if (rng.float() * 2.6 * 1.35 < weight) return day;
  }
}

/** Skewed picks: a few stores, channels and affiliates take most of the traffic. */
const skewed = (rng: Rng, n: number) => Math.min(n - 1, Math.floor(n * rng.float() ** 2.2));

function fakeBuyer(t: Totals, seed: number, b: number, violates: boolean): void {
  const rng = Rng.derive(seed, 7, b);
  const sessions = rng.int(1, 6);
  let violated = !violates;
  for (let s = 0; s < sessions; s += 1) {
    const day = sessionDay(rng);
    const storeId = `s${skewed(rng, STORES)}`;
    const channel = CHANNELS[skewed(rng, CHANNELS.length)] as string;
    const affiliateId = `a${skewed(rng, AFFILIATES)}`;
    const clicks = rng.int(1, 4);
    const qualifying = rng.chance(0.9) ? clicks : 0;
    t.clicks.total += clicks;
    t.clicks.qualifying += qualifying;
    t.clicks.notQualifying += clicks - qualifying;
    (t.daily[day] as DailyCounts & { clicks: number }).clicks += clicks;
    const store = storeOf(t, storeId);
    store.clicks += clicks;
    t.sent += clicks;
    t.accepted += clicks;
    if (rng.chance(0.02)) {
      t.sent += 1;
      t.repeats += 1;
    }
    if (rng.chance(0.01)) {
      t.sent += 1;
      inc(t.rejectedByRule, rng.pick(['R14', 'R16', 'R16', 'R17']));
    }
    if (!rng.chance(0.32)) continue;
    const delayHours = rng.chance(0.8) ? Math.floor(rng.exponential(50)) : rng.int(0, 40 * 24);
    const orderDay = day + Math.floor(delayHours / 24);
    if (orderDay >= DAYS) continue;
    const order = fakeOrder(rng, qualifying > 0, delayHours);
    const orderId = `o${b}-${orderDay}-${s}`;
    t.orders += 1;
    t.sent += 2;
    t.accepted += 2;
    t.byStatus[order.status] += 1;
    if (order.reason !== null) t.byReason[order.reason] += 1;
    t.gmvCents += order.gmvCents;
    t.commissionCents += order.commissionCents;
    t.byTier[order.tier] += order.commissionCents;
    if (order.reason === null) {
      inc(t.byChannel, channel, order.commissionCents);
      inc(t.byAffiliate, affiliateId, order.commissionCents);
    }
    store.orders += 1;
    store.gmvCents += order.gmvCents;
    store.commissionCents += order.commissionCents;
    const daily = t.daily[orderDay] as { orders: number; commissionCents: number; violations: number };
    daily.orders += 1;
    daily.commissionCents += order.commissionCents;
    if (qualifying > 0) {
      const bucket = Math.min(LAST_BUCKET_HOURS, delayHours - (delayHours % BUCKET_HOURS)) / BUCKET_HOURS;
      t.buckets[bucket] = (t.buckets[bucket] ?? 0) + 1;
    }
    if (!violated && order.reason === null) {
      violated = true;
      daily.violations += 1;
      t.violations.push(fakeViolation(b, orderId, affiliateId, orderDay, order));
      t.violationStores.push(storeId);
    }
  }
}

interface FakeOrder {
  readonly status: DecisionStatus;
  readonly reason: UnattributedReason | null;
  readonly gmvCents: number;
  readonly commissionCents: number;
  readonly tier: Tier;
  readonly rateBps: number;
}

function fakeOrder(rng: Rng, clicked: boolean, delayHours: number): FakeOrder {
  const gmvCents = Math.max(199, Math.round(rng.logNormal(2800, 0.7)));
  const tier = rng.pick<Tier>(['main', 'main', 'category', 'default', 'default', 'default']);
  const rateBps =
    tier === 'main' ? rng.int(800, 1500) : tier === 'category' ? rng.int(400, 900) : rng.int(200, 600);
  const reason: UnattributedReason | null = !clicked
    ? 'no-click'
    : rng.chance(0.03)
      ? 'store-not-member'
      : delayHours >= WINDOW_HOURS
        ? 'window-expired'
        : null;
  if (reason !== null)
    return { status: 'not-attributed', reason, gmvCents, commissionCents: 0, tier, rateBps };
  const status = rng.pick<DecisionStatus>([
    'payable',
    'payable',
    'payable',
    'payable',
    'pending',
    'void',
    'reversed',
  ]);
  const paid = status === 'payable' || status === 'pending';
  const commissionCents = paid ? Math.round((gmvCents * rateBps) / 10_000) : 0;
  return { status, reason, gmvCents, commissionCents, tier, rateBps };
}

function storeOf(
  t: Totals,
  id: string,
): { clicks: number; orders: number; gmvCents: number; commissionCents: number } {
  const store = t.stores[id] ?? { clicks: 0, orders: 0, gmvCents: 0, commissionCents: 0 };
  t.stores[id] = store;
  return store as { clicks: number; orders: number; gmvCents: number; commissionCents: number };
}

/** One wrong decision (or, for every third violating buyer, a wrong answer to an event). */
function fakeViolation(
  b: number,
  orderId: string,
  affiliateId: string,
  day: number,
  o: FakeOrder,
): Violation {
  const replay = 'affsim run baseline --seed 42';
  if (b % 3 === 0) {
    return {
      rules: ['R16'],
      kind: 'answer',
      subject: `e-${orderId}-complete-2`,
      fields: ['outcome', 'rule'],
      model: { outcome: 'rejected', rule: 'R16' },
      platform: { outcome: 'accepted' },
      historyFile: `violations/e-${orderId}-complete-2.jsonl`,
      replay,
    };
  }
  const clickAtMs = START_MS + day * DAY_MS - 3 * 3_600_000;
  const model: DecisionJson = {
    orderId,
    attributed: true,
    reason: null,
    affiliateId,
    clickAt: formatInstant(clickAtMs),
    windowEndsAt: formatInstant(clickAtMs + WINDOW_HOURS * 3_600_000),
    status: o.status,
    commissionCents: o.commissionCents,
    lines: [
      {
        productId: `p${b % STORES}-3`,
        amountCents: o.gmvCents,
        refundedCents: 0,
        rateBps: o.rateBps,
        tier: o.tier,
        commissionCents: o.commissionCents,
      },
    ],
  };
  const wrongRate = o.rateBps + 150;
  const platform: DecisionJson =
    b % 2 === 0
      ? { ...model, affiliateId: `a${Number(affiliateId.slice(1)) + 1}` }
      : {
          ...model,
          commissionCents: Math.round((o.gmvCents * wrongRate) / 10_000),
          lines: model.lines.map((l) => ({
            ...l,
            rateBps: wrongRate,
            commissionCents: Math.round((o.gmvCents * wrongRate) / 10_000),
          })),
        };
  const fields =
    b % 2 === 0 ? ['affiliateId'] : ['commissionCents', 'lines[0].rateBps', 'lines[0].commissionCents'];
  return {
    rules: b % 2 === 0 ? ['R8'] : ['R10', 'R13'],
    kind: 'decision',
    subject: orderId,
    fields,
    model,
    platform,
    historyFile: `violations/${orderId}.jsonl`,
    replay,
  };
}
