import type { StoreEvent } from '../events.js';
import type { BookAnswer, OperationRow, SettingRow } from './book-rows.js';

/** The rows a store's own events make in its book (report-book.ts): `seq` is the event's arrival position. */

/** Every answered seller event of a registered store, accepted or refused (R3: a refusal names its rule). */
export function operationRow(event: StoreEvent, answer: BookAnswer, seq: number): OperationRow {
  return {
    seq,
    atMs: event.at,
    eventId: event.id,
    type: event.type,
    outcome: answer.kind,
    rule: answer.kind === 'rejected' ? answer.rule : null,
    message: answer.kind === 'rejected' ? answer.message : null,
    productId: 'productId' in event ? event.productId : null,
    categoryId: 'categoryId' in event ? event.categoryId : null,
    rateBps: 'rateBps' in event ? event.rateBps : 'defaultRateBps' in event ? event.defaultRateBps : null,
  };
}

/** The setting an accepted seller event sets (R4), or undefined for one that sets none (registration, withdrawal). */
export function settingRow(event: StoreEvent, seq: number): SettingRow | undefined {
  if (event.type === 'store.registered' || event.type === 'store.withdrew') return undefined;
  const base = { seq, atMs: event.at, eventId: event.id, source: event.type };
  switch (event.type) {
    case 'store.joined':
      return {
        ...base,
        setting: 'default-rate',
        productId: null,
        categoryId: null,
        rateBps: event.defaultRateBps,
      };
    case 'store.defaultRateSet':
      return { ...base, setting: 'default-rate', productId: null, categoryId: null, rateBps: event.rateBps };
    case 'store.mainProductSet':
      return {
        ...base,
        setting: 'main-product',
        productId: event.productId,
        categoryId: null,
        rateBps: event.rateBps,
      };
    case 'store.mainProductRemoved':
      return {
        ...base,
        setting: 'main-product-removed',
        productId: event.productId,
        categoryId: null,
        rateBps: null,
      };
    case 'store.categoryRateSet':
      return {
        ...base,
        setting: 'category-rate',
        productId: null,
        categoryId: event.categoryId,
        rateBps: event.rateBps,
      };
  }
}
