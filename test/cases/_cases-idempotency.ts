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

/** R17 idempotency and the order of evaluation (time order, ties in recording order). */
export const IDEMPOTENCY_CASES: RuleCase[] = [
  {
    name: 'a repeated refund with the same payload is acknowledged and refunds once',
    rules: ['R17', 'R14'],
    why: 'the repeat of er1 changes nothing and is not listed as rejected: 2500 refunded, not 5000',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 2500),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 2500),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { commissionCents: 375, lines: [line('p1', 10000, 2500, 500, 'default', 375)] } },
    },
  },
  {
    name: 'a repeated completion with the same payload is not a second completion',
    rules: ['R17', 'R16'],
    why: 'a retry of ec1 is acknowledged, so R16 (double completion) does not apply',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
    ),
    expect: { rejected: [], decisions: { o1: { status: 'payable', commissionCents: 500 } } },
  },
  {
    name: 'a repeated join with the same payload is not a join while a member',
    rules: ['R17', 'R1'],
    why: 'the retry of w-join is acknowledged with the original answer, so R1 does not refuse it',
    history: history(WORLD, ev.join('w-join', T0, 's1', 500), CLICK, ORDER),
    expect: { rejected: [], decisions: { o1: O1_BY_A1 } },
  },
  {
    name: 'a repeated order creation with the same payload is not a duplicate order',
    rules: ['R17', 'R16'],
    why: 'the retry of eo1 is acknowledged; o1 exists once and R16 (duplicate order id) does not apply',
    history: history(WORLD, CLICK, ORDER, ORDER),
    expect: { rejected: [], decisions: { o1: { ...O1_BY_A1, commissionCents: 500 } } },
  },
  {
    name: 'a repeated click with the same payload does not become the latest click',
    rules: ['R17', 'R8'],
    why: 'k1 (a1) and k2 (a2) share an instant; the retry of k1 recorded last changes nothing, so a2 stays latest',
    history: history(
      WORLD,
      CLICK,
      ev.click('k2', '2026-01-03T00:00:00.000Z', { affiliateId: 'a2' }),
      CLICK,
      ORDER,
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a2', '2026-01-03T00:00:00.000Z', '2026-01-18T00:00:00.000Z') },
    },
  },
  {
    name: 'a repeat of a rejected event with the same payload is answered once',
    rules: ['R17', 'R2'],
    why: 'the original answer was R2; its repeat is acknowledged and not listed as rejected again',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-10T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-10T00:00:00.000Z'),
    ),
    expect: { rejected: [{ id: 'wd', rule: 'R2' }] },
  },
  {
    name: 'an id reused with a different amount is rejected R17',
    rules: ['R17', 'R14'],
    why: 'er1 already names a 2500 refund; the 3000 one is a different payload and changes nothing',
    history: history(
      WORLD,
      CLICK,
      ORDER,
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 2500),
      ev.refund('er1', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 3000),
    ),
    expect: {
      rejected: [{ id: 'er1', rule: 'R17' }],
      decisions: { o1: { commissionCents: 375, lines: [line('p1', 10000, 2500, 500, 'default', 375)] } },
    },
  },
  {
    name: 'an id reused by another event type is rejected R17',
    rules: ['R17'],
    why: 'k1 already names a click, so an order created under k1 is refused and o1 does not exist',
    history: history(WORLD, CLICK, ev.order('k1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 })),
    expect: { rejected: [{ id: 'k1', rule: 'R17' }], decisions: { o1: null } },
  },
  {
    name: 'a click whose id is reused with another affiliate does not count',
    rules: ['R17', 'R8'],
    why: 'the second k1 (a2) is refused, so the order is credited to a1’s click',
    history: history(WORLD, CLICK, ev.click('k1', '2026-01-04T00:00:00.000Z', { affiliateId: 'a2' }), ORDER),
    expect: { rejected: [{ id: 'k1', rule: 'R17' }], decisions: { o1: O1_BY_A1 } },
  },
  {
    name: 'R17 before R16: a reused id naming an unknown store',
    rules: ['R17', 'R16'],
    why: 'both refuse it; id reuse is named first',
    history: history(WORLD, ev.join('w-join', '2026-01-02T00:00:00.000Z', 'sx', 500)),
    expect: { rejected: [{ id: 'w-join', rule: 'R17' }] },
  },
  {
    name: 'R17 before R1: a reused id joining a member store again at another rate',
    rules: ['R17', 'R1'],
    why: 'a different payload under w-join is refused for the id, not as a join while a member',
    history: history(WORLD, ev.join('w-join', '2026-01-02T00:00:00.000Z', 's1', 800), CLICK, ORDER),
    expect: {
      rejected: [{ id: 'w-join', rule: 'R17' }],
      decisions: { o1: { lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  // Order of evaluation
  {
    name: 'an order recorded before its earlier click is attributed',
    rules: ['R8', 'R9'],
    why: 'events are evaluated in time order: the 01-03 click comes before the 01-05 order',
    history: history(WORLD, ORDER, CLICK),
    expect: { rejected: [], decisions: { o1: O1_BY_A1 } },
  },
  {
    name: 'a seller setting recorded first but later in time does not reach earlier orders',
    rules: ['R10', 'R4'],
    why: 'p1 becomes main at 01-05 12:00; the 06:00 order pays default 500, the 18:00 one main 2000',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-05T12:00:00.000Z', 'p1', 2000),
      ev.click('k1', '2026-01-05T01:00:00.000Z'),
      ev.order('eo1', '2026-01-05T06:00:00.000Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-05T18:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { lines: [line('p1', 10000, 0, 500, 'default', 500)] },
        o2: { lines: [line('p1', 10000, 0, 2000, 'main', 2000)] },
      },
    },
  },
  {
    name: 'a withdrawal recorded before an earlier order does not touch it',
    rules: ['R9', 'R15'],
    why: 'in time order the 01-12 order sees a member store; it completes after the 01-16 withdrawal',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.complete('ec1', '2026-01-20T00:00:00.000Z', 'o1'),
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.order('eo1', '2026-01-12T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
          status: 'payable',
          commissionCents: 500,
        },
      },
    },
  },
  {
    name: 'a join earlier than the store’s registration names an unknown store',
    rules: ['R16', 'R9'],
    why: 'the registration is recorded first but happens at 01-10, so the 01-05 join is refused',
    history: history(
      REGISTERED,
      ev.registerStore('rs3', '2026-01-10T00:00:00.000Z', 's3', { r1: 'c1' }),
      ev.join('j3', '2026-01-05T00:00:00.000Z', 's3', 500),
      ev.order('eo1', '2026-01-12T00:00:00.000Z', 'o1', { r1: 10000 }, { storeId: 's3' }),
    ),
    expect: {
      rejected: [{ id: 'j3', rule: 'R16' }],
      decisions: { o1: notAttributed('store-not-member') },
    },
  },
  {
    name: 'a refund earlier than its order names an unknown order; a later one is accepted',
    rules: ['R16', 'R14'],
    why: 'both refunds are recorded before the order; in time order er1 (01-04) precedes it, er2 (01-06) follows',
    history: history(
      WORLD,
      ev.refund('er1', '2026-01-04T00:00:00.000Z', 'o1', 'p1', 1000),
      ev.refund('er2', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 2000),
      CLICK,
      ORDER,
    ),
    expect: {
      rejected: [{ id: 'er1', rule: 'R16' }],
      decisions: { o1: { commissionCents: 400, lines: [line('p1', 10000, 2000, 500, 'default', 400)] } },
    },
  },
  {
    name: 'rejections are listed in time order, not recording order',
    rules: ['R2', 'R1'],
    why: 'the 01-10 withdrawal (too early, R2) is recorded before the 01-05 second join (R1), but evaluated after it',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-10T00:00:00.000Z'),
      ev.join('j2', '2026-01-05T00:00:00.000Z', 's1', 900),
    ),
    expect: {
      rejected: [
        { id: 'j2', rule: 'R1' },
        { id: 'wd', rule: 'R2' },
      ],
    },
  },
];
