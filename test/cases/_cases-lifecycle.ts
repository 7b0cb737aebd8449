import {
  attributedTo,
  ev,
  history,
  line,
  notAttributed,
  REGISTERED,
  T0,
  WORLD,
} from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

const CLICK = ev.click('k1', '2026-01-03T00:00:00.000Z');
const ORDER = ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 });
const O1_BY_A1 = attributedTo('a1', '2026-01-03T00:00:00.000Z', '2026-01-18T00:00:00.000Z');

/** R16 lifecycle and unknown names, precedence R17 > R16 > own rule. */
export const LIFECYCLE_CASES: RuleCase[] = [
  {
    name: 'a store registered twice is rejected and keeps its first catalogue',
    rules: ['R16', 'R3'],
    why: 'the second registration is refused, so p9 never joins s1’s catalogue and an order of p9 is refused too',
    history: history(
      WORLD,
      ev.registerStore('rs1b', '2026-01-02T00:00:00.000Z', 's1', { p9: 'c9' }),
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p9: 100 }),
    ),
    expect: {
      rejected: [
        { id: 'rs1b', rule: 'R16' },
        { id: 'eo1', rule: 'R16' },
      ],
      decisions: { o1: null },
    },
  },
  {
    name: 'an affiliate registered twice is rejected',
    rules: ['R16'],
    why: 'an affiliate id registered a second time is a duplicate name',
    history: history(
      WORLD,
      ev.registerAffiliate('ra1b', '2026-01-02T00:00:00.000Z', 'a1', 'blog'),
      CLICK,
      ORDER,
    ),
    expect: { rejected: [{ id: 'ra1b', rule: 'R16' }], decisions: { o1: O1_BY_A1 } },
  },
  {
    name: 'events naming an unknown store are rejected',
    rules: ['R16'],
    why: 'sx was never registered: its join, rate change, click and order are all refused, and o1 has no decision',
    history: history(
      WORLD,
      ev.join('jx', '2026-01-02T00:00:00.000Z', 'sx', 500),
      ev.defaultRate('dx', '2026-01-02T01:00:00.000Z', 600, 'sx'),
      ev.click('kx', '2026-01-03T00:00:00.000Z', { storeId: 'sx' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }, { storeId: 'sx' }),
    ),
    expect: {
      rejected: [
        { id: 'jx', rule: 'R16' },
        { id: 'dx', rule: 'R16' },
        { id: 'kx', rule: 'R16' },
        { id: 'eo1', rule: 'R16' },
      ],
      decisions: { o1: null },
    },
  },
  {
    name: 'events naming a product outside the store’s catalogue are rejected',
    rules: ['R16'],
    why: 'q1 belongs to s2 and zz to no store: main-product, click and order naming them in s1 are refused',
    history: history(
      WORLD,
      ev.mainSet('mz', '2026-01-02T00:00:00.000Z', 'zz', 2000),
      ev.click('kz', '2026-01-03T00:00:00.000Z', { productId: 'zz' }),
      ev.click('kq', '2026-01-03T01:00:00.000Z', { productId: 'q1' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000, q1: 500 }),
      ev.order('eo2', '2026-01-05T01:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [
        { id: 'mz', rule: 'R16' },
        { id: 'kz', rule: 'R16' },
        { id: 'kq', rule: 'R16' },
        { id: 'eo1', rule: 'R16' },
      ],
      // Both refused clicks change nothing, so o2 has no click.
      decisions: { o1: null, o2: notAttributed('no-click') },
    },
  },
  {
    name: 'a category rate for an unknown category is rejected',
    rules: ['R16'],
    why: 'no product of any store is in c-none',
    history: history(WORLD, ev.categoryRate('cr', '2026-01-02T00:00:00.000Z', 'c-none', 1000)),
    expect: { rejected: [{ id: 'cr', rule: 'R16' }] },
  },
  {
    name: 'a category rate for a category of another store is rejected',
    rules: ['R16'],
    why: 'c3 exists only in s2’s catalogue, so for s1 it is an unknown category',
    history: history(WORLD, ev.categoryRate('cr', '2026-01-02T00:00:00.000Z', 'c3', 1000)),
    expect: { rejected: [{ id: 'cr', rule: 'R16' }] },
  },
  {
    name: 'a click through an unknown affiliate is rejected',
    rules: ['R16', 'R9'],
    why: 'ax was never registered, so the click is refused and the order has no click',
    history: history(WORLD, ev.click('k1', '2026-01-03T00:00:00.000Z', { affiliateId: 'ax' }), ORDER),
    expect: { rejected: [{ id: 'k1', rule: 'R16' }], decisions: { o1: notAttributed('no-click') } },
  },
  {
    name: 'complete, cancel and refund of an unknown order are rejected',
    rules: ['R16'],
    why: 'o9 was never created',
    history: history(
      WORLD,
      ev.complete('ec9', '2026-01-05T00:00:00.000Z', 'o9'),
      ev.cancel('ex9', '2026-01-05T01:00:00.000Z', 'o9'),
      ev.refund('er9', '2026-01-05T02:00:00.000Z', 'o9', 'p1', 100),
    ),
    expect: {
      rejected: [
        { id: 'ec9', rule: 'R16' },
        { id: 'ex9', rule: 'R16' },
        { id: 'er9', rule: 'R16' },
      ],
      decisions: { o9: null },
    },
  },
  {
    name: 'an order id created twice is rejected and the first order stands',
    rules: ['R16', 'R3'],
    why: 'the second creation of o1 (another event id) is a duplicate name; o1 keeps its p1 line',
    history: history(WORLD, CLICK, ORDER, ev.order('eo1b', '2026-01-06T00:00:00.000Z', 'o1', { p2: 500 })),
    expect: {
      rejected: [{ id: 'eo1b', rule: 'R16' }],
      decisions: { o1: { ...O1_BY_A1, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'an order id whose creation was rejected can be created later',
    rules: ['R16', 'R3'],
    why: 'the first creation (unknown product zz) changed nothing, so o1 is not a duplicate the second time',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { zz: 100 }),
      ev.order('eo1b', '2026-01-06T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'eo1', rule: 'R16' }],
      decisions: { o1: { attributed: true, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'a second completion is rejected',
    rules: ['R16', 'R12'],
    why: 'an order completes once',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.complete('ec2', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [{ id: 'ec2', rule: 'R16' }],
      decisions: { o1: { status: 'payable', commissionCents: 500 } },
    },
  },
  {
    name: 'a second cancellation is rejected',
    rules: ['R16', 'R12'],
    why: 'an order cancels once',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.cancel('ex1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.cancel('ex2', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [{ id: 'ex2', rule: 'R16' }],
      decisions: { o1: { status: 'void', commissionCents: 0 } },
    },
  },
  {
    name: 'completion after cancellation is rejected',
    rules: ['R16', 'R12'],
    why: 'no event may follow a cancellation; the order stays void',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.cancel('ex1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.complete('ec1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [{ id: 'ec1', rule: 'R16' }],
      decisions: { o1: { status: 'void', commissionCents: 0 } },
    },
  },
  {
    name: 'cancellation after completion is rejected',
    rules: ['R16', 'R12'],
    why: 'an order either completes or cancels, once; the order stays payable',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.cancel('ex1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [{ id: 'ex1', rule: 'R16' }],
      decisions: { o1: { status: 'payable', commissionCents: 500 } },
    },
  },
  {
    name: 'lifecycle rules apply to a non-attributed order too',
    rules: ['R16', 'R12'],
    why: 'a non-attributed order is accepted as lifecycle, so its second completion is still refused',
    history: history(
      WORLD,
      ORDER,
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.complete('ec2', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: { rejected: [{ id: 'ec2', rule: 'R16' }], decisions: { o1: notAttributed('no-click') } },
  },
  {
    name: 'a refund after cancellation is rejected',
    rules: ['R16'],
    why: 'any event for a cancelled order is refused, so nothing is refunded',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.cancel('ex1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.refund('er1', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 1000),
    ),
    expect: {
      rejected: [{ id: 'er1', rule: 'R16' }],
      decisions: {
        o1: { status: 'void', commissionCents: 0, lines: [line('p1', 10000, 0, 500, 'default', 0)] },
      },
    },
  },
  {
    name: 'a refund naming a product outside the catalogue is R16, not R14',
    rules: ['R16', 'R14'],
    why: 'zz is an unknown product, and R16 comes before the refund’s own rule',
    history: history(WORLD, CLICK, ORDER, ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'zz', 100)),
    expect: { rejected: [{ id: 'er1', rule: 'R16' }] },
  },
  {
    name: 'R16 before R1: joining an unknown store at 0 bps',
    rules: ['R16', 'R1'],
    why: 'both refuse the join; the unknown store is named first',
    history: history(REGISTERED, ev.join('jx', T0, 'sx', 0)),
    expect: { rejected: [{ id: 'jx', rule: 'R16' }] },
  },
  {
    name: 'R16 before R2: withdrawing an unknown store',
    rules: ['R16', 'R2'],
    why: 'sx is both unknown and not a member; the unknown name is named first',
    history: history(WORLD, ev.withdraw('wx', '2026-01-20T00:00:00.000Z', 'sx')),
    expect: { rejected: [{ id: 'wx', rule: 'R16' }] },
  },
  {
    name: 'R16 before R4: a non-member setting an unknown product main',
    rules: ['R16', 'R4'],
    why: 's1 has not joined and zz is not in its catalogue; the unknown product is named first',
    history: history(REGISTERED, ev.mainSet('mz', '2026-01-02T00:00:00.000Z', 'zz', 2000)),
    expect: { rejected: [{ id: 'mz', rule: 'R16' }] },
  },
  {
    name: 'R16 before R14: an over-refund of a cancelled order',
    rules: ['R16', 'R14'],
    why: 'both refuse it; the event on a cancelled order is named first',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.cancel('ex1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.refund('er1', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 20000),
    ),
    expect: { rejected: [{ id: 'er1', rule: 'R16' }] },
  },
];
