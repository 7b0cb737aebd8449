import {
  attributedTo,
  bareLine,
  ev,
  history,
  line,
  notAttributed,
  REGISTERED,
  T0,
  WORLD,
} from './_history-builders.js';
import type { RuleCase } from './_rule-case.js';

/** R1 join, R2 withdraw, R3 rejected operations change nothing (exact day spans; calendar ones are elsewhere). */
export const MEMBERSHIP_CASES: RuleCase[] = [
  {
    name: 'join with a rate of 0 bps is rejected',
    rules: ['R1', 'R3'],
    why: '0 is below rateBounds 1..9000, so the join is refused and s1 is never a member at the order',
    history: history(
      REGISTERED,
      ev.join('j1', T0, 's1', 0),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'j1', rule: 'R1' }],
      decisions: { o1: { ...notAttributed('store-not-member'), lines: [bareLine('p1', 10000)] } },
    },
  },
  {
    name: 'join with a rate of 9001 bps is rejected',
    rules: ['R1', 'R3'],
    why: '9001 is above rateBounds 1..9000, so the join is refused',
    history: history(
      REGISTERED,
      ev.join('j1', T0, 's1', 9001),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [{ id: 'j1', rule: 'R1' }], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'join with a negative rate is rejected',
    rules: ['R1', 'R3'],
    why: '-5 bps is outside rateBounds; a negative integer is a rule rejection, not a schema error',
    history: history(
      REGISTERED,
      ev.join('j1', T0, 's1', -5),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [{ id: 'j1', rule: 'R1' }], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'join at the inclusive rate bounds 1 and 9000 is accepted',
    rules: ['R1', 'R13'],
    why: 'rateBounds are inclusive: s1 joins at 1 bps (10000 × 1 / 10000 = 1), s2 at 9000 bps (= 9000)',
    history: history(
      REGISTERED,
      ev.join('j1', T0, 's1', 1),
      ev.join('j2', T0, 's2', 9000),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.click('k2', '2026-01-03T00:00:00.000Z', { storeId: 's2' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-05T00:00:00.000Z', 'o2', { q1: 10000 }, { storeId: 's2' }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: { attributed: true, commissionCents: 1, lines: [line('p1', 10000, 0, 1, 'default', 1)] },
        o2: { attributed: true, commissionCents: 9000, lines: [line('q1', 10000, 0, 9000, 'default', 9000)] },
      },
    },
  },
  {
    name: 'rateBounds from the policy flag decide the join',
    rules: ['R1'],
    why: 'with rateBounds=100..2000 a join at 99 is refused and a join at 2000 is accepted',
    policy: ['rateBounds=100..2000'],
    history: history(
      REGISTERED,
      ev.join('j1', T0, 's1', 99),
      ev.join('j2', T0, 's2', 2000),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.click('k2', '2026-01-03T00:00:00.000Z', { storeId: 's2' }),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
      ev.order('eo2', '2026-01-05T00:00:00.000Z', 'o2', { q1: 10000 }, { storeId: 's2' }),
    ),
    expect: {
      rejected: [{ id: 'j1', rule: 'R1' }],
      decisions: {
        o1: notAttributed('store-not-member'),
        o2: { attributed: true, commissionCents: 2000, lines: [line('q1', 10000, 0, 2000, 'default', 2000)] },
      },
    },
  },
  {
    name: 'join while already a member is rejected and keeps the first default rate',
    rules: ['R1', 'R3'],
    why: 'a member cannot join again, so the second join (900 bps) changes nothing and the order pays 500 bps',
    history: history(
      WORLD,
      ev.join('j2', '2026-01-02T00:00:00.000Z', 's1', 900),
      ev.click('k1', '2026-01-03T00:00:00.000Z'),
      ev.order('eo1', '2026-01-05T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'j2', rule: 'R1' }],
      decisions: { o1: { attributed: true, lines: [line('p1', 10000, 0, 500, 'default', 500)] } },
    },
  },
  {
    name: 'rejoin 1 ms before the cooldown ends is rejected',
    rules: ['R1', 'R3'],
    why: 'withdrawn at 2026-01-16, a rejoin needs at ≥ 2026-01-31T00:00:00.000Z; 1 ms earlier leaves s1 out',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.join('rj', '2026-01-30T23:59:59.999Z', 's1', 700),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p2: 10000 }),
    ),
    expect: { rejected: [{ id: 'rj', rule: 'R1' }], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'rejoin exactly when the cooldown ends is accepted',
    rules: ['R1', 'R4'],
    why: 'at = withdrawnAt + 15 days satisfies at ≥ withdrawnAt + cooldown; the rejoin sets the default to 700',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 700),
      ev.click('k1', '2026-02-01T00:00:00.000Z'),
      ev.order('eo1', '2026-02-02T00:00:00.000Z', 'o1', { p2: 10000 }),
    ),
    expect: {
      rejected: [],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-02-01T00:00:00.000Z', '2026-02-16T00:00:00.000Z'),
          commissionCents: 700,
          lines: [line('p2', 10000, 0, 700, 'default', 700)],
        },
      },
    },
  },
  {
    name: 'rejoinCooldownDays from the policy moves the rejoin boundary',
    rules: ['R1'],
    why: 'with a 3-day cooldown after 2026-01-16 the rejoin at 01-18T23:59:59.999Z is refused, at 01-19 accepted',
    policy: ['rejoinCooldownDays=3'],
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.join('rj1', '2026-01-18T23:59:59.999Z', 's1', 500),
      ev.join('rj2', '2026-01-19T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-01-20T00:00:00.000Z'),
      ev.order('eo1', '2026-01-21T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'rj1', rule: 'R1' }],
      decisions: { o1: attributedTo('a1', '2026-01-20T00:00:00.000Z', '2026-02-04T00:00:00.000Z') },
    },
  },
  {
    name: 'withdraw 1 ms before the minimum membership is rejected',
    rules: ['R2', 'R3'],
    why: 'joined at 2026-01-01, withdrawal needs at ≥ 2026-01-16T00:00:00.000Z; s1 stays a member',
    history: history(
      WORLD,
      ev.withdraw('wd', '2026-01-15T23:59:59.999Z'),
      ev.click('k1', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-17T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'wd', rule: 'R2' }],
      decisions: {
        o1: {
          ...attributedTo('a1', '2026-01-16T00:00:00.000Z', '2026-01-31T00:00:00.000Z'),
          status: 'pending',
        },
      },
    },
  },
  {
    name: 'withdraw exactly at joinedAt + 15 days is accepted',
    rules: ['R2', 'R9'],
    why: 'at = joinedAt + minMembershipDays is allowed, so the later order finds s1 out of the programme',
    history: history(
      WORLD,
      ev.click('k1', '2026-01-10T00:00:00.000Z'),
      ev.withdraw('wd', '2026-01-16T00:00:00.000Z'),
      ev.order('eo1', '2026-01-17T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
  {
    name: 'withdraw by a store that never joined is rejected and starts no cooldown',
    rules: ['R2', 'R3', 'R1'],
    why: 'only a member may withdraw; the refused withdrawal leaves no withdrawnAt, so a join 1 day later is fine',
    history: history(
      REGISTERED,
      ev.withdraw('wd', '2026-01-20T00:00:00.000Z'),
      ev.join('j1', '2026-01-21T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-01-22T00:00:00.000Z'),
      ev.order('eo1', '2026-01-23T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'wd', rule: 'R2' }],
      decisions: { o1: attributedTo('a1', '2026-01-22T00:00:00.000Z', '2026-02-06T00:00:00.000Z') },
    },
  },
  {
    name: 'a second withdrawal is rejected and does not restart the cooldown',
    rules: ['R2', 'R3', 'R1'],
    why: 'after the 01-16 withdrawal s1 is not a member; the 02-10 attempt is refused, so rejoin at 02-12 is allowed',
    history: history(
      WORLD,
      ev.withdraw('wd1', '2026-01-16T00:00:00.000Z'),
      ev.withdraw('wd2', '2026-02-10T00:00:00.000Z'),
      ev.join('rj', '2026-02-12T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-02-13T00:00:00.000Z'),
      ev.order('eo1', '2026-02-14T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'wd2', rule: 'R2' }],
      decisions: { o1: attributedTo('a1', '2026-02-13T00:00:00.000Z', '2026-02-28T00:00:00.000Z') },
    },
  },
  {
    name: 'after a rejoin the minimum membership counts from the rejoin',
    rules: ['R2'],
    why: 'rejoined 2026-01-31, so a withdrawal needs at ≥ 2026-02-15T00:00:00.000Z: 1 ms before is refused',
    history: history(
      WORLD,
      ev.withdraw('wd1', '2026-01-16T00:00:00.000Z'),
      ev.join('rj', '2026-01-31T00:00:00.000Z', 's1', 500),
      ev.click('k1', '2026-02-10T00:00:00.000Z'),
      ev.withdraw('wd2', '2026-02-14T23:59:59.999Z'),
      ev.order('eo1', '2026-02-14T23:59:59.999Z', 'o1', { p1: 10000 }),
      ev.withdraw('wd3', '2026-02-15T00:00:00.000Z'),
      ev.order('eo2', '2026-02-16T00:00:00.000Z', 'o2', { p1: 10000 }),
    ),
    expect: {
      rejected: [{ id: 'wd2', rule: 'R2' }],
      decisions: {
        o1: attributedTo('a1', '2026-02-10T00:00:00.000Z', '2026-02-25T00:00:00.000Z'),
        o2: notAttributed('store-not-member'),
      },
    },
  },
  {
    name: 'minMembershipDays=0 allows a withdrawal at the join instant',
    rules: ['R2'],
    why: 'at ≥ joinedAt + 0 holds at the join instant itself, so the withdrawal recorded after the join is accepted',
    policy: ['minMembershipDays=0'],
    history: history(
      REGISTERED,
      ev.join('j1', '2026-01-02T00:00:00.000Z', 's1', 500),
      ev.withdraw('wd', '2026-01-02T00:00:00.000Z'),
      ev.order('eo1', '2026-01-03T00:00:00.000Z', 'o1', { p1: 10000 }),
    ),
    expect: { rejected: [], decisions: { o1: notAttributed('store-not-member') } },
  },
];
