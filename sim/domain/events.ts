import { z } from 'zod';
import { CHANNELS } from './channels.js';
import { quoted, quotedValue } from './excerpt.js';
import { parseInstant } from './instant.js';
import { isWellFormed, NOT_WELL_FORMED_MESSAGE } from './well-formed.js';

/**
 * The event vocabulary of EVENTS.md as runtime schemas; the TypeScript types are inferred from
 * them so the parser and the types can never drift apart.
 */

/** Bounds on what one event may carry ("put a limit on everything"): past them the input is refused. */
export const ORDER_LINES_MAX = 1_000;
export const CATALOGUE_PRODUCTS_MAX = 100_000;
export const ID_LENGTH_MAX = 200;

/** An id: it ends up in URLs (`/orders/{id}/attribution`) and headers, so it must be encodable. */
export const idSchema = z
  .string()
  .min(1, 'expected a non-empty id')
  .max(ID_LENGTH_MAX)
  .refine(isWellFormed, NOT_WELL_FORMED_MESSAGE);
const id = idSchema;
const instant = z.unknown().transform((value, ctx): number => {
  const parsed = parseInstant(value);
  if (parsed.ok) return parsed.ms;
  ctx.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});
const cents = z
  .number({ error: (i) => `expected a positive integer amount in cents, got ${quotedValue(i.input)}` })
  .int('expected a positive integer amount in cents')
  .positive('expected a positive integer amount in cents')
  .max(Number.MAX_SAFE_INTEGER);
/** Rates are integers; whether they are inside `rateBounds` is a rule (R1, R4), not the schema. */
const rateBps = z
  .number()
  .int('expected an integer rate in basis points')
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);
const channel = z.enum(CHANNELS, {
  error: () => `expected one of the promotion channels: ${CHANNELS.join(', ')}`,
});

function uniqueBy<T>(key: (item: T) => string, what: string) {
  return (items: T[], ctx: z.core.$RefinementCtx<T[]>) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'productId'],
          message: `${what} ${quoted(k)} appears twice`,
        });
      seen.add(k);
    });
  };
}

const base = { id, at: instant };

export const eventSchemas = {
  'store.registered': z.strictObject({
    ...base,
    type: z.literal('store.registered'),
    storeId: id,
    products: z
      .array(z.strictObject({ productId: id, categoryId: id }))
      .max(CATALOGUE_PRODUCTS_MAX)
      .superRefine(uniqueBy((p) => p.productId, 'product')),
  }),
  'affiliate.registered': z.strictObject({
    ...base,
    type: z.literal('affiliate.registered'),
    affiliateId: id,
    channel,
  }),
  'store.joined': z.strictObject({
    ...base,
    type: z.literal('store.joined'),
    storeId: id,
    defaultRateBps: rateBps,
  }),
  'store.withdrew': z.strictObject({ ...base, type: z.literal('store.withdrew'), storeId: id }),
  'store.defaultRateSet': z.strictObject({
    ...base,
    type: z.literal('store.defaultRateSet'),
    storeId: id,
    rateBps,
  }),
  'store.mainProductSet': z.strictObject({
    ...base,
    type: z.literal('store.mainProductSet'),
    storeId: id,
    productId: id,
    rateBps,
  }),
  'store.mainProductRemoved': z.strictObject({
    ...base,
    type: z.literal('store.mainProductRemoved'),
    storeId: id,
    productId: id,
  }),
  'store.categoryRateSet': z.strictObject({
    ...base,
    type: z.literal('store.categoryRateSet'),
    storeId: id,
    categoryId: id,
    rateBps,
  }),
  click: z
    .strictObject({
      ...base,
      type: z.literal('click'),
      buyerId: id,
      affiliateId: id,
      storeId: id,
      productId: id.nullish(),
      channel,
    })
    // A click through a store link has no product; `null` and absent mean the same.
    .transform(({ productId, ...rest }): typeof rest & { productId?: string } =>
      productId == null ? rest : { ...rest, productId },
    ),
  'order.created': z.strictObject({
    ...base,
    type: z.literal('order.created'),
    orderId: id,
    buyerId: id,
    storeId: id,
    lines: z
      .array(z.strictObject({ productId: id, amountCents: cents }))
      .min(1, 'an order needs at least one line')
      .max(ORDER_LINES_MAX)
      .superRefine(uniqueBy((l) => l.productId, 'order line product')),
  }),
  'order.completed': z.strictObject({ ...base, type: z.literal('order.completed'), orderId: id }),
  'order.cancelled': z.strictObject({ ...base, type: z.literal('order.cancelled'), orderId: id }),
  'order.refunded': z.strictObject({
    ...base,
    type: z.literal('order.refunded'),
    orderId: id,
    productId: id,
    amountCents: cents,
  }),
} as const;

export type EventType = keyof typeof eventSchemas;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];

export type EventOf<T extends EventType> = z.output<(typeof eventSchemas)[T]>;
/** One event of a history, `at` already in epoch milliseconds. */
export type AffEvent = { [T in EventType]: EventOf<T> }[EventType];

export type StoreEvent = Extract<AffEvent, { type: `store.${string}` }>;
export type ClickEvent = EventOf<'click'>;

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && Object.hasOwn(eventSchemas, value);
}

/**
 * The identity of an event's payload for R17: key order and the spelling of `at` do not matter,
 * so a retry that writes the same instant another way is still the same event.
 */
export function canonicalPayload(event: AffEvent): string {
  return stableStringify(event);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
