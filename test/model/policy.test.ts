import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, policyFromAssignments, policyOverridesSchema } from '../../sim/domain/policy.js';

describe('policy', () => {
  test('defaults are the rule book table', () => {
    expect(DEFAULT_POLICY).toEqual({
      windowDays: 15,
      minMembershipDays: 15,
      rejoinCooldownDays: 15,
      dayBoundary: 'exact',
      timeZone: 'America/Los_Angeles',
      credit: 'last-click',
      postWithdrawalOrders: 'uncharged',
      categoryRates: 'retired',
      rateBounds: { minBps: 1, maxBps: 9000 },
      rounding: 'half-up',
    });
  });

  test.each([['1..9000'], [[1, 9000]], [{ min: 1, max: 9000 }], [{ minBps: 1, maxBps: 9000 }]])(
    'rateBounds %j in a policy line',
    (rateBounds) => {
      expect(policyOverridesSchema.parse({ rateBounds })).toEqual({
        rateBounds: { minBps: 1, maxBps: 9000 },
      });
    },
  );

  test('assignments: numbers for day counts, text for the rest, every key validated', () => {
    expect(
      policyFromAssignments([
        'windowDays=7',
        'timeZone=Etc/GMT+1',
        'rateBounds=0..100',
        'credit=first-click',
      ]),
    ).toEqual({
      ok: true,
      overrides: {
        windowDays: 7,
        timeZone: 'Etc/GMT+1',
        rateBounds: { minBps: 0, maxBps: 100 },
        credit: 'first-click',
      },
    });
    expect(policyFromAssignments(['windowDays=seven'])).toMatchObject({ ok: false });
    expect(policyFromAssignments(['windowDays'])).toMatchObject({ ok: false, message: /expected key=value/ });
    expect(policyFromAssignments(['dayBoundary=fuzzy'])).toMatchObject({ ok: false, message: /dayBoundary/ });
  });
});
