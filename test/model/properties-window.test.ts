import fc from 'fast-check';
import { describe, expect, it, test } from 'vitest';
import { type DecisionJson, toDecisionJson } from '../../sim/domain/decision.js';
import { formatInstant } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, type Policy, withOverrides } from '../../sim/domain/policy.js';
import { buildHistory, historyArb, historyPlanArb, type StepKind } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { evaluateGenerated } from './_property-harness.js';
import { type ExpectedAttribution, expectedWindows, windowEnd } from './_window-oracle.js';

// Why: the window rules (R5–R9) are where attribution services disagree; every order of a
// generated history is compared with a brute-force reading of the rule text (_window-oracle.ts).

type Attribution = Pick<DecisionJson, 'attributed' | 'reason' | 'affiliateId' | 'clickAt' | 'windowEndsAt'>;

/** Steps that move windows and membership; settings, refunds and completions cannot change an attribution. */
const WINDOW_KINDS: readonly StepKind[] = ['click', 'order', 'join', 'withdraw', 'register', 'repeat'];

/**
 * Histories for the window rules: any history (every step kind, swarm policy), and, twice as
 * often, ones made of clicks, orders, joins and withdrawals only, in worlds of at least two stores
 * so a buyer's clicks into one store meet its orders in another (R7). Both aim steps at window
 * ends, membership boundaries and each other's instants (±0/±1 ms, see test/arbitraries/step-arb.ts),
 * so same-instant clicks, orders at a window's last millisecond and joins or withdrawals right
 * before and after a click or an order are common.
 */
const windowHistoryArb = fc.oneof(
  { weight: 1, arbitrary: historyArb() },
  {
    weight: 2,
    arbitrary: historyPlanArb({ kinds: WINDOW_KINDS })
      .filter((plan) => plan.world.stores.length >= 2)
      .map(buildHistory),
  },
);

function fromModel(d: DecisionJson): Attribution {
  const { attributed, reason, affiliateId, clickAt, windowEndsAt } = d;
  return { attributed, reason, affiliateId, clickAt, windowEndsAt };
}

function fromOracle(a: ExpectedAttribution): Attribution {
  const instant = (ms: number | null) => (ms === null ? null : formatInstant(ms));
  return {
    attributed: a.attributed,
    reason: a.reason,
    affiliateId: a.affiliateId,
    clickAt: instant(a.clickAtMs),
    windowEndsAt: instant(a.windowEndsAtMs),
  };
}

describe('reference model: windows and attribution (properties)', () => {
  // Oracle: _window-oracle.ts, a whole-history search with no chain state and no sim/model import.
  it('every order is attributed, credited and refused as a brute-force reading of R5–R9 says', () => {
    fc.assert(
      fc.property(windowHistoryArb, (history) => {
        const { policy, events, evaluation } = evaluateGenerated(history);
        const expected = new Map(
          [...expectedWindows(events, policy).orders].map(([id, a]) => [id, fromOracle(a)]),
        );
        const actual = new Map(evaluation.decisions.map((d) => [d.orderId, fromModel(toDecisionJson(d))]));
        expect(actual).toEqual(expected);
      }),
      fcParams(300),
    );
  });

  // Oracle: _window-oracle.ts's membership intervals, asked at each accepted click's evaluation point.
  it('a click qualifies exactly when the store is a member at its instant, ties in recording order (R5)', () => {
    fc.assert(
      fc.property(windowHistoryArb, (history) => {
        const { policy, events, steps } = evaluateGenerated(history);
        const expected = expectedWindows(events, policy).qualifying;
        const actual = new Map<number, boolean>();
        for (const { event, index, outcome } of steps) {
          if (event.type !== 'click' || outcome === 'repeat' || outcome.kind !== 'accepted') continue;
          actual.set(index, outcome.effect.type === 'click-qualifying');
        }
        expect(actual).toEqual(expected);
      }),
      fcParams(300),
    );
  });
});

// Oracle: hand-computed local midnights (as in day-span.test.ts), pinning the oracle's own calendar reading.
describe('the window oracle’s window ends (R6, dayBoundary)', () => {
  const ms = (iso: string) => Date.parse(iso);
  const policy = (overrides: Partial<Policy>) => withOverrides(DEFAULT_POLICY, overrides);
  test.each([
    [
      'exact: 15 × 24 h across a DST change',
      'exact',
      'America/Los_Angeles',
      '2026-03-01T20:00:00.000Z',
      15,
      '2026-03-16T20:00:00.000Z',
    ],
    [
      'spring forward inside the window',
      'calendar',
      'America/Los_Angeles',
      '2026-03-01T20:00:00.000Z',
      15,
      '2026-03-16T07:00:00.000Z',
    ],
    [
      'fall back inside the window',
      'calendar',
      'America/Los_Angeles',
      '2026-10-25T19:00:00.000Z',
      15,
      '2026-11-09T08:00:00.000Z',
    ],
    [
      'the last millisecond of a local day',
      'calendar',
      'America/Los_Angeles',
      '2026-01-03T07:59:59.999Z',
      15,
      '2026-01-17T08:00:00.000Z',
    ],
    [
      'the first millisecond of the next one',
      'calendar',
      'America/Los_Angeles',
      '2026-01-03T08:00:00.000Z',
      15,
      '2026-01-18T08:00:00.000Z',
    ],
    [
      'a day whose midnight does not exist',
      'calendar',
      'America/Santiago',
      '2026-09-05T16:00:00.000Z',
      1,
      '2026-09-06T04:00:00.000Z',
    ],
    [
      'a skipped day (Apia, 30 December 2011)',
      'calendar',
      'Pacific/Apia',
      '2011-12-29T12:00:00.000Z',
      1,
      '2011-12-30T10:00:00.000Z',
    ],
  ] as const)('%s', (_why, dayBoundary, timeZone, clickIso, windowDays, endIso) => {
    const end = windowEnd(ms(clickIso), policy({ dayBoundary, timeZone, windowDays }));
    expect(formatInstant(end)).toBe(endIso);
  });
});
