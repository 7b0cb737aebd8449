import { ev, history, policyLine, REGISTERED, T0, WORLD } from './_history-builders.js';

/**
 * One small history per mutant of the zoo (server/mutants/), on which the real platform agrees
 * with the reference model and the mutant does not: the proof that each mutant is live, not
 * equivalent to the platform (test/server/mutants.test.ts). Each names the rule the mutant breaks.
 */
export interface MutantWitness {
  /** One line: what the rule book says here and what the mutant does instead. */
  readonly why: string;
  /** EVENTS.md JSON Lines, optionally starting with a policy line. */
  readonly history: string;
  /** `as-recorded`: sent exactly as recorded (inside the ordering guarantee), not in time order. */
  readonly delivery?: 'as-recorded';
}

const D = (day: number, time = '00:00:00.000') => `2026-01-${String(day).padStart(2, '0')}T${time}Z`;

/** WORLD plus s2 joining at T0 with a 600 bps default rate. */
const TWO_STORES = [...WORLD, ev.join('w-join-s2', T0, 's2', 600)];

/** WORLD, a1's click at day 3 and an order of p1 (10 000 cents) at day 4: an attributed order o1. */
const ATTRIBUTED = [...WORLD, ev.click('k1', D(3)), ev.order('eo1', D(4), 'o1', { p1: 10000 })];

export const MUTANT_WITNESSES: Readonly<Record<string, MutantWitness>> = {
  // Membership (R1, R2, R3, R9, R15)
  'withdraw-one-ms-early': {
    why: 'R2: joined at T0, s1 may withdraw from day 16 00:00; 1 ms before is refused',
    history: history(WORLD, ev.withdraw('w1', D(15, '23:59:59.999'))),
  },
  'cooldown-from-join': {
    why: 'R1: withdrawn at day 21, s1 may rejoin from day 36; 15 days after the join (day 16) is too early',
    history: history(WORLD, ev.withdraw('w1', D(21)), ev.join('j2', D(26), 's1', 500)),
  },
  'cooldown-uses-min-membership': {
    why: 'R1: the cooldown is rejoinCooldownDays (15), not minMembershipDays (5): a rejoin 6 days after is refused',
    history: history(
      policyLine({ minMembershipDays: 5, rejoinCooldownDays: 15 }),
      WORLD,
      ev.withdraw('w1', D(10)),
      ev.join('j2', D(16), 's1', 500),
    ),
  },
  'refused-withdrawal-applied': {
    why: 'R3: the early withdrawal is refused and changes nothing, so the later click and order still count',
    history: history(
      WORLD,
      ev.withdraw('w1', D(5)),
      ev.click('k1', D(6)),
      ev.order('eo1', D(7), 'o1', { p1: 10000 }),
    ),
  },
  'withdrawn-store-orders-charged': {
    why: 'R9: an order created after s1 withdrew is store-not-member, even inside an open window',
    history: history(
      WORLD,
      ev.click('k1', D(17)),
      ev.withdraw('w1', D(20)),
      ev.order('eo1', D(21), 'o1', { p1: 10000 }),
    ),
  },
  'completion-after-withdrawal-unpaid': {
    why: 'R15: an order created while a member and completed after the withdrawal is charged (payable 500)',
    history: history(
      WORLD,
      ev.click('k1', D(10)),
      ev.order('eo1', D(12), 'o1', { p1: 10000 }),
      ev.withdraw('w1', D(20)),
      ev.complete('ec1', D(22), 'o1'),
    ),
  },
  // Windows and credit (R5–R8)
  'window-end-inclusive': {
    why: 'R6: the window [c, c + 15 d) is half-open: an order exactly at its end is window-expired',
    history: history(WORLD, ev.click('k1', D(3)), ev.order('eo1', D(18), 'o1', { p1: 10000 })),
  },
  'reclick-keeps-window': {
    why: "R6: a2's click at day 10 restarts the window to day 25, so the order at day 20 is a2's",
    history: history(
      WORLD,
      ev.click('k1', D(3)),
      ev.click('k2', D(10), { affiliateId: 'a2' }),
      ev.order('eo1', D(20), 'o1', { p1: 10000 }),
    ),
  },
  'windows-per-buyer': {
    why: 'R7: a click into s2 never attributes an order in s1: no-click',
    history: history(
      TWO_STORES,
      ev.click('k1', D(3), { storeId: 's2' }),
      ev.order('eo1', D(5), 'o1', { p1: 10000 }),
    ),
  },
  'credit-swapped': {
    why: 'R8: last-click credits the latest click (a2), not the first of the chain (a1)',
    history: history(
      WORLD,
      ev.click('k1', D(3)),
      ev.click('k2', D(5), { affiliateId: 'a2' }),
      ev.order('eo1', D(6), 'o1', { p1: 10000 }),
    ),
  },
  'same-instant-tie-earlier-wins': {
    why: "R8: of two clicks at one instant the one recorded later is the later click: a2's",
    history: history(
      WORLD,
      ev.click('k1', D(3)),
      ev.click('k2', D(3), { affiliateId: 'a2' }),
      ev.order('eo1', D(4), 'o1', { p1: 10000 }),
    ),
  },
  'non-member-click-qualifies': {
    why: 'R5: a click before s1 joined opens no window, so the order after the join has no click',
    history: history(
      REGISTERED,
      ev.click('k1', D(2)),
      ev.join('j1', D(3), 's1', 500),
      ev.order('eo1', D(4), 'o1', { p1: 10000 }),
    ),
  },
  'calendar-windows-in-utc': {
    why: 'R6 calendar: a click at 01-02 16:00 in Los Angeles opens a window to 01-17 00:00 there (08:00 UTC)',
    history: history(
      policyLine({ dayBoundary: 'calendar', timeZone: 'America/Los_Angeles' }),
      WORLD,
      ev.click('k1', D(3)),
      ev.order('eo1', D(5), 'o1', { p1: 10000 }),
    ),
  },
  // Rates and amounts (R4, R10, R11, R13)
  'category-over-main': {
    why: 'R10: a main-product rate (800) wins over the category rate (300)',
    history: history(
      policyLine({ categoryRates: 'enabled' }),
      WORLD,
      ev.mainSet('m1', D(2), 'p1', 800),
      ev.categoryRate('c1', D(2), 'c1', 300),
      ev.click('k1', D(3)),
      ev.order('eo1', D(4), 'o1', { p1: 10000 }),
    ),
  },
  'category-rates-when-retired': {
    why: 'R10: under categoryRates=retired the category rate is ignored: the default rate 500 applies',
    history: history(
      WORLD,
      ev.categoryRate('c1', D(2), 'c1', 300),
      ev.click('k1', D(3)),
      ev.order('eo1', D(4), 'o1', { p1: 10000 }),
    ),
  },
  'rate-at-completion': {
    why: 'R11: the rate is locked at creation (500); a default rate of 700 set before completion changes nothing',
    history: history(ATTRIBUTED, ev.defaultRate('r1', D(5), 700), ev.complete('ec1', D(6), 'o1')),
  },
  'rate-max-exclusive': {
    why: 'R4: rateBounds 1..9000 is inclusive, so a main-product rate of 9000 is accepted',
    history: history(WORLD, ev.mainSet('m1', D(2), 'p1', 9000)),
  },
  'main-removal-erases-history': {
    why: 'R4, R10: settings are versioned: an order at day 5 keeps the main rate removed at day 6, even arriving after it',
    history: history(
      WORLD,
      ev.mainSet('m1', D(2), 'p1', 800),
      ev.click('k1', D(3)),
      ev.mainRemoved('m2', D(6), 'p1'),
      ev.order('eo1', D(5), 'o1', { p1: 10000 }),
    ),
    delivery: 'as-recorded',
  },
  'floor-rounding': {
    why: 'R13 half-up: 10 010 × 500 / 10 000 = 500.5 rounds to 501',
    history: history(WORLD, ev.click('k1', D(3)), ev.order('eo1', D(4), 'o1', { p1: 10010 })),
  },
  'rounding-per-order': {
    why: 'R13: each line rounds on its own (500.5 → 501, twice): the order earns 1002, not round(1001.0)',
    history: history(WORLD, ev.click('k1', D(3)), ev.order('eo1', D(4), 'o1', { p1: 10010, p2: 10010 })),
  },
  // Lifecycle (R12, R14, R16)
  'second-completion-accepted': {
    why: 'R16: an order completes once; the second completion is refused',
    history: history(ATTRIBUTED, ev.complete('ec1', D(5), 'o1'), ev.complete('ec2', D(6), 'o1')),
  },
  'cancelled-order-commissioned': {
    why: 'R12: a cancelled affiliate order is void and earns nothing',
    history: history(ATTRIBUTED, ev.cancel('ex1', D(5), 'o1')),
  },
  'refunds-ignored': {
    why: 'R14: a refund of 4000 lowers the commission to 300',
    history: history(ATTRIBUTED, ev.refund('er1', D(5), 'o1', 'p1', 4000)),
  },
  'over-refund-accepted': {
    why: 'R14: a refund above what is left of the line (10 000) is refused',
    history: history(ATTRIBUTED, ev.refund('er1', D(5), 'o1', 'p1', 12000)),
  },
  // Idempotency (R17)
  'retry-applied-twice': {
    why: 'R17: the retried refund (same id, same payload) changes nothing: 4000 refunded, not 8000',
    history: history(
      ATTRIBUTED,
      ev.refund('er1', D(5), 'o1', 'p1', 4000),
      ev.refund('er1', D(5), 'o1', 'p1', 4000),
    ),
  },
  'retry-refused-as-duplicate': {
    why: 'R17: a retried click gets the original answer, it is not refused',
    history: history(ATTRIBUTED, ev.click('k1', D(3))),
  },
  'id-reuse-answered-as-original': {
    why: 'R17: the id k1 reused for another click is refused (R17)',
    history: history(ATTRIBUTED, ev.click('k1', D(5), { affiliateId: 'a2' })),
  },
};
