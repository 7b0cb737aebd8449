import { quoted } from './excerpt.js';

/** Time is a UTC instant in epoch milliseconds everywhere inside affsim; this module is the only way in and out. */

export const DAY_MS = 86_400_000;

// Date and time with a zone designator; seconds and fractions optional (ISO-8601 extended format).
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Epoch bounds of what a history may name: years 1970..9999 keep every instant a safe integer. */
export const INSTANT_MIN_MS = 0;
export const INSTANT_MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export type InstantParse = { ok: true; ms: number } | { ok: false; message: string };

/**
 * Parses an `at` value: an ISO-8601 instant with a zone designator, or epoch milliseconds.
 * Sub-millisecond digits are truncated (time is kept in whole milliseconds).
 */
export function parseInstant(value: unknown): InstantParse {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      return { ok: false, message: `expected integer epoch milliseconds, got ${value}` };
    return inRange(value, String(value));
  }
  if (typeof value !== 'string') {
    return {
      ok: false,
      message: `expected an ISO-8601 instant or epoch milliseconds, got ${typeName(value)}`,
    };
  }
  const m = ISO_INSTANT.exec(value);
  if (!m)
    return {
      ok: false,
      message: `expected an ISO-8601 UTC instant like 2026-01-01T00:00:00.000Z, got ${quoted(value)}`,
    };
  const [, y, mo, d, h, mi, s = '0', frac = '', zone, zh = '0', zm = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Number(zh) > 23 ||
    Number(zm) > 59
  ) {
    return { ok: false, message: `not a valid date and time: "${value}"` };
  }
  const offsetMs =
    zone === 'Z' ? 0 : (zone?.startsWith('-') ? -1 : 1) * (Number(zh) * 60 + Number(zm)) * 60_000;
  return inRange(utc - offsetMs, `"${value}"`);
}

function inRange(ms: number, shown: string): InstantParse {
  if (ms < INSTANT_MIN_MS || ms > INSTANT_MAX_MS) {
    return {
      ok: false,
      message: `instant ${shown} is outside 1970-01-01T00:00:00.000Z..9999-12-31T23:59:59.999Z`,
    };
  }
  return { ok: true, ms };
}

/** ISO-8601 UTC with milliseconds, the one format affsim writes (`2026-01-18T00:00:00.000Z`). */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
