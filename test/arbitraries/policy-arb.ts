import fc from 'fast-check';
import type { Policy, RateBounds } from '../../sim/domain/policy.js';
import { CALENDAR_ZONES } from './calendar.js';

/**
 * Swarm testing of the policy knobs (tb `options_swarm`): every key is either left out (the
 * default applies) or drawn, with day counts biased to 0, 1 and the default 15, so spans of
 * different lengths and empty spans both occur. Keys of `fixed` are always set to the given value.
 */
export function policyArb(fixed: Partial<Policy> = {}): fc.Arbitrary<Partial<Policy>> {
  return fc
    .record(
      {
        windowDays: daysArb(1),
        minMembershipDays: daysArb(0),
        rejoinCooldownDays: daysArb(0),
        dayBoundary: fc.constantFrom('exact' as const, 'calendar' as const),
        timeZone: fc.constantFrom(...CALENDAR_ZONES.map((z) => z.timeZone)),
        credit: fc.constantFrom('last-click' as const, 'first-click' as const),
        postWithdrawalOrders: fc.constantFrom('uncharged' as const, 'honor-click-window' as const),
        categoryRates: fc.constantFrom('retired' as const, 'enabled' as const),
        rateBounds: rateBoundsArb,
        rounding: fc.constantFrom('half-up' as const, 'half-even' as const, 'floor' as const),
      },
      { requiredKeys: [] },
    )
    .map((drawn): Partial<Policy> => ({ ...drawn, ...fixed }));
}

function daysArb(min: 0 | 1): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(15) },
    { weight: 2, arbitrary: fc.constantFrom(...(min === 0 ? [0, 1, 2] : [1, 2])) },
    { weight: 3, arbitrary: fc.integer({ min, max: 30 }) },
  );
}

const rateBoundsArb: fc.Arbitrary<RateBounds> = fc.oneof(
  fc.constant({ minBps: 1, maxBps: 9000 }),
  fc.constant({ minBps: 0, maxBps: 10_000 }),
  fc
    .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }))
    .map(([a, b]) => ({ minBps: Math.min(a, b), maxBps: Math.max(a, b) })),
);
