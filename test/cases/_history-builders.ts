import type { DecisionJson, Tier, UnattributedReason } from '../../sim/domain/decision.js';

/**
 * Small writers of EVENTS.md lines, so a case reads like the history it is. Every event takes its
 * id and its instant first, written literally; the rest defaults to the world below (buyer `b1`,
 * store `s1`, affiliate `a1`, channel `sns`) unless the case names it.
 */

type Line = string;
const write = (event: Record<string, unknown>): Line => JSON.stringify(event);

/** The instant every world is registered at. */
export const T0 = '2026-01-01T00:00:00.000Z';

export function history(...lines: (Line | readonly Line[])[]): string {
  return `${lines.flat().join('\n')}\n`;
}

export function policyLine(overrides: Record<string, unknown>): Line {
  return write({ type: 'policy', ...overrides });
}

interface ClickFields {
  buyerId?: string;
  affiliateId?: string;
  storeId?: string;
  productId?: string;
  channel?: string;
}

interface OrderFields {
  buyerId?: string;
  storeId?: string;
}

export const ev = {
  registerStore: (id: string, at: string, storeId: string, products: Record<string, string>): Line =>
    write({
      id,
      type: 'store.registered',
      at,
      storeId,
      products: Object.entries(products).map(([productId, categoryId]) => ({ productId, categoryId })),
    }),
  registerAffiliate: (id: string, at: string, affiliateId: string, channel = 'sns'): Line =>
    write({ id, type: 'affiliate.registered', at, affiliateId, channel }),
  join: (id: string, at: string, storeId: string, defaultRateBps: number): Line =>
    write({ id, type: 'store.joined', at, storeId, defaultRateBps }),
  withdraw: (id: string, at: string, storeId = 's1'): Line =>
    write({ id, type: 'store.withdrew', at, storeId }),
  defaultRate: (id: string, at: string, rateBps: number, storeId = 's1'): Line =>
    write({ id, type: 'store.defaultRateSet', at, storeId, rateBps }),
  mainSet: (id: string, at: string, productId: string, rateBps: number, storeId = 's1'): Line =>
    write({ id, type: 'store.mainProductSet', at, storeId, productId, rateBps }),
  mainRemoved: (id: string, at: string, productId: string, storeId = 's1'): Line =>
    write({ id, type: 'store.mainProductRemoved', at, storeId, productId }),
  categoryRate: (id: string, at: string, categoryId: string, rateBps: number, storeId = 's1'): Line =>
    write({ id, type: 'store.categoryRateSet', at, storeId, categoryId, rateBps }),
  click: (id: string, at: string, fields: ClickFields = {}): Line =>
    write({
      id,
      type: 'click',
      at,
      buyerId: fields.buyerId ?? 'b1',
      affiliateId: fields.affiliateId ?? 'a1',
      storeId: fields.storeId ?? 's1',
      ...(fields.productId === undefined ? {} : { productId: fields.productId }),
      channel: fields.channel ?? 'sns',
    }),
  order: (
    id: string,
    at: string,
    orderId: string,
    lines: Record<string, number>,
    fields: OrderFields = {},
  ): Line =>
    write({
      id,
      type: 'order.created',
      at,
      orderId,
      buyerId: fields.buyerId ?? 'b1',
      storeId: fields.storeId ?? 's1',
      lines: Object.entries(lines).map(([productId, amountCents]) => ({ productId, amountCents })),
    }),
  complete: (id: string, at: string, orderId: string): Line =>
    write({ id, type: 'order.completed', at, orderId }),
  cancel: (id: string, at: string, orderId: string): Line =>
    write({ id, type: 'order.cancelled', at, orderId }),
  refund: (id: string, at: string, orderId: string, productId: string, amountCents: number): Line =>
    write({ id, type: 'order.refunded', at, orderId, productId, amountCents }),
};

/**
 * Everything registered at T0: store s1 (p1 in c1, p2 in c2, p3 in c1), store s2 (q1 in c3),
 * affiliates a1 and a2. No store has joined.
 */
export const REGISTERED: readonly Line[] = [
  ev.registerStore('w-s1', T0, 's1', { p1: 'c1', p2: 'c2', p3: 'c1' }),
  ev.registerStore('w-s2', T0, 's2', { q1: 'c3' }),
  ev.registerAffiliate('w-a1', T0, 'a1', 'sns'),
  ev.registerAffiliate('w-a2', T0, 'a2', 'blog'),
];

/** REGISTERED, then s1 joins at T0 with a default rate of 500 bps (member from T0, may withdraw from 2026-01-16). */
export const WORLD: readonly Line[] = [...REGISTERED, ev.join('w-join', T0, 's1', 500)];

/** The attribution fields of an attributed order. */
export function attributedTo(
  affiliateId: string,
  clickAt: string,
  windowEndsAt: string,
): Partial<DecisionJson> {
  return { attributed: true, reason: null, affiliateId, clickAt, windowEndsAt };
}

/** Every field of a non-attributed order but its lines (RULES.md edge cases: nulls, commission 0). */
export function notAttributed(reason: UnattributedReason): Partial<DecisionJson> {
  return {
    attributed: false,
    reason,
    affiliateId: null,
    clickAt: null,
    windowEndsAt: null,
    status: 'not-attributed',
    commissionCents: 0,
  };
}

type DecisionLineJson = DecisionJson['lines'][number];

/** One decision line of an attributed order. */
export function line(
  productId: string,
  amountCents: number,
  refundedCents: number,
  rateBps: number,
  tier: Tier,
  commissionCents: number,
): DecisionLineJson {
  return { productId, amountCents, refundedCents, rateBps, tier, commissionCents };
}

/** One decision line of a non-attributed order: no rate, no tier, no commission. */
export function bareLine(productId: string, amountCents: number, refundedCents = 0): DecisionLineJson {
  return { productId, amountCents, refundedCents, rateBps: null, tier: null, commissionCents: 0 };
}
