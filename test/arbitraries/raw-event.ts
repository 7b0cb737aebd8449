import type { AffEvent } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';

type Raw<E> = E extends unknown ? Omit<E, 'at'> & { readonly at: string } : never;

/** An event as EVENTS.md writes it: `at` is an ISO-8601 instant, everything else as in `AffEvent`. */
export type RawEvent = Raw<AffEvent>;

/** A generated history: the policy line (only the keys that differ from the defaults) and the events in recording order. */
export interface History {
  readonly policy: Partial<Policy>;
  readonly events: readonly RawEvent[];
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before it gets its id and instant (what a generator step decides). */
export type RawEventBody = DistributiveOmit<RawEvent, 'id' | 'at'>;
