import { z } from 'zod';
import { BATCH_EVENTS_MAX, DECISION_QUERY_IDS_MAX } from '../../sim/domain/api-limits.js';
import { CHANNELS } from '../../sim/domain/channels.js';
import {
  idSchema as domainIdSchema,
  eventSchemas,
  ID_LENGTH_MAX,
  ORDER_LINES_MAX,
} from '../../sim/domain/events.js';

/**
 * Every request and response schema of the API, in one place. Request bodies of the event routes
 * are the event schemas of EVENTS.md (sim/domain) without the fields the URL already names, so the
 * wire format and the history format cannot drift apart. The OpenAPI document is generated from
 * these schemas (contract/openapi.ts).
 */

// The domain's id (non-empty, bounded, valid Unicode): the wire and the history refuse the same ids.
export const idSchema = domainIdSchema;

// R18: a seller acts only on its own store, so the store comes from the URL and never from the body.
export const storeRegistrationBody = eventSchemas['store.registered'].omit({ type: true, storeId: true });
export const joinBody = eventSchemas['store.joined'].omit({ type: true, storeId: true });
export const withdrawBody = eventSchemas['store.withdrew'].omit({ type: true, storeId: true });
export const defaultRateBody = eventSchemas['store.defaultRateSet'].omit({ type: true, storeId: true });
export const mainProductBody = eventSchemas['store.mainProductSet'].omit({
  type: true,
  storeId: true,
  productId: true,
});
export const mainProductRemovalBody = eventSchemas['store.mainProductRemoved'].omit({
  type: true,
  storeId: true,
  productId: true,
});
export const categoryRateBody = eventSchemas['store.categoryRateSet'].omit({
  type: true,
  storeId: true,
  categoryId: true,
});
export const affiliateRegistrationBody = eventSchemas['affiliate.registered'].omit({ type: true });
export const orderBody = eventSchemas['order.created'].omit({ type: true });
export const orderEndBody = eventSchemas['order.completed'].omit({ type: true, orderId: true });
export const refundBody = eventSchemas['order.refunded'].omit({ type: true, orderId: true });

/** Any event of EVENTS.md, for `/events` and the batch endpoint (validated by its `type`). */
export const anyEventSchema = z.union(Object.values(eventSchemas));

export const batchBody = z.strictObject({
  events: z.array(z.unknown()).min(1, 'a batch needs at least one event').max(BATCH_EVENTS_MAX),
});

export const promotionLinkBody = z.strictObject({
  storeId: idSchema,
  productId: idSchema.optional(),
  channel: z.enum(CHANNELS),
});

/** A click with the ingestion token: the simulator names the event id, the buyer and the instant. */
export const clickQuery = z.strictObject({
  id: idSchema.describe('event id of the click (R17)'),
  buyerId: idSchema,
  at: z.string().min(1).describe('ISO-8601 UTC instant or epoch milliseconds'),
});

/**
 * A buyer's own click (no credential): the buyer is the signed cookie's and the instant the
 * server's (R18); an `id` makes a retry of the same click idempotent (R17), a new one otherwise.
 */
export const publicClickQuery = z.strictObject({
  id: idSchema.optional().describe('event id of the click (R17); a new one when absent'),
});

/** What the docs show: every field optional, and who may send which. */
export const clickQueryDoc = z.strictObject({
  id: idSchema.optional().describe('event id of the click (R17); required with the ingestion token'),
  buyerId: idSchema
    .optional()
    .describe('ingestion token only (R18); a buyer without a credential is its signed cookie'),
  at: z
    .string()
    .min(1)
    .optional()
    .describe('ingestion token only (R18): ISO-8601 UTC instant or epoch milliseconds'),
});

/** `POST /orders` as a buyer sends it: the buyer is its cookie's and the instant the server's (R18). */
export const publicOrderBody = eventSchemas['order.created'].omit({ type: true, buyerId: true, at: true });
export const orderBodyDoc = orderBody.partial({ buyerId: true, at: true });

/** `POST /auth/tokens`: a new bearer token for a registered seller or affiliate (ingestion token only). */
export const tokenRequestBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('seller'), storeId: idSchema }),
  z.strictObject({ kind: z.literal('affiliate'), affiliateId: idSchema }),
]);

export const whatIfBody = z.strictObject({
  buyerId: idSchema,
  storeId: idSchema,
  at: eventSchemas['order.created'].shape.at,
  lines: eventSchemas['order.created'].shape.lines,
});

export const decisionQueryBody = z.strictObject({
  orderIds: z.array(idSchema).min(1).max(DECISION_QUERY_IDS_MAX),
});

export const storeParams = z.strictObject({ storeId: idSchema });
export const storeProductParams = z.strictObject({ storeId: idSchema, productId: idSchema });
export const storeCategoryParams = z.strictObject({ storeId: idSchema, categoryId: idSchema });
export const orderParams = z.strictObject({ orderId: idSchema });
export const affiliateParams = z.strictObject({ affiliateId: idSchema });
export const affiliateOrderParams = z.strictObject({ affiliateId: idSchema, orderId: idSchema });
export const linkParams = z.strictObject({
  linkId: z
    .string()
    .min(1)
    .max(5 * ID_LENGTH_MAX),
});

// ---- responses (documentation; the handlers build them from typed values) ----

const tier = z.enum(['main', 'category', 'default']);
export const decisionJsonSchema = z.object({
  orderId: z.string(),
  attributed: z.boolean(),
  reason: z.enum(['store-not-member', 'no-click', 'window-expired']).nullable(),
  affiliateId: z.string().nullable(),
  clickAt: z.iso.datetime().nullable(),
  windowEndsAt: z.iso.datetime().nullable(),
  status: z.enum(['not-attributed', 'pending', 'payable', 'void', 'reversed']),
  commissionCents: z.number().int(),
  lines: z
    .array(
      z.object({
        productId: z.string(),
        amountCents: z.number().int(),
        refundedCents: z.number().int(),
        rateBps: z.number().int().nullable(),
        tier: tier.nullable(),
        commissionCents: z.number().int(),
      }),
    )
    .max(ORDER_LINES_MAX),
});

export const acceptedSchema = z.object({
  id: z.string(),
  type: z.enum(Object.keys(eventSchemas) as [string, ...string[]]),
  outcome: z.literal('accepted'),
  qualifying: z
    .boolean()
    .optional()
    .describe('clicks: whether the click opened or restarted a window (R5, R6)'),
  window: z.enum(['started', 'restarted']).optional(),
  windowEndsAt: z.iso.datetime().optional(),
  rule: z.literal('R5').optional(),
  message: z.string().optional(),
  orderId: z.string().optional(),
  attributed: z.boolean().optional(),
  attribution: z.string().optional().describe('URL of the order decision'),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  rule: z.string().optional().describe('the rule id of RULES.md that refused the event'),
  eventId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  limit: z.string().optional().describe('507: the capacity limit reached (`affsim serve --limit`)'),
  max: z.number().int().optional().describe('507: the value of that limit'),
  flag: z.string().optional().describe('507: the flag of `affsim serve` that raises it; 410: the lag flag'),
  horizon: z.string().optional().describe('410: buyer events are taken from this instant on (pair expiry)'),
  lag: z.string().optional().describe("410: the server's pair expiry lag (`affsim serve --pair-expiry-lag`)"),
});

export const batchAnswerSchema = z.object({
  results: z.array(
    z.object({
      status: z.number().int(),
      repeat: z.boolean(),
      body: z.union([acceptedSchema, problemSchema]),
    }),
  ),
});

export const whatIfAnswerSchema = decisionJsonSchema.omit({ orderId: true });

export const promotionLinkSchema = z.object({
  linkId: z.string(),
  url: z.string(),
  affiliateId: z.string(),
  storeId: z.string(),
  productId: z.string().nullable(),
  channel: z.enum(CHANNELS),
});

export const noParams = z.strictObject({});
