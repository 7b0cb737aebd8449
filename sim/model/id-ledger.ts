import { type AffEvent, canonicalPayload } from '../domain/events.js';

/**
 * R17 idempotency: the first event recorded with an id is the event; a later one with the same
 * payload is a repeat (acknowledged, changes nothing), with another payload a conflict (rejected).
 * Identity follows the order events were recorded, which is the order a platform receives them.
 */
export type Admission =
  | { readonly kind: 'new' }
  | { readonly kind: 'repeat' }
  | { readonly kind: 'conflict' };

export class IdLedger {
  readonly #firstById = new Map<string, AffEvent>();

  admit(event: AffEvent): Admission {
    const first = this.#firstById.get(event.id);
    if (first === undefined) {
      this.#firstById.set(event.id, event);
      return { kind: 'new' };
    }
    // Compared only on a collision, so the ledger keeps references, not serialized payloads.
    return canonicalPayload(first) === canonicalPayload(event) ? { kind: 'repeat' } : { kind: 'conflict' };
  }
}
