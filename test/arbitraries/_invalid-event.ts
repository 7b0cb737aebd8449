import type { RawEventBody } from './raw-event.js';
import type { World, WorldStore } from './world-arb.js';

/** What an invalid event may name besides made-up ids: real ones, so exactly one name is wrong. */
export interface InvalidEventContext {
  readonly world: World;
  readonly store: WorldStore;
  readonly buyerId: string;
  readonly affiliateId: string;
  readonly productId: string;
  /** An existing order, if there is one yet. */
  readonly orderId: string | undefined;
  /** A rate inside `rateBounds`, so the name is the only problem. */
  readonly rateBps: number;
  /** Makes the ids of refused orders unique. */
  readonly serial: number;
}

export const INVALID_EVENT_VARIANTS = 16;

/**
 * Events the rule book refuses with R16 (unknown store, affiliate, product, category or order; an
 * order id created twice), one per `variant`. Over-refunds, double completions, early withdrawals
 * and the like come from ordinary steps aimed at the wrong moment.
 */
export function invalidEventBody(variant: number, ctx: InvalidEventContext): RawEventBody {
  const p = ctx.world.prefix;
  const { store, buyerId, affiliateId, productId, rateBps } = ctx;
  const storeId = store.storeId;
  const foreignProductId =
    ctx.world.stores
      .flatMap((s) => s.products.map((x) => x.productId))
      .find((id) => !store.products.some((x) => x.productId === id)) ?? 'p-unknown';
  const orderId = ctx.orderId ?? `${p}o-unknown`;
  const channel = 'sns' as const;
  const line = { productId, amountCents: 100 };
  const bodies: RawEventBody[] = [
    { type: 'click', buyerId, affiliateId, storeId: `${p}s-unknown`, channel },
    { type: 'click', buyerId, affiliateId: `${p}a-unknown`, storeId, channel },
    { type: 'click', buyerId, affiliateId, storeId, productId: foreignProductId, channel },
    {
      type: 'order.created',
      orderId: `${p}o-bad${ctx.serial}`,
      buyerId,
      storeId,
      lines: [line, { productId: foreignProductId, amountCents: 1 }],
    },
    {
      type: 'order.created',
      orderId: `${p}o-bad${ctx.serial}`,
      buyerId,
      storeId: `${p}s-unknown`,
      lines: [line],
    },
    // An order id created twice (when there is an order yet).
    {
      type: 'order.created',
      orderId,
      buyerId,
      storeId: ctx.orderId ? storeId : `${p}s-unknown`,
      lines: [line],
    },
    { type: 'order.completed', orderId: `${p}o-unknown` },
    { type: 'order.cancelled', orderId: `${p}o-unknown` },
    { type: 'order.refunded', orderId: `${p}o-unknown`, productId, amountCents: 1 },
    { type: 'order.refunded', orderId, productId: 'p-unknown', amountCents: 1 },
    { type: 'store.mainProductSet', storeId, productId: foreignProductId, rateBps },
    { type: 'store.mainProductRemoved', storeId, productId: 'p-unknown' },
    { type: 'store.categoryRateSet', storeId, categoryId: 'c-unknown', rateBps },
    { type: 'store.joined', storeId: `${p}s-unknown`, defaultRateBps: rateBps },
    { type: 'store.withdrew', storeId: `${p}s-unknown` },
    { type: 'store.defaultRateSet', storeId: `${p}s-unknown`, rateBps },
  ];
  return bodies[variant % INVALID_EVENT_VARIANTS] as RawEventBody;
}
