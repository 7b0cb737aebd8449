import {
  attributedTo,
  ev,
  history,
  notAttributed,
  policyLine,
  REGISTERED,
  WORLD,
} from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

/*
 * dayBoundary=calendar: a span of N days from t ends at the local midnight that starts the N-th
 * day after t's local day. Offsets in 2026, worked out by hand:
 *   America/Los_Angeles: PST (UTC-8, midnight = 08:00Z) until 2026-03-08 02:00 local (10:00Z),
 *     PDT (UTC-7, midnight = 07:00Z) until 2026-11-01 02:00 local (09:00Z), then PST again.
 *   Europe/Berlin: CET (UTC+1, midnight = 23:00Z the day before) until 2026-03-29 01:00Z,
 *     CEST (UTC+2, midnight = 22:00Z the day before) until 2026-10-25 01:00Z, then CET again.
 */
const LA = policyLine({ dayBoundary: 'calendar', timeZone: 'America/Los_Angeles' });
const BERLIN = policyLine({ dayBoundary: 'calendar', timeZone: 'Europe/Berlin' });

/** Orders o1 one millisecond before `windowEnd` and o2 exactly at it, by b1 in s1. */
function ordersAround(before: string, windowEnd: string) {
  return [ev.order('eo1', before, 'o1', { p1: 10000 }), ev.order('eo2', windowEnd, 'o2', { p1: 10000 })];
}

export const CALENDAR_CASES: RuleCase[] = [
  {
    name: 'calendar LA: a window across the spring-forward change ends at PDT midnight',
    rules: ['R6', 'R8'],
    why: 'click 03-01 12:00 PST (local day Mar 1) ends Mar 16 00:00 PDT = 07:00Z; timeZone is the default LA',
    history: history(
      policyLine({ dayBoundary: 'calendar' }),
      WORLD,
      ev.click('k1', '2026-03-01T20:00:00.000Z'),
      ordersAround('2026-03-16T06:59:59.999Z', '2026-03-16T07:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-03-01T20:00:00.000Z', '2026-03-16T07:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar LA: a window across the fall-back change ends at PST midnight',
    rules: ['R6', 'R8'],
    why: 'click 10-20 11:00 PDT (local day Oct 20) ends Nov 4 00:00 PST = 08:00Z, not 07:00Z',
    history: history(
      LA,
      WORLD,
      ev.click('k1', '2026-10-20T18:00:00.000Z'),
      ordersAround('2026-11-04T07:59:59.999Z', '2026-11-04T08:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-10-20T18:00:00.000Z', '2026-11-04T08:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar LA: the local day of the click, not its UTC date, starts the count',
    rules: ['R6'],
    why: '2026-03-08T07:30Z is Mar 7 23:30 PST, so the window ends Mar 22 00:00 PDT = 2026-03-22T07:00Z',
    history: history(
      LA,
      WORLD,
      ev.click('k1', '2026-03-08T07:30:00.000Z'),
      ordersAround('2026-03-22T06:59:59.999Z', '2026-03-22T07:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-03-08T07:30:00.000Z', '2026-03-22T07:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar LA: a one-day window on the spring-forward day lasts 22 hours',
    rules: ['R6'],
    why: 'windowDays=1, click Mar 8 01:00 PST (09:00Z) ends Mar 9 00:00 PDT = 2026-03-09T07:00Z',
    policy: ['windowDays=1'],
    history: history(
      LA,
      WORLD,
      ev.click('k1', '2026-03-08T09:00:00.000Z'),
      ordersAround('2026-03-09T06:59:59.999Z', '2026-03-09T07:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-03-08T09:00:00.000Z', '2026-03-09T07:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar LA: both passes of the repeated fall-back hour end at the same midnight',
    rules: ['R6', 'R7'],
    why: 'windowDays=1; 01:30 PDT (08:30Z, b1) and 01:30 PST (09:30Z, b2) are both Nov 1, ending Nov 2 08:00Z',
    policy: ['windowDays=1'],
    history: history(
      LA,
      WORLD,
      ev.click('k1', '2026-11-01T08:30:00.000Z', { buyerId: 'b1' }),
      ev.click('k2', '2026-11-01T09:30:00.000Z', { buyerId: 'b2' }),
      ev.order('eo1', '2026-11-02T07:59:59.999Z', 'o1', { p1: 10000 }, { buyerId: 'b1' }),
      ev.order('eo2', '2026-11-02T07:59:59.999Z', 'o2', { p1: 10000 }, { buyerId: 'b2' }),
      ev.order('eo3', '2026-11-02T08:00:00.000Z', 'o3', { p1: 10000 }, { buyerId: 'b1' }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-11-01T08:30:00.000Z', '2026-11-02T08:00:00.000Z'),
        o2: attributedTo('a1', '2026-11-01T09:30:00.000Z', '2026-11-02T08:00:00.000Z'),
        o3: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar LA first-click: a re-click 1 ms before the calendar end continues the chain',
    rules: ['R6', 'R8'],
    why: 'a1 Feb 25 ends Mar 12 07:00Z; a2 at 06:59:59.999Z (Mar 11 PDT) joins the chain and ends Mar 26 07:00Z',
    policy: ['credit=first-click'],
    history: history(
      LA,
      WORLD,
      ev.click('k1', '2026-02-25T20:00:00.000Z', { affiliateId: 'a1' }),
      ev.click('k2', '2026-03-12T06:59:59.999Z', { affiliateId: 'a2' }),
      ev.order('eo1', '2026-03-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a1', '2026-02-25T20:00:00.000Z', '2026-03-26T07:00:00.000Z') },
    },
  },
  {
    name: 'calendar LA first-click: a re-click exactly at the calendar end starts a new chain',
    rules: ['R6', 'R8'],
    why: 'a1’s window ends Mar 12 00:00 PDT = 07:00Z (not PST 08:00Z), so a2 there starts a chain ending Mar 27 07:00Z',
    policy: ['credit=first-click'],
    history: history(
      LA,
      WORLD,
      ev.click('k1', '2026-02-25T20:00:00.000Z', { affiliateId: 'a1' }),
      ev.click('k2', '2026-03-12T07:00:00.000Z', { affiliateId: 'a2' }),
      ev.order('eo1', '2026-03-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a2', '2026-03-12T07:00:00.000Z', '2026-03-27T07:00:00.000Z') },
    },
  },
  {
    name: 'calendar LA: minimum membership ends at a local midnight after spring forward',
    rules: ['R2', 'R9'],
    why: 'joined Feb 25 12:00 PST, withdrawal allowed from Mar 12 00:00 PDT = 07:00Z: 1 ms before is refused',
    history: history(
      LA,
      REGISTERED,
      ev.join('j1', '2026-02-25T20:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-03-01T00:00:00.000Z'),
      ev.withdraw('wd1', '2026-03-12T06:59:59.999Z'),
      ev.order('eo1', '2026-03-12T06:59:59.999Z', 'o1', { p1: 10000 }),
      ev.withdraw('wd2', '2026-03-12T07:00:00.000Z'),
      ev.order('eo2', '2026-03-13T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'wd1', rule: 'R2' }],
      decisions: {
        // The click is Feb 28 16:00 PST, so its window ends Mar 15 00:00 PDT.
        o1: attributedTo('a1', '2026-03-01T00:00:00.000Z', '2026-03-15T07:00:00.000Z'),
        o2: notAttributed('store-not-member'),
      },
    },
  },
  {
    name: 'calendar Santiago: a day whose midnight is skipped starts at its first instant',
    rules: ['R6'],
    why: 'Chile springs from Sep 6 00:00 −04 to 01:00 −03, so Sep 6 starts at 01:00 −03 = 2026-09-06T04:00Z',
    policy: ['windowDays=1'],
    history: history(
      policyLine({ dayBoundary: 'calendar', timeZone: 'America/Santiago' }),
      WORLD,
      ev.click('k1', '2026-09-05T12:00:00.000Z'),
      ordersAround('2026-09-06T03:59:59.999Z', '2026-09-06T04:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-09-05T12:00:00.000Z', '2026-09-06T04:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar Berlin: a window across the spring-forward change ends at CEST midnight',
    rules: ['R6', 'R8'],
    why: 'click Mar 20 13:00 CET ends Apr 4 00:00 CEST = 2026-04-03T22:00Z',
    history: history(
      BERLIN,
      WORLD,
      ev.click('k1', '2026-03-20T12:00:00.000Z'),
      ordersAround('2026-04-03T21:59:59.999Z', '2026-04-03T22:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-03-20T12:00:00.000Z', '2026-04-03T22:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar Berlin: a window across the fall-back change ends at CET midnight',
    rules: ['R6', 'R8'],
    why: 'click Oct 15 14:00 CEST ends Oct 30 00:00 CET = 2026-10-29T23:00Z',
    history: history(
      BERLIN,
      WORLD,
      ev.click('k1', '2026-10-15T12:00:00.000Z'),
      ordersAround('2026-10-29T22:59:59.999Z', '2026-10-29T23:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-10-15T12:00:00.000Z', '2026-10-29T23:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar Berlin: a click after local midnight counts from the next UTC day',
    rules: ['R6'],
    why: '2026-03-20T23:30Z is Mar 21 00:30 CET, so the window ends Apr 5 00:00 CEST = 2026-04-04T22:00Z',
    history: history(
      BERLIN,
      WORLD,
      ev.click('k1', '2026-03-20T23:30:00.000Z'),
      ordersAround('2026-04-04T21:59:59.999Z', '2026-04-04T22:00:00.000Z'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-03-20T23:30:00.000Z', '2026-04-04T22:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'calendar Berlin: the rejoin cooldown ends at a local midnight after fall back',
    rules: ['R1', 'R6'],
    why: 'withdrawn Oct 20 12:00 CEST, rejoin allowed from Nov 4 00:00 CET = 2026-11-03T23:00Z: 1 ms before is refused',
    history: history(
      BERLIN,
      WORLD,
      ev.withdraw('wd', '2026-10-20T10:00:00.000Z'),
      ev.join('rj1', '2026-11-03T22:59:59.999Z', 's1', 700),
      ev.join('rj2', '2026-11-03T23:00:00.000Z', 's1', 700),
      ev.click('k1', '2026-11-05T00:00:00.000Z'),
      ev.order('eo1', '2026-11-06T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'rj1', rule: 'R1' }],
      decisions: {
        // The click is Nov 5 01:00 CET, so its window ends Nov 20 00:00 CET.
        o1: {
          ...attributedTo('a1', '2026-11-05T00:00:00.000Z', '2026-11-19T23:00:00.000Z'),
          commissionCents: 700,
        },
      },
    },
  },
];
