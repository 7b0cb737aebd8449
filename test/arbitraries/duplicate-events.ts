import fc from 'fast-check';
import type { RawEvent } from './raw-event.js';
import { respell } from './respell.js';

/** Where to record one copy of an event: `event` picks it, `after` how far after it, `spelling` how it is written. */
export interface DuplicatePick {
  readonly event: number;
  readonly after: number;
  readonly spelling: number;
}

export const duplicatePicksArb: fc.Arbitrary<DuplicatePick[]> = fc.array(
  fc.record({ event: fc.nat(), after: fc.nat(), spelling: fc.nat(3) }),
  { minLength: 1, maxLength: 20 },
);

/**
 * Records copies of events (same payload, `at` perhaps spelled another way) somewhere after the
 * event they copy, as a client retrying a request would: R17 says they change nothing.
 */
export function duplicateEvents(events: readonly RawEvent[], picks: readonly DuplicatePick[]): RawEvent[] {
  const out = [...events];
  if (out.length === 0) return out;
  for (const p of picks) {
    const index = p.event % out.length;
    const at = index + 1 + (p.after % (out.length - index));
    out.splice(at, 0, respell(out[index] as RawEvent, p.spelling));
  }
  return out;
}
