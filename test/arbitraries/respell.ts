import type { RawEvent } from './raw-event.js';

/**
 * The same event written another way: the instant with a numeric offset instead of `Z`, or the
 * fields in another order. R17 compares payloads, not spellings, so it is still the same event.
 * `spelling` 0 is a plain copy.
 */
export function respell(event: RawEvent, spelling: number): RawEvent {
  switch (spelling % 4) {
    case 1:
      return { ...event, at: withOffset(event.at, 0) };
    case 2:
      return { ...event, at: withOffset(event.at, -(8 * 60 + 30)) };
    case 3:
      return Object.fromEntries(Object.entries(event).reverse()) as RawEvent;
    default:
      return { ...event };
  }
}

/** `2026-03-08T10:00:00.000Z` as `2026-03-08T01:30:00.000-08:30` (offset in minutes east of UTC). */
export function withOffset(at: string, offsetMinutes: number): string {
  const local = new Date(Date.parse(at) + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
