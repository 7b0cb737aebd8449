import {
  attributedTo,
  bareLine,
  ev,
  history,
  line,
  notAttributed,
  policyLine,
  REGISTERED,
  WORLD,
} from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

const HONOR = policyLine({ postWithdrawalOrders: 'honor-click-window' });

/** R9 reasons and their precedence under both postWithdrawalOrders readings; R15 earned orders survive withdrawal. */
export const ATTRIBUTION_CASES: RuleCase[] = [
  {
    name: 'a member store’s order without any click is no-click',
    rules: ['R9'],
    why: 's1 is a member and b1 never clicked into it',
    history: history(WORLD, ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 })),
    expect: {
      rejected: [],
      decisions: { o1: { orderId: 'o1', ...notAttributed('no-click'), lines: [bareLine('p1', 10000)] } },
    },
  },
  {
    name: 'store-not-member comes before no-click',
    rules: ['R9'],
    why: 's1 never joined and there is no click either; store-not-member is the first reason that applies',
    history: history(REGISTERED, ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 })),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'uncharged: an order after withdrawal with an open window is store-not-member',
    rules: ['R9', 'R12', 'R16'],
    why: 'orders created while out of the programme earn nothing; completing it is accepted and pays nothing',
    history: history(
      WORLD,
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-17T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.complete('ec1', '2026-01-20T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { ...notAttributed('store-not-member'), lines: [bareLine('p1', 10000)] } },
    },
  },
  {
    name: 'store-not-member comes before window-expired',
    rules: ['R9'],
    why: 'at 01-20 s1 has withdrawn and the 01-03 window has also ended; the first reason wins',
    history: history(
      WORLD,
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'an order at the withdrawal instant depends on recording order',
    rules: ['R9', 'R15'],
    why: 'o1 recorded before the withdrawal sees a member store; o2 recorded after it does not',
    history: history(
      WORLD,
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.order('eo1', '2026-01-16T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo2', '2026-01-16T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
        o2: notAttributed('store-not-member'),
      },
    },
  },
  {
    name: 'honor-click-window: an order after withdrawal inside the window is attributed',
    rules: ['R9', 'R10', 'R4'],
    why: 'c* was made while a member and T is in its window; rates at T are the persisted settings',
    history: history(
      HONOR,
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000, p2: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
          status: 'pending',
          commissionCents: 2500,
          lines: [line('p1', 10000, 0, 2000, 'main', 2000), line('p2', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'honor-click-window: the window ending 1 ms after the order still saves it',
    rules: ['R9', 'R6'],
    why: 'T = windowEnd − 1 ms is in window, so the policy saves the order despite the withdrawal',
    history: history(
      HONOR,
      WORLD,
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-24T23:59:59.999Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-25T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
        o2: notAttributed('store-not-member'),
      },
    },
  },
  {
    name: 'honor-click-window with the window already over is store-not-member',
    rules: ['R9'],
    why: 'edge-case table: the policy does not save it, so store-not-member is the first reason that applies',
    history: history(
      HONOR,
      WORLD,
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'honor-click-window with no click at all is store-not-member',
    rules: ['R9'],
    why: 'without a c* the policy saves nothing, and store-not-member precedes no-click',
    history: history(
      HONOR,
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'honor-click-window changes nothing for a member store',
    rules: ['R9'],
    why: 's1 is a member at T, so the usual reasons apply: no click gives no-click, an old click window-expired',
    history: history(
      HONOR,
      WORLD,
      ev.order('eo1', '2026-01-02T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo2', '2026-01-18T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: notAttributed('no-click'), o2: notAttributed('window-expired') },
    },
  },
  {
    name: 'a window opened before withdrawal still attributes after a rejoin',
    rules: ['R9', 'R6', 'R1'],
    why: 'with a 1-day cooldown s1 is a member again at 01-18 and the 01-10 window runs to 01-25; the gap order is not',
    policy: ['rejoinCooldownDays=1'],
    history: history(
      WORLD,
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-16T12:00:00.000Z', 'o1', { p1: 10000 }),
      ev.join('rj', '2026-01-17T00:00:00.000Z', 's1', 500),
      ev.order('eo2', '2026-01-18T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: notAttributed('store-not-member'),
        o2: attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
      },
    },
  },
  // R15
  {
    name: 'an order created before withdrawal and completed after it is payable at its locked rate',
    rules: ['R15', 'R11', 'R12', 'R13'],
    why: 'seed 000/001: earned orders are charged after withdrawal; p1 main 2000, p2 500 × 2999 = 149.95 → 150',
    history: history(
      WORLD,
      ev.mainSet('m1', '2026-01-02T00:00:00.000Z', 'p1', 2000),
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.order('eo1', '2026-01-12T00:00:00.000Z', 'o1', { p1: 10000, p2: 2999 }),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.complete('ec1', '2026-01-20T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
          status: 'payable',
          commissionCents: 2150,
          lines: [line('p1', 10000, 0, 2000, 'main', 2000), line('p2', 2999, 0, 500, 'default', 150)],
        },
      },
    },
  },
  {
    name: 'an earned order refunded and completed after withdrawal pays on its net amount',
    rules: ['R15', 'R14', 'R13'],
    why: 'the refund after withdrawal is accepted; net 10000 − 4000 = 6000 at 500 bps = 300',
    history: history(
      WORLD,
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.order('eo1', '2026-01-12T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.refund('er1', '2026-01-18T00:00:00.000Z', 'o1', 'p1', 4000),
      ev.complete('ec1', '2026-01-20T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          attributed: true,
          status: 'payable',
          commissionCents: 300,
          lines: [line('p1', 10000, 4000, 500, 'default', 300)],
        },
      },
    },
  },
];
