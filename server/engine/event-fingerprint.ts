import { hash } from 'node:crypto';
import type { AffEvent, EventType } from '../../sim/domain/events.js';

/**
 * The identity of an event's payload for R17, as a 128-bit digest: the same event whatever the
 * key order or the spelling of `at` (events arrive parsed, `at` in ms). Fields are listed per type
 * (the record type makes a new event type a compile error here), so serializing is one
 * JSON.stringify of an array: about 2.5× cheaper than a generic sorted-key canonical form.
 */
const FIELDS: Readonly<Record<EventType, readonly string[]>> = {
  'store.registered': ['storeId', 'products'],
  'affiliate.registered': ['affiliateId', 'channel'],
  'store.joined': ['storeId', 'defaultRateBps'],
  'store.withdrew': ['storeId'],
  'store.defaultRateSet': ['storeId', 'rateBps'],
  'store.mainProductSet': ['storeId', 'productId', 'rateBps'],
  'store.mainProductRemoved': ['storeId', 'productId'],
  'store.categoryRateSet': ['storeId', 'categoryId', 'rateBps'],
  click: ['buyerId', 'affiliateId', 'storeId', 'productId', 'channel'],
  'order.created': ['orderId', 'buyerId', 'storeId', 'lines'],
  'order.completed': ['orderId'],
  'order.cancelled': ['orderId'],
  'order.refunded': ['orderId', 'productId', 'amountCents'],
};

export function eventFingerprint(event: AffEvent): string {
  const parts: unknown[] = [event.type, event.at];
  const fields = event as unknown as Record<string, unknown>;
  for (const name of FIELDS[event.type]) parts.push(canonicalField(name, fields[name]));
  return hash('sha256', JSON.stringify(parts), 'base64url').slice(0, 22);
}

function canonicalField(name: string, value: unknown): unknown {
  if (name === 'products') {
    return (value as { productId: string; categoryId: string }[]).map((p) => [p.productId, p.categoryId]);
  }
  if (name === 'lines') {
    return (value as { productId: string; amountCents: number }[]).map((l) => [l.productId, l.amountCents]);
  }
  // A click without a product: absent and null are the same link (EVENTS.md `productId?`).
  return value ?? null;
}
