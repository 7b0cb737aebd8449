import fc from 'fast-check';
import { describe, test } from 'vitest';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import {
  duplicateEvents,
  duplicatePicksArb,
  historyArb,
  reorder,
  reorderChoicesArb,
  sellerEventsFirstPerDay,
} from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { expectServerEqualsModel, expectTimeOrderedServerEqualsModel } from './_compare.js';
import { deliverWithBuyerLag, parseRawEvents, withinOrderingGuarantee } from './_delivery.js';

/**
 * Why: the platform engine is a second, independent implementation of RULES.md; on histories
 * biased to window and membership edges it must decide exactly as the reference model, both when
 * events arrive in time order and when they arrive shuffled as the ordering guarantee allows.
 */
const RUNS = 500;
const LAGS_MS = [0, 1, 3_600_000, DAY_MS - 1, DAY_MS, 3 * DAY_MS, 16 * DAY_MS];

describe('server engine = reference model', () => {
  test('events in recording (time) order', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb(), async (history) => {
        const policy = withOverrides(DEFAULT_POLICY, history.policy);
        await expectServerEqualsModel(parseRawEvents(history.events), policy);
      }),
      fcParams(RUNS),
    );
  });

  test('buyers delayed and interleaved: seller events arrive before earlier buyer events', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb(),
        fc.array(fc.constantFrom(...LAGS_MS), { minLength: 1 }),
        async (history, lags) => {
          const policy = withOverrides(DEFAULT_POLICY, history.policy);
          let n = 0;
          const lagOf = new Map<string, number>();
          const arrival = deliverWithBuyerLag(parseRawEvents(history.events), (buyerId) => {
            if (!lagOf.has(buyerId)) lagOf.set(buyerId, lags[n++ % lags.length] as number);
            return lagOf.get(buyerId) as number;
          });
          if (!withinOrderingGuarantee(arrival))
            throw new Error('the lagged delivery left the ordering guarantee');
          await expectServerEqualsModel(arrival, policy);
        },
      ),
      fcParams(RUNS),
    );
  });

  test('any recording (with retried copies), sent in time order as `affsim check --engine server` does', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb(),
        reorderChoicesArb,
        duplicatePicksArb,
        async (history, choices, picks) => {
          const policy = withOverrides(DEFAULT_POLICY, history.policy);
          const recorded = reorder(duplicateEvents(history.events, picks), choices, 'ties-and-ids');
          await expectTimeOrderedServerEqualsModel(parseRawEvents(recorded), policy);
        },
      ),
      fcParams(RUNS),
    );
  });

  test("the simulator's order: each day's seller events before that day's buyer events", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb(), async (history) => {
        const policy = withOverrides(DEFAULT_POLICY, history.policy);
        const arrival = parseRawEvents(sellerEventsFirstPerDay(history.events));
        fc.pre(withinOrderingGuarantee(arrival));
        await expectServerEqualsModel(arrival, policy);
      }),
      fcParams(RUNS),
    );
  });
});
