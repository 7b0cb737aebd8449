import { Temporal } from 'temporal-polyfill';
import { DAY_MS } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';

/**
 * Where a span of N days that starts at an instant ends (RULES.md `dayBoundary`; used by the
 * window R6, the minimum membership R2 and the rejoin cooldown R1).
 *
 * - `exact`: start + N·DAY.
 * - `calendar`: the local midnight in `timeZone` that starts the N-th day after the start's local
 *   day. Temporal's start-of-day is the first instant of that local date, so a day whose midnight
 *   is skipped by a DST change starts at the first instant that exists (01:00 in such zones).
 */
export function spanEndMs(startMs: number, days: number, policy: Policy): number {
  if (policy.dayBoundary === 'exact') return startMs + days * DAY_MS;
  return calendarSpanEndMs(startMs, days, policy.timeZone);
}

/**
 * The local day containing the last instant asked about, and span ends from it. Evaluation runs in
 * time order, so consecutive questions almost always fall in the same local day: one cached day
 * makes calendar mode as cheap as exact mode without giving up exactness.
 */
interface CachedDay {
  readonly timeZone: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly date: Temporal.PlainDate;
  readonly endsByDays: Map<number, number>;
}
let cached: CachedDay | undefined;

export function calendarSpanEndMs(startMs: number, days: number, timeZone: string): number {
  let day = cached;
  if (day === undefined || day.timeZone !== timeZone || startMs < day.startMs || startMs >= day.endMs) {
    day = localDay(startMs, timeZone);
    cached = day;
  }
  let end = day.endsByDays.get(days);
  if (end === undefined) {
    end = day.date.add({ days }).toZonedDateTime({ timeZone }).epochMilliseconds;
    day.endsByDays.set(days, end);
  }
  return end;
}

function localDay(instantMs: number, timeZone: string): CachedDay {
  const date = Temporal.Instant.fromEpochMilliseconds(instantMs).toZonedDateTimeISO(timeZone).toPlainDate();
  return {
    timeZone,
    date,
    startMs: date.toZonedDateTime({ timeZone }).epochMilliseconds,
    endMs: date.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds,
    endsByDays: new Map(),
  };
}
