import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { spanEndMs } from '../../sim/model/day-span.js';

// Why: calendar spans (dayBoundary=calendar, R6/R2/R1) must end at local midnights, whatever DST does in between.
const ms = (iso: string) => Date.parse(iso);
const calendar = (timeZone: string) => withOverrides(DEFAULT_POLICY, { dayBoundary: 'calendar', timeZone });

describe('spanEndMs', () => {
  test('exact: N × 24 h, DST or not', () => {
    expect(spanEndMs(ms('2026-03-01T20:00:00.000Z'), 15, DEFAULT_POLICY)).toBe(
      ms('2026-03-16T20:00:00.000Z'),
    );
  });

  test.each([
    // Los Angeles: PST (−8) until 2026-03-08 02:00, PDT (−7) until 2026-11-01 02:00.
    [
      'spring forward inside the span',
      'America/Los_Angeles',
      '2026-03-01T20:00:00.000Z',
      15,
      '2026-03-16T07:00:00.000Z',
    ],
    [
      'fall back inside the span',
      'America/Los_Angeles',
      '2026-10-25T19:00:00.000Z',
      15,
      '2026-11-09T08:00:00.000Z',
    ],
    ['a 23-hour day', 'America/Los_Angeles', '2026-03-07T08:00:00.000Z', 1, '2026-03-08T08:00:00.000Z'],
    ['a 25-hour day', 'America/Los_Angeles', '2026-11-01T07:00:00.000Z', 1, '2026-11-02T08:00:00.000Z'],
    [
      'the local day starts at midnight, not at the instant',
      'America/Los_Angeles',
      '2026-01-03T07:59:59.999Z',
      15,
      '2026-01-17T08:00:00.000Z',
    ],
    [
      'one millisecond later is the next local day',
      'America/Los_Angeles',
      '2026-01-03T08:00:00.000Z',
      15,
      '2026-01-18T08:00:00.000Z',
    ],
    // Berlin: CET (+1) until 2026-03-29 02:00, CEST (+2) until 2026-10-25 03:00.
    ['Berlin spring forward', 'Europe/Berlin', '2026-03-20T12:00:00.000Z', 15, '2026-04-03T22:00:00.000Z'],
    ['Berlin fall back', 'Europe/Berlin', '2026-10-20T12:00:00.000Z', 15, '2026-11-03T23:00:00.000Z'],
    // Santiago skips its midnight on 2026-09-06 (00:00 −04 → 01:00 −03): that day starts at 01:00 local.
    [
      'a day whose midnight does not exist',
      'America/Santiago',
      '2026-09-05T16:00:00.000Z',
      1,
      '2026-09-06T04:00:00.000Z',
    ],
    [
      'zero days is the start of the local day',
      'Europe/Berlin',
      '2026-06-01T12:00:00.000Z',
      0,
      '2026-05-31T22:00:00.000Z',
    ],
  ])('calendar: %s', (_why, zone, startIso, days, endIso) => {
    expect(new Date(spanEndMs(ms(startIso), days, calendar(zone))).toISOString()).toBe(endIso);
  });

  test('the one-day cache never leaks between zones or days', () => {
    const la = calendar('America/Los_Angeles');
    const berlin = calendar('Europe/Berlin');
    const t = ms('2026-01-03T12:00:00.000Z');
    expect(spanEndMs(t, 1, la)).toBe(ms('2026-01-04T08:00:00.000Z'));
    expect(spanEndMs(t, 1, berlin)).toBe(ms('2026-01-03T23:00:00.000Z'));
    expect(spanEndMs(t, 2, la)).toBe(ms('2026-01-05T08:00:00.000Z'));
    expect(spanEndMs(t - 12 * 3_600_000, 1, la)).toBe(ms('2026-01-03T08:00:00.000Z'));
  });
});
