import { z } from 'zod';
import type { DecisionStatus, Tier, UnattributedReason } from '../domain/decision.js';
import { type Policy, policyOverridesSchema } from '../domain/policy.js';
import { DECISION_FIELDS } from './define-target.js';
import { compareViolations, sortedEntries } from './result-order.js';
import type { RunResult, StoreSummary } from './run-result.js';
import { compareSellerAnswerViolations } from './seller-answer-violations.js';
import { shardSoakSchema, soakSchema } from './soak-schema.js';
import { EXAMPLES_PER_GROUP_DEFAULT, sortGroups } from './violation-book.js';

/**
 * `result.json` as read back by `affsim merge`: every field of RunResult, so a hand-edited or
 * truncated file fails with the field named instead of merging into nonsense. Parsing also puts
 * the result in canonical form (result-json.ts): fields in this schema's order, open maps sorted by
 * key without all-zero entries, closed maps (status, reason, tier) in the rule book's order, lists
 * sorted (days, delay buckets, violations by subject then kind).
 */

const count = z.number().int().nonnegative();
/** Money may be negative in a platform's answer under test, never fractional (RULES.md, Units). */
const cents = z.number().int();
const isoInstant = z.iso.datetime();

const STATUSES = [
  'not-attributed',
  'pending',
  'payable',
  'void',
  'reversed',
] as const satisfies readonly DecisionStatus[];
const REASONS = [
  'store-not-member',
  'no-click',
  'window-expired',
] as const satisfies readonly UnattributedReason[];
const TIERS = ['main', 'category', 'default'] as const satisfies readonly Tier[];

/**
 * An open map (store, channel, affiliate, rule → figures): sorted by key, entries that are all
 * zero left out. Whether a producer lists an idle store or not then changes nothing, so a shard
 * that saw no traffic for a key merges into exactly the unsharded result.
 */
function sortedRecord<V>(value: z.ZodType<V>, isZero: (v: V) => boolean) {
  return z
    .record(z.string(), value)
    .transform((r) => Object.fromEntries(sortedEntries(r).filter(([, v]) => !isZero(v))));
}
const zero = (n: number) => n === 0;
const idle = (s: StoreSummary) =>
  s.clicks === 0 && s.orders === 0 && s.gmvCents === 0 && s.commissionCents === 0;

const decisionJsonSchema = z.strictObject({
  orderId: z.string(),
  attributed: z.boolean(),
  reason: z.enum(REASONS).nullable(),
  affiliateId: z.string().nullable(),
  clickAt: isoInstant.nullable(),
  windowEndsAt: isoInstant.nullable(),
  status: z.enum(STATUSES),
  commissionCents: cents,
  lines: z.array(
    z.strictObject({
      productId: z.string(),
      amountCents: cents,
      refundedCents: cents,
      rateBps: z.number().int().nullable(),
      tier: z.enum(TIERS).nullable(),
      commissionCents: cents,
    }),
  ),
});

const answerSchema = z.strictObject({ outcome: z.string(), rule: z.string().optional() });

const causeSchema = z.strictObject({
  kind: z.enum(['answer', 'field']),
  rule: z.string(),
  text: z.string(),
  eventId: z.string().optional(),
  field: z.string().optional(),
});

const violationSchema = z.strictObject({
  fingerprint: z.string(),
  cause: causeSchema,
  rules: z.array(z.string()),
  kind: z.enum(['decision', 'answer']),
  subject: z.string(),
  fields: z.array(z.string()),
  model: z.union([decisionJsonSchema, answerSchema]).nullable(),
  platform: z.union([decisionJsonSchema, answerSchema]).nullable(),
  historyFile: z.string(),
  history: z.strictObject({
    events: count,
    supersetEvents: count,
    form: z.enum(['shrunk', 'superset']),
    note: z.string().optional(),
  }),
  replay: z.string(),
  check: z.string(),
});

const violationGroupSchema = z.strictObject({
  fingerprint: z.string(),
  kind: z.enum(['decision', 'answer']),
  rule: z.string(),
  fields: z.array(z.string()),
  cause: z.enum(['answer', 'field']),
  causedBy: z.string().optional(),
  title: z.string(),
  count: count,
  overpaidCents: count,
  underpaidCents: count,
});

const storeSummarySchema = z.strictObject({
  clicks: count,
  orders: count,
  gmvCents: cents,
  commissionCents: cents,
});

const moneyPairSchema = z.strictObject({ modelCents: cents, platformCents: cents });
const noMoney = (m: { modelCents: number; platformCents: number }) =>
  m.modelCents === 0 && m.platformCents === 0;
const zeroPair = { modelCents: 0, platformCents: 0 };
const TIER_MONEY_ZERO = { main: zeroPair, category: zeroPair, default: zeroPair };

// Absent from results written before issue 10 (item 4): those read back as all zero.
const moneySchema = z
  .strictObject({
    modelCents: cents,
    platformCents: cents,
    overpaidCents: count,
    underpaidCents: count,
    gmvCents: cents,
    byTier: z.record(z.enum(TIERS), moneyPairSchema),
    byAffiliate: sortedRecord(moneyPairSchema, noMoney),
    byStore: sortedRecord(moneyPairSchema, noMoney),
  })
  .default({
    modelCents: 0,
    platformCents: 0,
    overpaidCents: 0,
    underpaidCents: 0,
    gmvCents: 0,
    byTier: TIER_MONEY_ZERO,
    byAffiliate: {},
    byStore: {},
  });

const decisionsSchema = z
  .strictObject({ matched: count, total: count })
  .refine((d) => d.matched <= d.total, 'expected matched decisions at most the total')
  .default({ matched: 0, total: 0 });

export const runResultSchema: z.ZodType<RunResult> = z.strictObject({
  affsim: z.strictObject({ version: z.string() }),
  scenario: z.strictObject({ name: z.string().min(1), description: z.string() }),
  seed: z.number().int().nonnegative(),
  shards: z
    .strictObject({ count: z.number().int().min(1), indexes: z.array(count).min(1) })
    .refine((s) => s.indexes.every((i) => i < s.count), 'expected every shard index below the shard count')
    .refine((s) => new Set(s.indexes).size === s.indexes.length, 'expected each shard index once')
    .transform((s) => ({ count: s.count, indexes: [...s.indexes].sort((a, b) => a - b) })),
  target: z.string(),
  // Absent from results written before a target could narrow it: every field was compared.
  compared: z.array(z.string()).default([...DECISION_FIELDS]),
  policy: policyOverridesSchema.required().transform((p) => p as Policy),
  period: z.strictObject({ startAt: isoInstant, endAt: isoInstant, days: count }),
  events: z.strictObject({
    sent: count,
    accepted: count,
    repeats: count,
    rejectedByRule: sortedRecord(count, zero),
    // Absent from results written before it was counted: those counted none.
    rejectedNoRule: count.default(0),
    unsupported: count.default(0),
  }),
  clicks: z.strictObject({ total: count, qualifying: count, notQualifying: count }),
  orders: z.strictObject({
    total: count,
    byStatus: z.record(z.enum(STATUSES), count),
    byReason: z.record(z.enum(REASONS), count),
    gmvCents: cents,
  }),
  commission: z.strictObject({
    totalCents: cents,
    byTier: z.record(z.enum(TIERS), cents),
    byChannel: sortedRecord(cents, zero),
    byAffiliate: sortedRecord(cents, zero),
  }),
  money: moneySchema,
  decisions: decisionsSchema,
  stores: sortedRecord(storeSummarySchema, idle),
  daily: z
    .array(
      z.strictObject({
        day: count,
        date: isoInstant,
        clicks: count,
        orders: count,
        commissionCents: cents,
        violations: count,
      }),
    )
    .transform((days) => [...days].sort((a, b) => a.day - b.day)),
  clickToOrderHours: z
    .array(z.strictObject({ hours: count, orders: count }))
    .transform((buckets) => [...buckets].sort((a, b) => a.hours - b.hours)),
  violations: z.array(violationSchema).transform((vs) => [...vs].sort(compareViolations)),
  examplesPerGroup: z.number().int().min(1).default(EXAMPLES_PER_GROUP_DEFAULT),
  violationGroups: z
    .array(violationGroupSchema)
    .default([])
    .transform((gs) => sortGroups([...gs])),
  sellerAnswerViolations: z
    .array(z.strictObject({ eventId: z.string(), fingerprint: z.string(), day: count }))
    .optional()
    .transform((vs) => vs && [...vs].sort(compareSellerAnswerViolations)),
  faults: z
    .strictObject({
      spec: z.string().min(1),
      injected: z.strictObject({
        dropBefore: count,
        dropAfter: count,
        dup: count,
        delay: count,
        reorder: count,
        timeout: count,
      }),
      retries: count,
      crash: z
        .strictObject({
          everyN: z.number().int().min(1),
          kills: count,
          recovered: count,
          recoveryMsMax: count,
          acknowledged: count,
          lost: count,
          duplicated: count.optional(),
          resent: count,
        })
        .optional(),
    })
    .optional(),
  incomplete: z
    .strictObject({
      kind: z.enum(['target', 'adapter', 'memory', 'worker', 'main']),
      reason: z.string().min(1),
      worker: z.number().int().min(1).optional(),
      workers: z.number().int().min(1),
      day: count.optional(),
      daysChecked: count,
      lostWorkers: z.array(z.number().int().min(1)).transform((ws) => [...ws].sort((a, b) => a - b)),
    })
    .optional(),
  soak: soakSchema.optional(),
  soakShards: z.array(shardSoakSchema).min(1).optional(),
  timing: z.strictObject({
    wallMs: z.number().nonnegative(),
    eventsPerSecond: z.number().nonnegative(),
    latencyMs: z.strictObject({
      p50: z.number().nonnegative(),
      p95: z.number().nonnegative(),
      p99: z.number().nonnegative(),
      max: z.number().nonnegative(),
    }),
    latencyHistogram: z.string().min(1).optional(),
  }),
});
