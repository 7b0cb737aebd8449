import {
  attributedTo,
  bareLine,
  ev,
  history,
  line,
  notAttributed,
  policyLine,
  REGISTERED,
  T0,
  WORLD,
} from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

const CLICK_AT = '2026-01-03T00:00:00.000Z';
/** CLICK_AT + 15 days: the end of its half-open window. */
const CLICK_WINDOW_END = '2026-01-18T00:00:00.000Z';

/** WORLD plus s2 joining at T0 with a 600 bps default rate. */
const TWO_STORES = [...WORLD, ev.join('w-join-s2', T0, 's2', 600)];

/** R5 qualifying clicks, R6 windows, R7 scope, R8 credit (exact day spans). */
export const WINDOW_CASES: RuleCase[] = [
  {
    name: 'order 1 ms before the window end is attributed',
    rules: ['R6', 'R8', 'R9', 'R12'],
    why: 'the window [c, c + 15 d) still contains 2026-01-17T23:59:59.999Z; pending shows the estimate 500',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.order('eo1', '2026-01-17T23:59:59.999Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          orderId: 'o1',
          ...attributedTo('a1', CLICK_AT, CLICK_WINDOW_END),
          status: 'pending',
          commissionCents: 500,
          lines: [line('p1', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'order exactly at the window end is window-expired',
    rules: ['R6', 'R8', 'R9'],
    why: 'the window is half-open, so T = windowEnd is outside it',
    history: history(WORLD, ev.click('k1', CLICK_AT), ev.order('eo1', CLICK_WINDOW_END, 'o1', { p1: 10000 })),
    expect: {
      rejected: [],
      decisions: { o1: { ...notAttributed('window-expired'), lines: [bareLine('p1', 10000)] } },
    },
  },
  {
    name: 'order 1 ms after the window end is window-expired',
    rules: ['R6', 'R8', 'R9'],
    why: 'T > windowEnd: the only click is too old',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.order('eo1', '2026-01-18T00:00:00.001Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('window-expired') } },
  },
  {
    name: 'order at the click instant, recorded after the click, is attributed',
    rules: ['R8', 'R6'],
    why: 'c* ≤ T holds with equality and the order sees the click recorded before it',
    history: history(WORLD, ev.click('k1', CLICK_AT), ev.order('eo1', CLICK_AT, 'o1', { p1: 10000 })),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, CLICK_WINDOW_END) } },
  },
  {
    name: 'order at the click instant, recorded before the click, has no click',
    rules: ['R8', 'R9'],
    why: 'equal instants are evaluated in recording order, so the order sees no click yet',
    history: history(WORLD, ev.order('eo1', CLICK_AT, 'o1', { p1: 10000 }), ev.click('k1', CLICK_AT)),
    expect: { rejected: [], decisions: { o1: notAttributed('no-click') } },
  },
  {
    name: 'a same-instant click recorded after the order does not take the credit',
    rules: ['R8'],
    why: 'o1 (recorded before k2) sees only a2’s earlier click; o2 (recorded after k2) sees a1’s',
    history: history(
      WORLD,
      ev.click('k1', '2026-01-02T00:00:00.000Z', { affiliateId: 'a2' }),
      ev.order('eo1', CLICK_AT, 'o1', { p1: 10000 }),
      ev.click('k2', CLICK_AT, { affiliateId: 'a1' }),
      ev.order('eo2', CLICK_AT, 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a2', '2026-01-02T00:00:00.000Z', '2026-01-17T00:00:00.000Z'),
        o2: attributedTo('a1', CLICK_AT, CLICK_WINDOW_END),
      },
    },
  },
  {
    name: 'a re-click inside the window restarts it',
    rules: ['R6', 'R8'],
    why: 'the 01-10 click restarts the window to 01-25: 1 ms before is attributed, at 01-25 it has expired',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.click('k2', '2026-01-10T00:00:00.000Z'),
      ev.order('eo1', '2026-01-24T23:59:59.999Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-25T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'last-click credits the affiliate of the latest click',
    rules: ['R8', 'R6'],
    why: 'a2’s click at 01-10 is the latest click before the order; its window ends 01-25',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.click('k2', '2026-01-10T00:00:00.000Z', { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-12T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a2', '2026-01-10T00:00:00.000Z', '2026-01-25T00:00:00.000Z') },
    },
  },
  {
    name: 'an order between two clicks sees only the earlier click',
    rules: ['R8', 'R11'],
    why: 'c* is the latest click with c* ≤ T, so a2’s later click neither credits nor extends o1',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.click('k2', '2026-01-10T00:00:00.000Z', { affiliateId: 'a2' }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, CLICK_WINDOW_END) } },
  },
  {
    name: 'last-click: a re-click exactly at the window end opens a new window',
    rules: ['R6', 'R8'],
    why: 'a2 clicks at a1’s window end (outside it); the order at 01-20 falls in a2’s window to 02-02',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.click('k2', CLICK_WINDOW_END, { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a2', CLICK_WINDOW_END, '2026-02-02T00:00:00.000Z') },
    },
  },
  {
    name: 'last-click: of two clicks at the same instant the one recorded later wins',
    rules: ['R8'],
    why: 'equal timestamps: the click recorded later is the later click',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', CLICK_AT, { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a2', CLICK_AT, CLICK_WINDOW_END) } },
  },
  {
    name: 'windowDays from the policy line sets the window length',
    rules: ['R6'],
    why: 'windowDays=7: the window of 01-03 ends 01-10, so 1 ms before is in, at 01-10 is out',
    history: history(
      policyLine({ windowDays: 7 }),
      WORLD,
      ev.click('k1', CLICK_AT),
      ev.order('eo1', '2026-01-09T23:59:59.999Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-10T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', CLICK_AT, '2026-01-10T00:00:00.000Z'),
        o2: notAttributed('window-expired'),
      },
    },
  },
  // first-click
  {
    name: 'first-click credits the first click of the chain and reports the latest window end',
    rules: ['R8', 'R6'],
    why: 'a2’s 01-10 click is inside a1’s window, so the chain starts at a1; 01-20 is past a1’s own window',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', '2026-01-10T00:00:00.000Z', { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, '2026-01-25T00:00:00.000Z') } },
  },
  {
    name: 'first-click: a re-click 1 ms before the window end continues the chain',
    rules: ['R8', 'R6'],
    why: '2026-01-17T23:59:59.999Z is inside a1’s window, so a1 keeps the credit; the window ends 15 d after it',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', '2026-01-17T23:59:59.999Z', { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, '2026-02-01T23:59:59.999Z') } },
  },
  {
    name: 'first-click: a re-click exactly at the window end starts a new chain',
    rules: ['R8', 'R6'],
    why: 'the half-open window excludes its end, so a2’s click starts a chain of its own',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', CLICK_WINDOW_END, { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a2', CLICK_WINDOW_END, '2026-02-02T00:00:00.000Z') },
    },
  },
  {
    name: 'first-click: each click need only be inside the previous click’s window',
    rules: ['R8'],
    why: 'a1 01-03, a2 01-10, a1 01-20: 01-20 is past the first window but inside a2’s, so one chain from a1',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', '2026-01-10T00:00:00.000Z', { affiliateId: 'a2' }),
      ev.click('k3', '2026-01-20T00:00:00.000Z', { affiliateId: 'a1' }),
      ev.order('eo1', '2026-02-01T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, '2026-02-04T00:00:00.000Z') } },
  },
  {
    name: 'first-click: a chain after an expired one starts at its own first click',
    rules: ['R8'],
    why: 'a1’s window ended 01-18; a2 (01-20) starts a new chain that a1 (01-30) continues, so a2 is credited',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', '2026-01-20T00:00:00.000Z', { affiliateId: 'a2' }),
      ev.click('k3', '2026-01-30T00:00:00.000Z', { affiliateId: 'a1' }),
      ev.order('eo1', '2026-02-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a2', '2026-01-20T00:00:00.000Z', '2026-02-14T00:00:00.000Z') },
    },
  },
  {
    name: 'first-click: of two clicks at the same instant the one recorded first wins',
    rules: ['R8'],
    why: 'the later-recorded click is inside the first one’s window, so the chain starts with a1',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.click('k2', CLICK_AT, { affiliateId: 'a2' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, CLICK_WINDOW_END) } },
  },
  {
    name: 'first-click: the window end is that of the latest click at or before the order',
    rules: ['R8', 'R11'],
    why: 'at 01-05 the chain is only a1’s click, so windowEndsAt is 01-18 even though a2 clicks later',
    history: history(
      policyLine({ credit: 'first-click' }),
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.click('k2', '2026-01-10T00:00:00.000Z', { affiliateId: 'a2' }),
    ),
    expect: { rejected: [], decisions: { o1: attributedTo('a1', CLICK_AT, CLICK_WINDOW_END) } },
  },
  // R7 scope
  {
    name: 'a click into another store never attributes',
    rules: ['R7', 'R9'],
    why: 'windows are per (buyer, store): the s2 click gives o1 in s1 no click, but attributes o2 in s2',
    history: history(
      TWO_STORES,
      ev.click('k1', CLICK_AT, { storeId: 's2' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-05T00:00:00.000Z', 'o2', { q1: 10000 }, { storeId: 's2' }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: notAttributed('no-click'),
        o2: {
          ...attributedTo('a1', CLICK_AT, CLICK_WINDOW_END),
          lines: [line('q1', 10000, 0, 600, 'default', 600)],
        },
      },
    },
  },
  {
    name: 'a click into another store does not restart the window',
    rules: ['R7', 'R6'],
    why: 'a2’s click is into s2, so s1’s window from 01-03 still ends 01-18 and the 01-20 order has expired',
    history: history(
      TWO_STORES,
      ev.click('k1', CLICK_AT),
      ev.click('k2', '2026-01-10T00:00:00.000Z', { affiliateId: 'a2', storeId: 's2' }),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('window-expired') } },
  },
  {
    name: 'a product-link click attributes other products of the same store',
    rules: ['R7', 'R10'],
    why: 'the click through p1’s link opens the (b1, s1) window, which covers an order of p2 only',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT, { productId: 'p1' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p2: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', CLICK_AT, CLICK_WINDOW_END),
          lines: [line('p2', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'another buyer’s click does not attribute',
    rules: ['R7', 'R9'],
    why: 'windows are per (buyer, store): b1 clicked, b2 ordered',
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT, { buyerId: 'b1' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }, { buyerId: 'b2' }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('no-click') } },
  },
  // R5 qualifying clicks
  {
    name: 'a click before the store joins does not qualify',
    rules: ['R5', 'R9'],
    why: 's1 is not a member at the click, so no window opens and the later order has no click',
    history: history(
      REGISTERED,
      ev.click('k1', '2026-01-01T12:00:00.000Z'),
      ev.join('j1', '2026-01-02T00:00:00.000Z', 's1', 500),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('no-click') } },
  },
  {
    name: 'a click recorded before the join at the same instant does not qualify',
    rules: ['R5', 'R9'],
    why: 'the click sees the state before the join (recording order), so s1 is not yet a member',
    history: history(
      REGISTERED,
      ev.click('k1', '2026-01-02T00:00:00.000Z'),
      ev.join('j1', '2026-01-02T00:00:00.000Z', 's1', 500),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('no-click') } },
  },
  {
    name: 'a click recorded after the join at the same instant qualifies',
    rules: ['R5', 'R8'],
    why: 'membership is [joinedAt, withdrawnAt), and the click sees the join recorded before it',
    history: history(
      REGISTERED,
      ev.join('j1', '2026-01-02T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-01-02T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: { o1: attributedTo('a1', '2026-01-02T00:00:00.000Z', '2026-01-17T00:00:00.000Z') },
    },
  },
  {
    name: 'a non-qualifying click neither takes the credit nor extends the window',
    rules: ['R5', 'R6', 'R9'],
    why: 'a2 clicks while s1 is out; after the rejoin a1’s window still ends 01-18, so o2 at 01-20 has expired',
    policy: ['rejoinCooldownDays=1'],
    history: history(
      WORLD,
      ev.click('k1', CLICK_AT, { affiliateId: 'a1' }),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.click('k2', '2026-01-16T12:00:00.000Z', { affiliateId: 'a2' }),
      ev.join('rj', '2026-01-17T00:00:00.000Z', 's1', 500),
      ev.order('eo1', '2026-01-17T12:00:00.000Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-20T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: attributedTo('a1', CLICK_AT, CLICK_WINDOW_END),
        o2: notAttributed('window-expired'),
      },
    },
  },
  {
    name: 'a click at the withdrawal instant recorded before the withdrawal qualifies',
    rules: ['R5', 'R9'],
    why: 'the click sees s1 still a member; under honor-click-window the 01-20 order in its window is attributed',
    policy: ['postWithdrawalOrders=honor-click-window'],
    history: history(
      WORLD,
      ev.click('k1', '2026-01-16T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-16T00:00:00.000Z', '2026-01-31T00:00:00.000Z'),
          lines: [line('p1', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'a click at the withdrawal instant recorded after the withdrawal does not qualify',
    rules: ['R5', 'R9'],
    why: 'membership ends at withdrawnAt, so the click opens no window and even honor-click-window saves nothing',
    policy: ['postWithdrawalOrders=honor-click-window'],
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.click('k1', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-20T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
];
