import { CHANNELS } from '../../sim/domain/channels.js';
import type { DecisionJson, DecisionStatus, Tier, UnattributedReason } from '../../sim/domain/decision.js';
import { DAY_MS, formatInstant } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { DECISION_FIELDS } from '../../sim/run/define-target.js';
import { compareViolations } from '../../sim/run/result-order.js';
import type {
  DailyCounts,
  MoneyAtStake,
  MoneyPair,
  RunResult,
  StoreSummary,
  Violation,
  ViolationGroup,
} from '../../sim/run/run-result.js';
import { sortGroups } from '../../sim/run/violation-book.js';
import { Rng } from '../../sim/world/rng.js';

/**
 * A realistic, deterministic RunResult without running the simulator: per-buyer fake traffic
 * (90 days, weekly rhythm and a sale spike, several tiers and channels, a few violations) summed
 * the way the coordinator sums real traffic. Buyers split over shards like the simulator's
 * (`b % count`), so the merge of every shard's fake result must equal the unsharded one.
 * Violations come in three groups like a real run's: refused order completions the "platform"
 * accepted (answers, R16), decisions with a wrong affiliate following from them, and wrong rates
 * (R10, traced to their field); each group keeps its first `examplesPerGroup` examples.
 */
export interface FakeOptions {
  readonly seed?: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly buyers?: number;
  /** Buyers whose first order the "platform" decides wrongly (default: a few; [] for a clean run). */
  readonly violatingBuyers?: readonly number[];
  /** Examples kept per group (`--max-violations`, default 3). */
  readonly examplesPerGroup?: number;
}

const START_MS = Date.UTC(2026, 0, 5);
const DAYS = 90;
const STORES = 60;
const AFFILIATES = 40;
const WINDOW_HOURS = DEFAULT_POLICY.windowDays * 24;
const BUCKET_HOURS = 12;
/** Delays are bucketed up to twice the window; the last bucket is open-ended. */
const LAST_BUCKET_HOURS = 2 * WINDOW_HOURS;
/** By `b % 3`, `b % 2` and `b % 5` (fakeViolation): answers, wrong affiliates after them or on their own, wrong rates. */
const DEFAULT_VIOLATING = [
  17, 22, 45, 101, 211, 250, 333, 404, 505, 610, 640, 903, 999, 1001, 1082, 1150, 1203, 1777, 2006,
];

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
  /** What each violation says about its group, by fingerprint. */
  groups: Map<string, Omit<ViolationGroup, 'count' | 'overpaidCents' | 'underpaidCents'>>;
}

export function fakeResult(options: FakeOptions = {}): RunResult {
  const seed = options.seed ?? 42;
  const shard = options.shard ?? { index: 0, count: 1 };
  const buyers = options.buyers ?? 2400;
  const violating = new Set(options.violatingBuyers ?? DEFAULT_VIOLATING);
  const t = emptyTotals();
  for (let b = shard.index; b < buyers; b += shard.count) fakeBuyer(t, seed, b, violating.has(b));
  const examplesPerGroup = options.examplesPerGroup ?? 3;
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
    ...fakeGroups(t, examplesPerGroup),
    examplesPerGroup,
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
    groups: new Map(),
  };
}

/** Every violation counted in its group (with the money of its order), the first examples of each kept. */
function fakeGroups(t: Totals, n: number): Pick<RunResult, 'violations' | 'violationGroups'> {
  const groups = new Map<
    string,
    ViolationGroup & { count: number; overpaidCents: number; underpaidCents: number }
  >();
  for (const v of t.violations) {
    const facts = t.groups.get(v.fingerprint);
    if (facts === undefined) throw new Error(`no group for ${v.fingerprint}`);
    const g = groups.get(v.fingerprint) ?? { ...facts, count: 0, overpaidCents: 0, underpaidCents: 0 };
    groups.set(v.fingerprint, g);
    g.count += 1;
    if (v.kind === 'decision') {
      const delta = (v.platform as DecisionJson).commissionCents - (v.model as DecisionJson).commissionCents;
      g.overpaidCents += Math.max(0, delta);
      g.underpaidCents += Math.max(0, -delta);
    }
  }
  const sorted = sortGroups([...groups.values()]);
  const violations = sorted.flatMap((g) =>
    t.violations
      .filter((v) => v.fingerprint === g.fingerprint)
      .sort(compareViolations)
      .slice(0, n),
  );
  return { violations, violationGroups: sorted };
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
      const { violation, group } = fakeViolation(b, orderId, affiliateId, orderDay, order);
      t.violations.push(violation);
      t.violationStores.push(storeId);
      t.groups.set(group.fingerprint, group);
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

const ANSWER_GROUP = 'answer order.completed accepted R16';

/**
 * One wrong decision (or, for every third violating buyer, a wrong answer to an event; for every
 * fifth, a wrong affiliate following from such an answer), with what it says about its group.
 */
function fakeViolation(
  b: number,
  orderId: string,
  affiliateId: string,
  day: number,
  o: FakeOrder,
): { violation: Violation; group: Omit<ViolationGroup, 'count' | 'overpaidCents' | 'underpaidCents'> } {
  const replay = 'affsim run baseline --seed 42';
  const check = (file: string) => `affsim check out/baseline-seed42/${file}`;
  const answerId = `e-${orderId}-complete-2`;
  const answerText = `the platform accepted ${answerId} (order.completed); the model refused it under R16`;
  if (b % 3 === 0) {
    const historyFile = `violations/answer-${answerId}.jsonl`;
    return {
      violation: {
        fingerprint: ANSWER_GROUP,
        cause: { kind: 'answer', rule: 'R16', text: answerText, eventId: answerId },
        rules: ['R16'],
        kind: 'answer',
        subject: answerId,
        fields: ['outcome', 'rule'],
        model: { outcome: 'rejected', rule: 'R16' },
        platform: { outcome: 'accepted' },
        historyFile,
        history: { events: 4, supersetEvents: 31, form: 'shrunk' },
        replay,
        check: check(historyFile),
      },
      group: {
        fingerprint: ANSWER_GROUP,
        kind: 'answer',
        rule: 'R16',
        fields: ['outcome', 'rule'],
        cause: 'answer',
        title: 'the platform accepts order.completed events the model refuses (R16)',
      },
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
  const historyFile = `violations/decision-${orderId}.jsonl`;
  const base = {
    kind: 'decision',
    subject: orderId,
    model,
    historyFile,
    replay,
    check: check(historyFile),
  } as const;
  if (b % 2 === 0) {
    const platform: DecisionJson = { ...model, affiliateId: `a${Number(affiliateId.slice(1)) + 1}` };
    const follows = b % 5 === 0;
    const fingerprint = follows
      ? `decision affiliateId R16 after (${ANSWER_GROUP})`
      : 'decision affiliateId R8 field';
    return {
      violation: {
        ...base,
        fingerprint,
        cause: follows
          ? {
              kind: 'answer',
              rule: 'R16',
              text: `follows from an earlier answer: ${answerText}`,
              eventId: answerId,
            }
          : {
              kind: 'field',
              rule: 'R8',
              field: 'affiliateId',
              text: `affiliateId: the model says "${affiliateId}" (R8), the platform "${platform.affiliateId}"`,
            },
        rules: ['R8'],
        fields: ['affiliateId'],
        platform,
        history: follows
          ? { events: 9, supersetEvents: 40, form: 'shrunk' }
          : { events: 22, supersetEvents: 22, form: 'superset', note: 'not shrunk: the target has no reset' },
      },
      group: {
        fingerprint,
        kind: 'decision',
        rule: follows ? 'R16' : 'R8',
        fields: ['affiliateId'],
        cause: follows ? 'answer' : 'field',
        ...(follows ? { causedBy: ANSWER_GROUP } : {}),
        title: follows
          ? 'decisions differ in affiliateId, following from a diverging answer (R16)'
          : 'decisions differ in affiliateId: affiliateId is decided by R8',
      },
    };
  }
  const wrongRate = o.rateBps + 150;
  const wrongCents = Math.round((o.gmvCents * wrongRate) / 10_000);
  const platform: DecisionJson = {
    ...model,
    commissionCents: wrongCents,
    lines: model.lines.map((l) => ({ ...l, rateBps: wrongRate, commissionCents: wrongCents })),
  };
  const fingerprint = 'decision lines[].rateBps,lines[].commissionCents,commissionCents R10 field';
  return {
    violation: {
      ...base,
      fingerprint,
      cause: {
        kind: 'field',
        rule: 'R10',
        field: 'lines[].rateBps',
        text: `lines[].rateBps: the model says [${o.rateBps}] (R10), the platform [${wrongRate}]`,
      },
      rules: ['R10', 'R13'],
      fields: ['commissionCents', 'lines[0].rateBps', 'lines[0].commissionCents'],
      platform,
      history: { events: 6, supersetEvents: 23, form: 'shrunk' },
    },
    group: {
      fingerprint,
      kind: 'decision',
      rule: 'R10',
      fields: ['lines[].rateBps', 'lines[].commissionCents', 'commissionCents'],
      cause: 'field',
      title:
        'decisions differ in lines[].rateBps, lines[].commissionCents, commissionCents: lines[].rateBps is decided by R10',
    },
  };
}

/**
 * A clean fake run with `n` (≥ 4) hand-made violation groups, one example each, to see how the
 * reports read with many: a small answer group (#0, 2 answers) that a large decision group follows
 * from (#1, 95); a large answer group (#2, 50) with a one-decision follower (#3); then decision
 * groups of 90 − i violations. The daily counts add up to the groups'.
 */
export function fakeGroupedResult(n: number): RunResult {
  const base = fakeResult({ buyers: 300, violatingBuyers: [] });
  const groups: ViolationGroup[] = [];
  const violations: Violation[] = [];
  const answer = (i: number, type: string, rule: string, count: number) => {
    const fingerprint = `answer ${type} accepted ${rule}`;
    groups.push({
      fingerprint,
      kind: 'answer',
      rule,
      fields: ['outcome'],
      cause: 'answer',
      title: `the platform accepts ${type} events the model refuses (${rule})`,
      count,
      overpaidCents: 0,
      underpaidCents: 0,
    });
    violations.push(
      example(
        i,
        fingerprint,
        'answer',
        `e${i}`,
        rule,
        `the platform accepted e${i} (${type}); the model refused it under ${rule}`,
      ),
    );
    return fingerprint;
  };
  const decision = (i: number, count: number, causedBy?: string) => {
    const fingerprint = `decision field${i} R10 ${causedBy === undefined ? 'field' : `after (${causedBy})`}`;
    groups.push({
      fingerprint,
      kind: 'decision',
      rule: 'R10',
      fields: [`field${i}`],
      cause: causedBy === undefined ? 'field' : 'answer',
      ...(causedBy === undefined ? {} : { causedBy }),
      title: `decisions differ in field${i}${causedBy === undefined ? `: field${i} is decided by R10` : ', following from a diverging answer (R10)'}`,
      count,
      overpaidCents: 100 * i,
      underpaidCents: 0,
    });
    violations.push(
      example(
        i,
        fingerprint,
        'decision',
        `o${i}`,
        'R10',
        `field${i}: the model says ${i} (R10), the platform ${i + 1}`,
      ),
    );
  };
  decision(1, 95, answer(0, 'store.withdrew', 'R2', 2));
  decision(3, 1, answer(2, 'click', 'R5', 50));
  for (let i = 4; i < n; i += 1) decision(i, 90 - i);
  const total = groups.reduce((k, g) => k + g.count, 0);
  return {
    ...base,
    violations,
    violationGroups: sortGroups(groups),
    daily: base.daily.map((d) => (d.day === 0 ? { ...d, violations: total } : d)),
  };
}

function example(
  i: number,
  fingerprint: string,
  kind: Violation['kind'],
  subject: string,
  rule: string,
  text: string,
): Violation {
  const historyFile = `violations/${kind}-${subject}.jsonl`;
  return {
    fingerprint,
    cause:
      kind === 'answer'
        ? { kind: 'answer', rule, text, eventId: subject }
        : { kind: 'field', rule, text, field: `field${i}` },
    rules: [rule],
    kind,
    subject,
    fields: kind === 'answer' ? ['outcome'] : [],
    model: kind === 'answer' ? { outcome: 'rejected', rule } : null,
    platform: kind === 'answer' ? { outcome: 'accepted' } : null,
    historyFile,
    history: { events: 3 + i, supersetEvents: 20 + i, form: 'shrunk' },
    replay: 'affsim run baseline --seed 42',
    check: `affsim check out/run/${historyFile}`,
  };
}
