import { Temporal } from 'temporal-polyfill';
import { DAY_MS } from '../instant.js';

/**
 * Local days of the policy's `timeZone` (RULES.md "Policy"): the reports count by the seller's
 * calendar, not by UTC. A day is its epoch-day number (days since 1970-01-01 of the local date),
 * so a period filter is two integer comparisons.
 *
 * Temporal is exact (DST included) but costs microseconds; a book over a million events asks the
 * same few days again and again, so the last local day found per UTC hour is cached: a hit is one
 * range check, a miss (a new hour, or an hour that holds a local midnight) asks Temporal again.
 */
const HOUR_MS = 3_600_000;
/** Bound of the cache (TIGER_STYLE "a limit on everything"): about 11 years of distinct hours. */
const CACHED_HOURS_MAX = 100_000;

interface CachedDay {
  readonly startMs: number;
  readonly endMs: number;
  readonly day: number;
}

export class LocalDays {
  readonly #byHour = new Map<number, CachedDay>();

  constructor(readonly timeZone: string) {}

  /** The local day of an instant, as an epoch-day number. */
  dayOf(instantMs: number): number {
    const hour = Math.floor(instantMs / HOUR_MS);
    const cached = this.#byHour.get(hour);
    if (cached !== undefined && instantMs >= cached.startMs && instantMs < cached.endMs) return cached.day;
    const found = this.#compute(instantMs);
    if (this.#byHour.size >= CACHED_HOURS_MAX) this.#byHour.clear();
    this.#byHour.set(hour, found);
    return found.day;
  }

  #compute(instantMs: number): CachedDay {
    const zone = this.timeZone;
    const date = Temporal.Instant.fromEpochMilliseconds(instantMs).toZonedDateTimeISO(zone).toPlainDate();
    return {
      startMs: date.toZonedDateTime({ timeZone: zone }).epochMilliseconds,
      endMs: date.add({ days: 1 }).toZonedDateTime({ timeZone: zone }).epochMilliseconds,
      day: Date.UTC(date.year, date.month - 1, date.day) / DAY_MS,
    };
  }
}

/** `YYYY-MM-DD` of an epoch-day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The epoch-day number of a `YYYY-MM-DD` local date, or undefined when it is not a real date. */
export function parseDay(text: string): number | undefined {
  const m = DATE.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (year < 1970 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / DAY_MS;
}
