import type { Target } from '../../../sim/fixtures/fixture-format.js';
import type { Iteration } from './iteration.js';

/**
 * The events of one new buyer's visit to a target (buyer-journey.ts, adapter-journey.ts): a click
 * at the iteration's instant (when the target has one) and an order `orderAfterClickMs` later.
 * Ids come from the iteration's key, unique in the whole test (R17).
 */
export interface JourneyEvents {
  readonly buyerId: string;
  readonly orderId: string;
  readonly click: JourneyClick | null;
  readonly order: JourneyOrder;
}

/**
 * The `click` and `order.created` events of docs/EVENTS.md, written out: the domain's zod-derived
 * types (sim/domain/events.ts) do not compile under k6's ES2020 library.
 */
export interface JourneyClick {
  readonly id: string;
  readonly type: 'click';
  readonly at: number;
  readonly buyerId: string;
  readonly affiliateId: string;
  readonly storeId: string;
  readonly productId?: string;
  readonly channel: Target['channel'];
}

export interface JourneyOrder {
  readonly id: string;
  readonly type: 'order.created';
  readonly at: number;
  readonly orderId: string;
  readonly buyerId: string;
  readonly storeId: string;
  readonly lines: readonly { readonly productId: string; readonly amountCents: number }[];
}

export function journeyEvents(target: Target, it: Iteration): JourneyEvents {
  const buyerId = `${it.key}-b`;
  const orderId = `${it.key}-o`;
  return {
    buyerId,
    orderId,
    click: target.click === null ? null : journeyClick(target, it, buyerId),
    order: {
      id: `${it.key}-order`,
      type: 'order.created',
      orderId,
      buyerId,
      storeId: target.storeId,
      lines: target.lines.map((l) => ({ productId: l.productId, amountCents: l.amountCents })),
      at: it.atMs + target.orderAfterClickMs,
    },
  };
}

/** A click of `buyerId` into the target's store (through its product when it has one). */
export function journeyClick(target: Target, it: Iteration, buyerId: string): JourneyClick {
  return {
    id: `${it.key}-click`,
    type: 'click',
    at: it.atMs,
    buyerId,
    affiliateId: target.affiliateId,
    storeId: target.storeId,
    ...(target.click?.productId ? { productId: target.click.productId } : {}),
    channel: target.channel,
  };
}

/**
 * Under calendar days a window's end is the zone's calendar's, which the client does not compute:
 * taken from an answer's `windowEndsAt` when it is an instant after the click; null otherwise.
 */
export function windowEndAfter(windowEndsAt: unknown, clickAtMs: number): number | null {
  const endMs = typeof windowEndsAt === 'string' ? Date.parse(windowEndsAt) : Number.NaN;
  return endMs > clickAtMs ? endMs : null;
}
