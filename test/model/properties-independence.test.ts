import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import { DAY_MS, formatInstant } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { evaluateHistory } from '../../sim/model/index.js';
import {
  BUYER_STEP_KINDS,
  buildHistory,
  type History,
  historyArb,
  historyPlanArb,
  interleave,
  interleaveChoicesArb,
  reorder,
  reorderChoicesArb,
  sellerEventsFirstPerDay,
  shiftHistory,
  withOtherBuyers,
} from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import {
  decisionsById,
  decisionsJson,
  evaluateGenerated,
  readGenerated,
  rejectionKeys,
} from './_property-harness.js';

// Why: a platform evaluates many buyers and stores at once and receives their events in any
// interleaving (RULES.md "Order of evaluation", R7); none of that may leak into a decision.

/**
 * A history `base` and a second one built from `other`'s steps on the same policy and start, so
 * the two overlap in time: `other` is either a disjoint world (prefix `x`) or other buyers in the
 * same stores through the same affiliates (prefix `y`, buyer steps only, no seller events).
 */
const baseAndUnrelatedArb = fc
  .record({
    base: historyPlanArb(),
    disjoint: historyPlanArb({ prefix: 'x' }),
    buyers: historyPlanArb({ prefix: 'y', kinds: [...BUYER_STEP_KINDS, 'repeat'] }),
    sameStores: fc.boolean(),
    choices: interleaveChoicesArb,
  })
  .map(({ base, disjoint, buyers, sameStores, choices }) => {
    const shared = { policy: base.policy, start: base.start };
    const other = sameStores
      ? buildHistory({ ...buyers, ...shared, world: withOtherBuyers(base.world, 'y'), worldEvents: 'assume' })
      : buildHistory({ ...disjoint, ...shared });
    const history = buildHistory(base);
    return {
      history,
      merged: { policy: history.policy, events: interleave(history.events, other.events, choices) },
    };
  });

function restrictTo(
  decisions: Map<string, DecisionJson>,
  orderIds: Iterable<string>,
): Map<string, DecisionJson> {
  return new Map([...orderIds].map((id) => [id, decisions.get(id) as DecisionJson]));
}

describe('reference model: independence (properties)', () => {
  // Oracle: the rule's order (at, then recording index) as a plain array sort, not the model's code.
  it('events are evaluated in time order, equal instants in recording order (Order of evaluation)', () => {
    fc.assert(
      fc.property(historyArb(), reorderChoicesArb, (history, choices) => {
        const { events } = readGenerated({ ...history, events: reorder(history.events, choices, 'any') });
        const seen: number[] = [];
        evaluateHistory(events, DEFAULT_POLICY, ({ index }) => seen.push(index));
        const expected = events
          .map((_, i) => i)
          .sort((a, b) => (events[a]?.at as number) - (events[b]?.at as number) || a - b);
        expect(seen).toEqual(expected);
      }),
      fcParams(300),
    );
  });

  // Oracle: the model on the history alone (metamorphic, R7); nothing is recomputed.
  it("unrelated buyers' and stores' events never change a decision (R7)", () => {
    fc.assert(
      fc.property(baseAndUnrelatedArb, ({ history, merged }) => {
        const alone = evaluateGenerated(history).evaluation;
        const together = evaluateGenerated(merged).evaluation;
        const own = decisionsById(alone);
        expect(restrictTo(decisionsById(together), own.keys())).toEqual(own);
        const ownIds = new Set(history.events.map((e) => e.id));
        expect(together.rejected.filter((r) => ownIds.has(r.id))).toEqual(alone.rejected);
      }),
      fcParams(300),
    );
  });

  // Oracle: the model on the unshifted history, instants moved by the test (metamorphic).
  it('in exact mode, shifting every instant by the same amount shifts clickAt and windowEndsAt only', () => {
    const deltaArb = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.integer({ min: -400, max: 400 }).map((d) => d * DAY_MS),
      fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
    );
    fc.assert(
      fc.property(historyArb({ policy: { dayBoundary: 'exact' } }), deltaArb, (history, deltaMs) => {
        const shifted = evaluateGenerated(shiftHistory(history, deltaMs)).evaluation;
        const original = evaluateGenerated(history).evaluation;
        const moved = (at: string | null) => (at === null ? null : formatInstant(Date.parse(at) + deltaMs));
        const expected = decisionsJson(original).map((d) => ({
          ...d,
          clickAt: moved(d.clickAt),
          windowEndsAt: moved(d.windowEndsAt),
        }));
        expect(decisionsJson(shifted)).toEqual(expected);
        expect(rejectionKeys(shifted.rejected)).toEqual(rejectionKeys(original.rejected));
      }),
      fcParams(300),
    );
  });

  // Oracle: the model on the history as generated (metamorphic); nothing is recomputed.
  it('recording independent events in another order changes nothing (ties and ids keep their order)', () => {
    fc.assert(
      fc.property(
        historyArb(),
        reorderChoicesArb,
        fc.constantFrom('ties-and-ids' as const, 'streams' as const),
        (history, choices, mode) => {
          const reordered: History = { ...history, events: reorder(history.events, choices, mode) };
          const a = evaluateGenerated(history).evaluation;
          const b = evaluateGenerated(reordered).evaluation;
          expect(decisionsJson(b)).toEqual(decisionsJson(a));
          expect(b.rejected).toEqual(a.rejected);
        },
      ),
      fcParams(300),
    );
  });

  // Oracle: the model on the history as generated (metamorphic); nothing is recomputed.
  it("sending each day's seller events before its buyer events changes nothing", () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const reordered: History = { ...history, events: sellerEventsFirstPerDay(history.events) };
        const a = evaluateGenerated(history).evaluation;
        const b = evaluateGenerated(reordered).evaluation;
        expect(decisionsJson(b)).toEqual(decisionsJson(a));
        expect(b.rejected).toEqual(a.rejected);
      }),
      fcParams(300),
    );
  });

  // Oracle: the model on another interleaving of the same two histories (metamorphic).
  it('interleaving two disjoint histories differently changes nothing', () => {
    const pairArb = fc
      .record({ a: historyPlanArb(), b: historyPlanArb({ prefix: 'x' }) })
      .map(
        ({ a, b }) => [buildHistory(a), buildHistory({ ...b, policy: a.policy, start: a.start })] as const,
      );
    fc.assert(
      fc.property(pairArb, interleaveChoicesArb, interleaveChoicesArb, ([a, b], one, two) => {
        const first = evaluateGenerated({ policy: a.policy, events: interleave(a.events, b.events, one) });
        const second = evaluateGenerated({ policy: a.policy, events: interleave(a.events, b.events, two) });
        expect(decisionsById(second.evaluation)).toEqual(decisionsById(first.evaluation));
        expect(new Set(second.evaluation.rejected)).toEqual(new Set(first.evaluation.rejected));
      }),
      fcParams(300),
    );
  });
});
