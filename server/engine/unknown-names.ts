import { formatInstant } from '../../sim/domain/instant.js';
import { type Outcome, rejected } from './outcome.js';
import type { StoreRecord } from './store-record.js';

// R16: the answers to an event naming a store or a product the platform does not know (yet).

export function unknownStoreMessage(storeId: string, atMs: number): string {
  return `R16: unknown store ${storeId} at ${formatInstant(atMs)}`;
}

export function unknownStore(storeId: string, atMs: number): Outcome {
  return rejected('R16', unknownStoreMessage(storeId, atMs));
}

export function unknownProductMessage(store: StoreRecord, productId: string): string {
  return `R16: product ${productId} is not in the catalogue of store ${store.storeId}`;
}

export function unknownProduct(store: StoreRecord, productId: string): Outcome | undefined {
  return store.categoryOf.has(productId)
    ? undefined
    : rejected('R16', unknownProductMessage(store, productId));
}
