import { Temporal } from 'temporal-polyfill';
import { DAY_MS } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';

/**
 * Where a span of `days` days from `startMs` ends (RULES.md `dayBoundary`; used by the window R6,
 * the minimum membership R2 and the rejoin cooldown R1): `exact` adds days of 86 400 000 ms;
 * `calendar` is the local midnight in `timeZone` that starts the N-th day after the start's local
 * day, which Temporal resolves DST-aware (a skipped midnight starts the day at its first instant).
 */
export function spanEndMs(startMs: number, days: number, policy: Policy): number {
  if (policy.dayBoundary === 'exact') return startMs + days * DAY_MS;
  return calendarEnds(policy.timeZone).endMs(startMs, days);
}

/** Local-day boundaries are expensive to compute; a bounded cache per zone keeps calendar mode cheap. */
const CALENDAR_CACHE_DAYS_MAX = 4_096;

interface LocalDay {
  readonly startMs: number;
  readonly nextStartMs: number;
  readonly date: Temporal.PlainDate;
  readonly endByDays: Map<number, number>;
}

class CalendarEnds {
  /** Local days keyed by the UTC day number of an instant inside them; an instant maps to at most two. */
  readonly #days = new Map<number, LocalDay[]>();

  constructor(readonly timeZone: string) {}

  endMs(startMs: number, days: number): number {
    const day = this.#localDay(startMs);
    let end = day.endByDays.get(days);
    if (end === undefined) {
      end = day.date.add({ days }).toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds;
      day.endByDays.set(days, end);
    }
    return end;
  }

  #localDay(instantMs: number): LocalDay {
    const key = Math.floor(instantMs / DAY_MS);
    const candidates = this.#days.get(key);
    const hit = candidates?.find((d) => d.startMs <= instantMs && instantMs < d.nextStartMs);
    if (hit) return hit;
    const date = Temporal.Instant.fromEpochMilliseconds(instantMs)
      .toZonedDateTimeISO(this.timeZone)
      .toPlainDate();
    const day: LocalDay = {
      date,
      startMs: date.toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds,
      nextStartMs: date.add({ days: 1 }).toZonedDateTime({ timeZone: this.timeZone }).epochMilliseconds,
      endByDays: new Map(),
    };
    if (this.#days.size >= CALENDAR_CACHE_DAYS_MAX) this.#days.clear();
    this.#days.set(key, [...(candidates ?? []), day]);
    return day;
  }
}

const byZone = new Map<string, CalendarEnds>();

function calendarEnds(timeZone: string): CalendarEnds {
  let ends = byZone.get(timeZone);
  if (ends === undefined) {
    ends = new CalendarEnds(timeZone);
    byZone.set(timeZone, ends);
  }
  return ends;
}
