import { ev, history, line, policyLine, REGISTERED, T0, WORLD } from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

/** R4 settings: only members change them, rates inside rateBounds, versioned by time, a rejoin replaces only the default. */
export const SETTINGS_CASES: RuleCase[] = [
  {
    name: 'default rate set before joining is rejected',
    rules: ['R4', 'R3'],
    why: 'a registered store that has not joined is not a member, so its setting change is refused',
    history: history(
      REGISTERED,
      ev.defaultRate('d1', '2026-01-01T12:00:00.000Z', 800),
      ev.join('j1', '2026-01-02T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'd1', rule: 'R4' }],
      decisions: { o1: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'main product set after withdrawal is rejected and is absent after the rejoin',
    rules: ['R4', 'R3'],
    why: 'between withdrawal and rejoin s1 is not a member, so p1 never becomes main and pays the default',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.mainSet('m1', '2026-01-20T00:00:00.000Z', 'p1', 2000),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'm1', rule: 'R4' }],
      decisions: { o1: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'category rate set by a non-member is rejected',
    rules: ['R4', 'R3', 'R10'],
    why: 'the withdrawn store cannot set c1, so after the rejoin p1 (c1) still pays the default rate',
    history: history(
      policyLine({ categoryRates: 'enabled' }),
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.categoryRate('cr', '2026-01-20T00:00:00.000Z', 'c1', 1000),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'cr', rule: 'R4' }],
      decisions: { o1: { lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'main product removed by a non-member is rejected and p1 stays main',
    rules: ['R4', 'R3'],
    why: 'the removal while withdrawn is refused and settings persist, so after the rejoin p1 pays its 2000 bps',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.mainRemoved('mr', '2026-01-20T00:00:00.000Z', 'p1'),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'mr', rule: 'R4' }],
      decisions: { o1: { commissionCents: 2000, lines: [line('p1', 10000, 0, 2000, 'main', 2000)] } },
    },
  },
  {
    name: 'removing a product that is not main is rejected',
    rules: ['R4', 'R3'],
    why: 'p1 was never set main, so mainProductRemoved has nothing to remove (edge-case table)',
    history: history(
      WORLD,
      ev.mainRemoved('mr', '2026-01-02T00:00:00.000Z', 'p1'),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'mr', rule: 'R4' }],
      decisions: { o1: { lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'removing a main product twice rejects the second removal',
    rules: ['R4', 'R3', 'R10'],
    why: 'after the first removal p1 is no longer main, so the second is a removal of a non-main product',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      ev.mainRemoved('mr1', '2026-01-03T00:00:00.000Z', 'p1'),
      ev.mainRemoved('mr2', '2026-01-04T00:00:00.000Z', 'p1'),
      ev.click('k1', '2026-01-05T00:00:00.000Z'),
      ev.order('eo1', '2026-01-06T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'mr2', rule: 'R4' }],
      decisions: { o1: { lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'default rate outside the bounds (0, 9001, -1) is rejected; 9000 and 1 are accepted',
    rules: ['R4', 'R3', 'R10'],
    why: 'refused rates leave 500 in force for o1; then 9000 applies to o2 and 1 to o3 (bounds inclusive)',
    history: history(
      WORLD,
      ev.defaultRate('d0', '2026-01-02T00:00:00.000Z', 0),
      ev.defaultRate('d9001', '2026-01-02T01:00:00.000Z', 9001),
      ev.defaultRate('dneg', '2026-01-02T02:00:00.000Z', -1),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-04T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.defaultRate('dmax', '2026-01-05T00:00:00.000Z', 9000),
      ev.order('eo2', '2026-01-06T00:00:00.000Z', 'o2', { p1: 10000 }),
      ev.defaultRate('dmin', '2026-01-07T00:00:00.000Z', 1),
      ev.order('eo3', '2026-01-08T00:00:00.000Z', 'o3', { p1: 10000 }),
    ),
    expect: {
      rejected: [
        { id: 'd0', rule: 'R4' },
        { id: 'd9001', rule: 'R4' },
        { id: 'dneg', rule: 'R4' },
      ],
      decisions: {
        o1: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] },
        o2: { commissionCents: 9000, lines: [line('p1', 10000, 0, 9000, 'default', 9000)] },
        o3: { commissionCents: 1, lines: [line('p1', 10000, 0, 1, 'default', 1)] },
      },
    },
  },
  {
    name: 'main product rate outside the bounds is rejected; 9000 is accepted',
    rules: ['R4', 'R3', 'R10'],
    why: '0 and 9001 bps are refused for p1; the accepted 9000 bps makes p1 main at 9000',
    history: history(
      WORLD,
      ev.mainSet('m0', '2026-01-02T00:00:00.000Z', 'p1', 0),
      ev.mainSet('m9001', '2026-01-02T01:00:00.000Z', 'p1', 9001),
      ev.mainSet('m9000', '2026-01-02T02:00:00.000Z', 'p2', 9000),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-04T00:00:00.000Z', 'o1', { p1: 10000, p2: 10000 }),
    ),
    expect: {
      rejected: [
        { id: 'm0', rule: 'R4' },
        { id: 'm9001', rule: 'R4' },
      ],
      decisions: {
        o1: {
          commissionCents: 9500,
          lines: [line('p1', 10000, 0, 500, 'default', 500), line('p2', 10000, 0, 9000, 'main', 9000)],
        },
      },
    },
  },
  {
    name: 'category rate outside the bounds is rejected; 1 bps is accepted',
    rules: ['R4', 'R3', 'R10'],
    why: '9001 and -100 bps are refused; the accepted 1 bps category rate of c1 applies to p3',
    history: history(
      policyLine({ categoryRates: 'enabled' }),
      WORLD,
      ev.categoryRate('cr9001', '2026-01-02T00:00:00.000Z', 'c1', 9001),
      ev.categoryRate('crneg', '2026-01-02T01:00:00.000Z', 'c1', -100),
      ev.categoryRate('cr1', '2026-01-02T02:00:00.000Z', 'c1', 1),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-04T00:00:00.000Z', 'o1', { p3: 10000 }),
    ),
    expect: {
      rejected: [
        { id: 'cr9001', rule: 'R4' },
        { id: 'crneg', rule: 'R4' },
      ],
      decisions: { o1: { commissionCents: 1, lines: [line('p3', 10000, 0, 1, 'category', 1)] } },
    },
  },
  {
    name: 'settings obey rateBounds from the policy',
    rules: ['R4', 'R10'],
    why: 'with rateBounds=100..2000: default 2001 and main 99 are refused, main 100 is accepted',
    policy: ['rateBounds=100..2000'],
    history: history(
      WORLD,
      ev.defaultRate('d2001', '2026-01-02T00:00:00.000Z', 2001),
      ev.mainSet('m99', '2026-01-02T01:00:00.000Z', 'p1', 99),
      ev.mainSet('m100', '2026-01-02T02:00:00.000Z', 'p2', 100),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-04T00:00:00.000Z', 'o1', { p1: 10000, p2: 10000 }),
    ),
    expect: {
      rejected: [
        { id: 'd2001', rule: 'R4' },
        { id: 'm99', rule: 'R4' },
      ],
      decisions: {
        o1: {
          commissionCents: 600,
          lines: [line('p1', 10000, 0, 500, 'default', 500), line('p2', 10000, 0, 100, 'main', 100)],
        },
      },
    },
  },
  {
    name: 'a rejoin replaces the default rate but main products persist',
    rules: ['R4', 'R1', 'R10'],
    why: 'default 800 (set while member) is replaced by the rejoin rate 700; p1 stays main at 2000',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      ev.defaultRate('d1', '2026-01-05T00:00:00.000Z', 800),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 700),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p1: 10000, p2: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          commissionCents: 2700,
          lines: [line('p1', 10000, 0, 2000, 'main', 2000), line('p2', 10000, 0, 700, 'default', 700)],
        },
      },
    },
  },
  {
    name: 'a rejoin keeps category rates',
    rules: ['R4', 'R1', 'R10'],
    why: 'with categoryRates=enabled the c1 rate of 1000 survives withdrawal and rejoin; p2 (c2) pays the new 700',
    history: history(
      policyLine({ categoryRates: 'enabled' }),
      WORLD,
      ev.categoryRate('cr', '2026-01-02T00:00:00.000Z', 'c1', 1000),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 700),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p3: 10000, p2: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          commissionCents: 1700,
          lines: [line('p3', 10000, 0, 1000, 'category', 1000), line('p2', 10000, 0, 700, 'default', 700)],
        },
      },
    },
  },
  {
    name: 'a rejected join leaves the store without settings rights',
    rules: ['R4', 'R1', 'R3'],
    why: 'the join at 0 bps is refused, so s1 is still not a member when it tries to set p1 main',
    history: history(
      REGISTERED,
      ev.join('j1', T0, 's1', 0),
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
    ),
    expect: {
      rejected: [
        { id: 'j1', rule: 'R1' },
        { id: 'm1', rule: 'R4' },
      ],
    },
  },
];
