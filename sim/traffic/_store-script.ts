import type { AffEvent, StoreEvent } from '../domain/events.js';
import type { Store } from '../world/world.js';
import { entityEventId } from './event-ids.js';

/** Every event one store's timeline may hold past its registration ("put a limit on everything"). */
export const STORE_EVENTS_MAX = 100_000;

type StoreEventType = Exclude<StoreEvent['type'], 'store.registered'>;
type Fields<T extends StoreEventType> = Omit<
  Extract<StoreEvent, { type: T }>,
  'id' | 'type' | 'at' | 'storeId'
>;

/**
 * Collects one store's planned events, numbering them in generation order (the id's sequence;
 * 0 is the registration). They are generated cause by cause, not in time order, so `sorted()`
 * puts them in time order, ties by sequence.
 */
export class StoreScript {
  readonly #store: Store;
  readonly #events: AffEvent[] = [];
  #seq = 1;

  constructor(store: Store) {
    this.#store = store;
  }

  add<T extends StoreEventType>(type: T, atMs: number, fields: Fields<T>): void {
    if (this.#events.length >= STORE_EVENTS_MAX) {
      throw new Error(`store ${this.#store.storeId}: more than ${STORE_EVENTS_MAX} planned events`);
    }
    const id = entityEventId(this.#store.storeId, this.#seq, type);
    this.#seq += 1;
    this.#events.push({ id, type, at: atMs, storeId: this.#store.storeId, ...fields } as AffEvent);
  }

  sorted(): AffEvent[] {
    const seqOf = (e: AffEvent) => Number(e.id.split('.')[1]);
    return this.#events.sort((a, b) => a.at - b.at || seqOf(a) - seqOf(b));
  }
}
