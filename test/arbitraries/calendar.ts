import { Temporal } from 'temporal-polyfill';
import { DAY_MS } from '../../sim/domain/instant.js';
import type { Policy } from '../../sim/domain/policy.js';

/**
 * Zones whose local midnights are worth testing, each with the year whose changes histories
 * start near: Los Angeles (the default; March and November), London, Santiago (DST changes at
 * midnight, so some days start at 01:00 and one midnight sits after a repeated hour), Lord Howe
 * (half-hour DST), Apia in 2011 (a whole skipped day, 30 December), and two zones without DST.
 */
export const CALENDAR_ZONES = [
  { timeZone: 'America/Los_Angeles', year: 2026 },
  { timeZone: 'Europe/London', year: 2026 },
  { timeZone: 'America/Santiago', year: 2026 },
  { timeZone: 'Australia/Lord_Howe', year: 2026 },
  { timeZone: 'Pacific/Apia', year: 2011 },
  { timeZone: 'Asia/Tokyo', year: 2026 },
  { timeZone: 'UTC', year: 2026 },
] as const;

const DEFAULT_YEAR = 2026;

/**
 * Where a span of `days` days starting at `startMs` ends (RULES.md `dayBoundary`), written
 * independently of `sim/model/day-span.ts` so tests can use it as an oracle: in `calendar` mode,
 * move the local wall-clock time forward by whole days, then take the start of that local day.
 */
export function expectedSpanEndMs(
  startMs: number,
  days: number,
  policy: Pick<Policy, 'dayBoundary' | 'timeZone'>,
): number {
  if (policy.dayBoundary === 'exact') return startMs + days * DAY_MS;
  return Temporal.Instant.fromEpochMilliseconds(startMs)
    .toZonedDateTimeISO(policy.timeZone)
    .add({ days })
    .startOfDay().epochMilliseconds;
}

/** The first instant of the local day `days` days after the local day of `instantMs`. */
export function localDayStartMs(instantMs: number, timeZone: string, days: number): number {
  const date = Temporal.Instant.fromEpochMilliseconds(instantMs).toZonedDateTimeISO(timeZone).toPlainDate();
  return date.add({ days }).toZonedDateTime({ timeZone }).epochMilliseconds;
}

const transitionsCache = new Map<string, readonly number[]>();

/** The instants at which `timeZone` changes its UTC offset during the year histories in it start near. */
export function zoneTransitionsMs(timeZone: string): readonly number[] {
  const cached = transitionsCache.get(timeZone);
  if (cached) return cached;
  const year = CALENDAR_ZONES.find((z) => z.timeZone === timeZone)?.year ?? DEFAULT_YEAR;
  const found: number[] = [];
  let at: Temporal.ZonedDateTime | null = Temporal.PlainDate.from({ year, month: 1, day: 1 }).toZonedDateTime(
    {
      timeZone,
    },
  );
  while (found.length < 8) {
    at = at.getTimeZoneTransition('next');
    if (at === null || at.year > year) break;
    found.push(at.epochMilliseconds);
  }
  transitionsCache.set(timeZone, found);
  return found;
}

/** An instant to start near when a zone has no changes: 1 March of its year, UTC. */
export function zoneYearStartMs(timeZone: string): number {
  const year = CALENDAR_ZONES.find((z) => z.timeZone === timeZone)?.year ?? DEFAULT_YEAR;
  return Date.UTC(year, 2, 1);
}
