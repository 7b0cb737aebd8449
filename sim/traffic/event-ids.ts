import type { EventType } from '../domain/events.js';

/**
 * Event ids encode kind, entity and generation sequence, so they are unique, deterministic, and
 * say without state where an event came from: `s12.4.join` (store 12's 4th planned event),
 * `a3.0.reg`, `b1042.37-5.click` (buyer 1042's 5th event generated on day 37). Seller events get
 * the same ids in every shard, so a platform that receives them from each shard sees repeats (R17).
 */
const KIND = {
  'store.registered': 'reg',
  'affiliate.registered': 'reg',
  'store.joined': 'join',
  'store.withdrew': 'withdraw',
  'store.defaultRateSet': 'rate',
  'store.mainProductSet': 'main',
  'store.mainProductRemoved': 'unmain',
  'store.categoryRateSet': 'catrate',
  click: 'click',
  'order.created': 'order',
  'order.completed': 'complete',
  'order.cancelled': 'cancel',
  'order.refunded': 'refund',
} as const satisfies Record<EventType, string>;

/** A store's or affiliate's event: `entityId` like `s12`, `seq` its generation index. */
export function entityEventId(entityId: string, seq: number, type: EventType): string {
  return `${entityId}.${seq}.${KIND[type]}`;
}

/**
 * A buyer's event: generated on `day` (the session's day) as the day's `seq`-th event of the buyer.
 * Joined, not a template literal: V8 builds a template's string of 13 characters or more as a tree
 * of concatenations and keeps it so, ~107 bytes an id where the flat string `join` makes costs ~48;
 * the model's chains hold these ids for as long as a window is open (docs/benchmarks.md, "The
 * simulator at scale").
 */
export function buyerEventId(buyerIndex: number, day: number, seq: number, type: EventType): string {
  return ['b', buyerIndex, '.', day, '-', seq, '.', KIND[type]].join('');
}

export type DecodedEventId =
  | { readonly source: 'entity'; readonly entityId: string; readonly seq: number; readonly kind: string }
  | {
      readonly source: 'buyer';
      readonly buyerIndex: number;
      readonly day: number;
      readonly seq: number;
      readonly kind: string;
    };

const BUYER_EVENT = /^b(\d+)\.(\d+)-(\d+)\.([a-z]+)$/;
const ENTITY_EVENT = /^([sa]\d+)\.(\d+)\.([a-z]+)$/;

export function decodeEventId(id: string): DecodedEventId | undefined {
  const b = BUYER_EVENT.exec(id);
  if (b) {
    return {
      source: 'buyer',
      buyerIndex: Number(b[1]),
      day: Number(b[2]),
      seq: Number(b[3]),
      kind: b[4] as string,
    };
  }
  const e = ENTITY_EVENT.exec(id);
  if (e) return { source: 'entity', entityId: e[1] as string, seq: Number(e[2]), kind: e[3] as string };
  return undefined;
}
