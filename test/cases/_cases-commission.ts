import {
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

const CLICK = ev.click('k1', '2026-01-03T00:00:00.000Z');
const ORDER_AT = '2026-01-05T00:00:00.000Z';

/** REGISTERED, s1 joins at T0 with `defaultRateBps`, b1 clicks at 01-03. */
function storeAt(defaultRateBps: number) {
  return [...REGISTERED, ev.join('w-join', T0, 's1', defaultRateBps), CLICK];
}

type Rounding = 'half-up' | 'half-even' | 'floor';

/**
 * R13 by hand, one history per rounding mode: per line round(net × rate / 10 000).
 * `ties`: default 5000 bps on 1, 3, 5 cents = 0.5, 1.5, 2.5.
 * `near`: p1 main 5001 on 1 = 0.5001, p2 main 4999 on 1 = 0.4999, p3 default 500 on 2999 = 149.95.
 * `odd-even`: default 5000 on 2997 = 1498.5 and on 2999 = 1499.5.
 */
const ROUNDING_SETS = {
  ties: {
    setup: storeAt(5000),
    lines: { p1: 1, p2: 3, p3: 5 },
    rates: [
      [5000, 'default'],
      [5000, 'default'],
      [5000, 'default'],
    ],
    expected: { 'half-up': [1, 2, 3], 'half-even': [0, 2, 2], floor: [0, 1, 2] },
  },
  near: {
    setup: [
      ...storeAt(500),
      ev.mainSet('m1', '2026-01-04T00:00:00.000Z', 'p1', 5001),
      ev.mainSet('m2', '2026-01-04T00:00:00.000Z', 'p2', 4999),
    ],
    lines: { p1: 1, p2: 1, p3: 2999 },
    rates: [
      [5001, 'main'],
      [4999, 'main'],
      [500, 'default'],
    ],
    expected: { 'half-up': [1, 0, 150], 'half-even': [1, 0, 150], floor: [0, 0, 149] },
  },
  'odd-even': {
    setup: storeAt(5000),
    lines: { p1: 2997, p2: 2999 },
    rates: [
      [5000, 'default'],
      [5000, 'default'],
    ],
    expected: { 'half-up': [1499, 1500], 'half-even': [1498, 1500], floor: [1498, 1499] },
  },
} as const;

function roundingCases(): RuleCase[] {
  const modes: Rounding[] = ['half-up', 'half-even', 'floor'];
  return modes.flatMap((mode) =>
    Object.entries(ROUNDING_SETS).map(([setName, set]): RuleCase => {
      const amounts = Object.entries(set.lines);
      const commissions = set.expected[mode];
      const lines = amounts.map(([productId, amountCents], i) => {
        const [rateBps, tier] = set.rates[i] as readonly [number, 'main' | 'default'];
        return line(productId, amountCents, 0, rateBps, tier, commissions[i] as number);
      });
      const shown = amounts.map(([, amount], i) => `${amount}×${set.rates[i]?.[0]}→${commissions[i]}`);
      return {
        name: `rounding ${mode}, ${setName}: each line rounds on its own`,
        rules: ['R13'],
        why: `${mode} per line on amount × rate / 10000: ${shown.join(', ')}`,
        history: history(
          policyLine({ rounding: mode }),
          set.setup,
          ev.order('eo1', ORDER_AT, 'o1', set.lines),
        ),
        expect: {
          rejected: [],
          decisions: {
            o1: { commissionCents: commissions.reduce((a: number, b: number) => a + b, 0), lines },
          },
        },
      };
    }),
  );
}

/** R12 statuses, R13 amounts, R14 refunds. */
export const COMMISSION_CASES: RuleCase[] = [
  ...roundingCases(),
  {
    name: 'rounding applies to the net line amount',
    rules: ['R13', 'R14'],
    why: 'net 10 − 9 = 1 at 5000 bps = 0.5 → 1 (half-up); rounding gross and refund apart would give 5 − 5 = 0',
    history: history(
      storeAt(5000),
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 9),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { commissionCents: 1, lines: [line('p1', 10, 9, 5000, 'default', 1)] } },
    },
  },
  {
    name: 'a line amount beyond 2^53 / rate is computed exactly',
    rules: ['R13'],
    why: '2000000000001 × 4999 = 9998000000004999 (odd, not a double); / 10000 = 999800000000.4999 → 999800000000',
    history: history(storeAt(4999), ev.order('eo1', ORDER_AT, 'o1', { p1: 2000000000001 })),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          commissionCents: 999800000000,
          lines: [line('p1', 2000000000001, 0, 4999, 'default', 999800000000)],
        },
      },
    },
  },
  {
    name: 'half-even ties beyond 2^53 round to the even cent',
    rules: ['R13'],
    why: '3000000000001 × 5000 / 10000 = 1500000000000.5 → …000 (even); 3000000000003 → 1500000000001.5 → …002',
    history: history(
      policyLine({ rounding: 'half-even' }),
      storeAt(5000),
      ev.order('eo1', ORDER_AT, 'o1', { p1: 3000000000001, p2: 3000000000003 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          commissionCents: 3000000000002,
          lines: [
            line('p1', 3000000000001, 0, 5000, 'default', 1500000000000),
            line('p2', 3000000000003, 0, 5000, 'default', 1500000000002),
          ],
        },
      },
    },
  },
  // R12 statuses
  {
    name: 'a completed affiliate order is payable',
    rules: ['R12'],
    why: 'commission is charged on completion: 10000 × 500 / 10000 = 500',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.complete('ec1', '2026-01-10T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { status: 'payable', commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] },
      },
    },
  },
  {
    name: 'a cancelled affiliate order is void with zero commissions',
    rules: ['R12', 'R14'],
    why: 'a cancelled order earns nothing; it stays attributed, keeps its locked rate and its refund tally',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 3000),
      ev.cancel('ex1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          attributed: true,
          affiliateId: 'a1',
          status: 'void',
          commissionCents: 0,
          lines: [line('p1', 10000, 3000, 500, 'default', 0)],
        },
      },
    },
  },
  {
    name: 'completing or cancelling a non-attributed order is accepted and keeps it not-attributed',
    rules: ['R12', 'R16'],
    why: 'lifecycle events of a non-attributed order are accepted; its status stays not-attributed, commission 0',
    history: history(
      WORLD,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.order('eo2', ORDER_AT, 'o2', { p1: 10000 }),
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.cancel('ex2', '2026-01-06T00:00:00.000Z', 'o2'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { ...notAttributed('no-click'), lines: [bareLine('p1', 10000)] },
        o2: { ...notAttributed('no-click'), lines: [bareLine('p1', 10000)] },
      },
    },
  },
  {
    name: 'a fully refunded order that is not completed stays pending at 0',
    rules: ['R12', 'R14'],
    why: '`reversed` is for a completed order; before completion the estimate is simply 0',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 10000),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { status: 'pending', commissionCents: 0, lines: [line('p1', 10000, 10000, 500, 'default', 0)] },
      },
    },
  },
  // R14 refunds
  {
    name: 'a partial refund lowers the estimated commission',
    rules: ['R14', 'R13', 'R12'],
    why: 'net 10000 − 2500 = 7500 at 500 bps = 375, still pending',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 2500),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          status: 'pending',
          commissionCents: 375,
          lines: [line('p1', 10000, 2500, 500, 'default', 375)],
        },
      },
    },
  },
  {
    name: 'a refund after completion lowers the commission',
    rules: ['R14', 'R12'],
    why: 'a refund after completion is a reversal: p1 net 5000 → 250, p2 10000 → 500, total 750',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000, p2: 10000 }),
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.refund('er1', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 5000),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          status: 'payable',
          commissionCents: 750,
          lines: [line('p1', 10000, 5000, 500, 'default', 250), line('p2', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'refunding every line after completion reverses the order',
    rules: ['R14', 'R12'],
    why: 'a completed order with all lines fully refunded is reversed with commission 0',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000, p2: 2000 }),
      ev.complete('ec1', '2026-01-06T00:00:00.000Z', 'o1'),
      ev.refund('er1', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 10000),
      ev.refund('er2', '2026-01-08T00:00:00.000Z', 'o1', 'p2', 2000),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          attributed: true,
          status: 'reversed',
          commissionCents: 0,
          lines: [line('p1', 10000, 10000, 500, 'default', 0), line('p2', 2000, 2000, 500, 'default', 0)],
        },
      },
    },
  },
  {
    name: 'an order fully refunded before completion is reversed once completed',
    rules: ['R14', 'R12'],
    why: 'the status rule looks at the completed order: all lines fully refunded → reversed',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 10000),
      ev.complete('ec1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { status: 'reversed', commissionCents: 0, lines: [line('p1', 10000, 10000, 500, 'default', 0)] },
      },
    },
  },
  {
    name: 'one line fully refunded leaves a completed order payable',
    rules: ['R14', 'R12'],
    why: 'reversed needs every line fully refunded; p2 still earns 500',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000, p2: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 10000),
      ev.complete('ec1', '2026-01-07T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          status: 'payable',
          commissionCents: 500,
          lines: [line('p1', 10000, 10000, 500, 'default', 0), line('p2', 10000, 0, 500, 'default', 500)],
        },
      },
    },
  },
  {
    name: 'a refund above the line amount is rejected',
    rules: ['R14', 'R3'],
    why: '10001 is more than the 10000 left of the line, so the refund is refused and changes nothing',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 10001),
    ),
    expect: {
      rejected: [{ id: 'er1', rule: 'R14' }],
      decisions: { o1: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'refunds are checked against what is left of the line',
    rules: ['R14', 'R3', 'R12'],
    why: 'after 6000, 4001 exceeds the 4000 left and is refused; exactly 4000 is accepted; completed → reversed',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 6000),
      ev.refund('er2', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 4001),
      ev.refund('er3', '2026-01-08T00:00:00.000Z', 'o1', 'p1', 4000),
      ev.complete('ec1', '2026-01-09T00:00:00.000Z', 'o1'),
    ),
    expect: {
      rejected: [{ id: 'er2', rule: 'R14' }],
      decisions: {
        o1: { status: 'reversed', commissionCents: 0, lines: [line('p1', 10000, 10000, 500, 'default', 0)] },
      },
    },
  },
  {
    name: 'a refund of a catalogue product that is not a line of the order is rejected',
    rules: ['R14', 'R3'],
    why: 'p2 is in s1’s catalogue but not on o1, so the refund names no line (edge-case table: R14)',
    history: history(
      WORLD,
      CLICK,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p2', 100),
    ),
    expect: {
      rejected: [{ id: 'er1', rule: 'R14' }],
      decisions: { o1: { commissionCents: 500, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'refunds of a non-attributed order are tracked',
    rules: ['R14'],
    why: 'refundedCents is tracked for every order; commission stays 0',
    history: history(
      WORLD,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 3000),
    ),
    expect: {
      rejected: [],
      decisions: { o1: { ...notAttributed('no-click'), lines: [bareLine('p1', 10000, 3000)] } },
    },
  },
  {
    name: 'an over-refund of a non-attributed order is rejected',
    rules: ['R14'],
    why: 'R14 applies to any order: 8000 after 3000 exceeds the 7000 left',
    history: history(
      WORLD,
      ev.order('eo1', ORDER_AT, 'o1', { p1: 10000 }),
      ev.refund('er1', '2026-01-06T00:00:00.000Z', 'o1', 'p1', 3000),
      ev.refund('er2', '2026-01-07T00:00:00.000Z', 'o1', 'p1', 8000),
    ),
    expect: {
      rejected: [{ id: 'er2', rule: 'R14' }],
      decisions: { o1: { ...notAttributed('no-click'), lines: [bareLine('p1', 10000, 3000)] } },
    },
  },
];
