import { Temporal } from 'temporal-polyfill';
import { DAY_MS } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';

/**
 * Where a span of `days` days from `startMs` ends under the policy's `dayBoundary` (RULES.md): the
 * generator needs window ends (R6) and membership edges (R1, R2) to pack traffic at them. Written
 * here rather than imported from the model, so the traffic never shares rule code with the thing
 * it tests (STYLE.md: model and server share types, never rule functions).
 *
 * `exact`: start + days·DAY. `calendar`: the first instant of the local date `days` after the
 * start's local date in `timeZone` (DST-aware; a skipped midnight starts the day at 01:00).
 */
export function spanEndMs(startMs: number, days: number, policy: Policy): number {
  if (policy.dayBoundary === 'exact') return startMs + days * DAY_MS;
  return Temporal.Instant.fromEpochMilliseconds(startMs)
    .toZonedDateTimeISO(policy.timeZone)
    .toPlainDate()
    .add({ days })
    .toZonedDateTime({ timeZone: policy.timeZone }).epochMilliseconds;
}
