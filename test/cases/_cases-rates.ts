import { attributedTo, ev, history, line, policyLine, WORLD } from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

const ENABLED = policyLine({ categoryRates: 'enabled' });
const CLICK = ev.click('k1', '2026-01-03T00:00:00.000Z');

/** p1 (c1) main at 2000, c1 at 1000, default 500 (p2 is c2, p3 is c1), then b1 clicks at 01-03. */
const TIERED = [
  ...WORLD,
  ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
  ev.categoryRate('cr1', '2026-01-02T00:00:00.000Z', 'c1', 1000),
  CLICK,
];
const THREE_LINES = { p1: 10000, p2: 10000, p3: 10000 };

/** R10 rate precedence at creation time, R11 rate and attribution lock. */
export const RATE_CASES: RuleCase[] = [
  {
    name: 'categoryRates=retired: main beats default and category rates are ignored',
    rules: ['R10', 'R4'],
    why: 'p1 is main (2000); p2 and p3 pay the default 500 because category rates are retired (setting c1 is still accepted)',
    history: history(TIERED, ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', THREE_LINES)),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          commissionCents: 3000,
          lines: [
            line('p1', 10000, 0, 2000, 'main', 2000),
            line('p2', 10000, 0, 500, 'default', 500),
            line('p3', 10000, 0, 500, 'default', 500),
          ],
        },
      },
    },
  },
  {
    name: 'categoryRates=enabled: main > category > default',
    rules: ['R10'],
    why: 'p1 is main though c1 has a rate; p3 (c1) takes the category rate 1000; p2 (c2, no rate) the default',
    history: history(ENABLED, TIERED, ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', THREE_LINES)),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          commissionCents: 3500,
          lines: [
            line('p1', 10000, 0, 2000, 'main', 2000),
            line('p2', 10000, 0, 500, 'default', 500),
            line('p3', 10000, 0, 1000, 'category', 1000),
          ],
        },
      },
    },
  },
  {
    name: 'a main product set at the order instant applies only if recorded before the order',
    rules: ['R10'],
    why: 'rates resolve at T in recording order: o2 (before the setting) pays default, o1 (after) pays main',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo2', '2026-01-05T00:00:00.000Z', 'o2', { p1: 10000 }),
      ev.mainSet('m1', '2026-01-05T00:00:00.000Z', 'p1', 2000),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { commissionCents: 2000, lines: [line('p1', 10000, 0, 2000, 'main', 2000)] },
        o2: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] },
      },
    },
  },
  {
    name: 'setting a main product again updates its rate',
    rules: ['R10', 'R4'],
    why: 'the latest main-product rate at T is 3000',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      ev.mainSet('m2', '2026-01-04T00:00:00.000Z', 'p1', 3000),
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { commissionCents: 3000, lines: [line('p1', 10000, 0, 3000, 'main', 3000)] } },
    },
  },
  {
    name: 'a removed main product falls back to its category rate when enabled',
    rules: ['R10', 'R4'],
    why: 'p1 is no longer main at T, and c1 has 1000 with categoryRates=enabled',
    history: history(
      ENABLED,
      TIERED,
      ev.mainRemoved('mr', '2026-01-04T00:00:00.000Z', 'p1'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { commissionCents: 1000, lines: [line('p1', 10000, 0, 1000, 'category', 1000)] } },
    },
  },
  {
    name: 'a removed main product falls back to the default rate when categories are retired',
    rules: ['R10', 'R4'],
    why: 'p1 is no longer main at T and category rates are ignored, so 500',
    history: history(
      TIERED,
      ev.mainRemoved('mr', '2026-01-04T00:00:00.000Z', 'p1'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'a default rate change before the order applies to it',
    rules: ['R10', 'R4'],
    why: 'the default rate at T is the 800 set at 01-04',
    history: history(
      WORLD,
      ev.defaultRate('d1', '2026-01-04T00:00:00.000Z', 800),
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p2: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { commissionCents: 800, lines: [line('p2', 10000, 0, 800, 'default', 800)] } },
    },
  },
  {
    name: 'each order takes the category rate in force at its creation',
    rules: ['R10', 'R11'],
    why: 'o1 at 01-04 sees c1 = 1000, o2 at 01-06 sees 1500; o1 keeps 1000',
    history: history(
      ENABLED,
      WORLD,
      ev.categoryRate('cr1', '2026-01-02T00:00:00.000Z', 'c1', 1000),
      CLICK,
      ev.order('eo1', '2026-01-04T00:00:00.000Z', 'o1', { p3: 10000 }),
      ev.categoryRate('cr2', '2026-01-05T00:00:00.000Z', 'c1', 1500),
      ev.order('eo2', '2026-01-06T00:00:00.000Z', 'o2', { p3: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { commissionCents: 1000, lines: [line('p3', 10000, 0, 1000, 'category', 1000)] },
        o2: { commissionCents: 1500, lines: [line('p3', 10000, 0, 1500, 'category', 1500)] },
      },
    },
  },
  // R11
  {
    name: 'rate changes after creation do not change the order',
    rules: ['R11', 'R12'],
    why: 'default 800, p1 main 3000 and p2 main 4000 all come after creation; the locked rates 2000/500 are paid',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000, p2: 10000 }),
      ev.defaultRate('d1', '2026-01-06T00:00:00.000Z', 800),
      ev.mainSet('m2', '2026-01-06T00:00:00.000Z', 'p1', 3000),
      ev.mainSet('m3', '2026-01-06T00:00:00.000Z', 'p2', 4000),
      ev.complete('ec1', '2026-01-08T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          status: 'payable',
          commissionCents: 2500,
          lines: [line('p1', 10000, 0, 2000, 'main', 2000), line('p2', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'removing the main product after creation does not change the order',
    rules: ['R11'],
    why: 'p1 was main at creation, so its line stays main at 2000',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.mainRemoved('mr', '2026-01-06T00:00:00.000Z', 'p1'),
      ev.complete('ec1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { status: 'payable', commissionCents: 2000, lines: [line('p1', 10000, 0, 2000, 'main', 2000)] },
      },
    },
  },
  {
    name: 'a category rate set after creation does not change the order',
    rules: ['R11', 'R10'],
    why: 'at creation c1 had no rate, so p3 locked the default 500',
    history: history(
      ENABLED,
      WORLD,
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p3: 10000 }),
      ev.categoryRate('cr1', '2026-01-06T00:00:00.000Z', 'c1', 1000),
      ev.complete('ec1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { status: 'payable', commissionCents: 500, lines: [line('p3', 10000, 0, 500, 'default', 500)] },
      },
    },
  },
  {
    name: 'withdrawal and rejoin after creation do not change the order',
    rules: ['R11', 'R15'],
    why: 'the rejoin at 900 bps replaces the default only for later orders; o1 keeps a1 and 2000/500',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000, p2: 10000 }),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 900),
      ev.complete('ec1', '2026-02-01T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-03T00:00:00.000Z', '2026-01-18T00:00:00.000Z'),
          status: 'payable',
          commissionCents: 2500,
          lines: [line('p1', 10000, 0, 2000, 'main', 2000), line('p2', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'a click after creation does not move the attribution',
    rules: ['R11', 'R8'],
    why: 'attribution is locked at creation: a2’s later click neither takes the credit nor extends the window',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.click('k2', '2026-01-06T00:00:00.000Z', { affiliateId: 'a2' }),
      ev.complete('ec1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-03T00:00:00.000Z', '2026-01-18T00:00:00.000Z'),
          status: 'payable',
        },
      },
    },
  },
];
