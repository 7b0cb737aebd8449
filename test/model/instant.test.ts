import { describe, expect, test } from 'vitest';
import { formatInstant, parseInstant } from '../../sim/domain/instant.js';

describe('parseInstant (EVENTS.md `at`)', () => {
  test.each([
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00.000Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00.5Z', Date.UTC(2026, 0, 1) + 500],
    ['2026-01-01T00:00:00.123456789Z', Date.UTC(2026, 0, 1) + 123],
    ['2026-01-01T09:00:00+09:00', Date.UTC(2026, 0, 1)],
    ['2025-12-31T16:00:00-08:00', Date.UTC(2026, 0, 1)],
    [1_767_225_600_000, Date.UTC(2026, 0, 1)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
  ])('%j → %i', (input, expected) => {
    expect(parseInstant(input)).toEqual({ ok: true, ms: expected });
  });

  test.each([
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:00',
    '2026-01-01',
    'yesterday',
    1.5,
    -1,
    null,
    true,
    {},
  ])('%j is refused with a message', (input) => {
    const r = parseInstant(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
  });

  test('formatInstant writes ISO-8601 UTC with milliseconds', () => {
    expect(formatInstant(Date.UTC(2026, 0, 18))).toBe('2026-01-18T00:00:00.000Z');
  });
});
