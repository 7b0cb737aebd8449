import type { AffEvent } from '../../sim/domain/events.js';
import { eventFingerprint } from './event-fingerprint.js';
import type { Outcome } from './outcome.js';

/**
 * R17: the first event received with an id is the event, and its answer is kept; a later event with
 * that id and the same payload gets the original answer, with another payload it is refused.
 * Identity follows arrival order. Only a 128-bit fingerprint of each payload is kept, never the
 * event, so the ledger costs a few dozen bytes per id (it is the one structure that grows with
 * every event; a production platform would expire ids after a retention period).
 */
export type Admission =
  | { readonly kind: 'new'; readonly fingerprint: string }
  | { readonly kind: 'repeat'; readonly outcome: Outcome }
  | { readonly kind: 'conflict' };

interface Entry {
  readonly fingerprint: string;
  readonly outcome: Outcome;
}

export class IdLedger {
  readonly #byId = new Map<string, Entry>();

  admit(event: AffEvent): Admission {
    const fingerprint = eventFingerprint(event);
    const first = this.#byId.get(event.id);
    if (first === undefined) return { kind: 'new', fingerprint };
    return first.fingerprint === fingerprint
      ? { kind: 'repeat', outcome: first.outcome }
      : { kind: 'conflict' };
  }

  record(id: string, fingerprint: string, outcome: Outcome): void {
    this.#byId.set(id, { fingerprint, outcome });
  }

  get size(): number {
    return this.#byId.size;
  }
}
