import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createEngine } from '../../server/engine/index.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { parseRawEvents } from './_delivery.js';

/**
 * Why: the R17 ledger keeps an answer as a code regenerated from the repeat (id-ledger.ts), so on
 * every kind of answer the engine gives (windows, R5 clicks, orders, rejections of every rule) a
 * repeat must get exactly the original answer back, marked as a repeat, and change nothing.
 */
const RUNS = 200;

describe('R17: a repeat gets the original answer', () => {
  test('every event of a history, sent again after the whole history, with its keys reordered', () => {
    fc.assert(
      fc.property(historyArb(), (history) => {
        const policy = withOverrides(DEFAULT_POLICY, history.policy);
        const engine = createEngine(policy);
        const events = parseRawEvents(history.events);
        // The first event with an id is the event (a later other payload under it is a conflict).
        const firsts = new Map<string, { event: AffEvent; answer: ReturnType<typeof engine.submit> }>();
        for (const event of events) {
          const answer = engine.submit(event);
          if (!firsts.has(event.id)) firsts.set(event.id, { event, answer });
        }
        const decisions = [...engine.decisions()];
        const stats = engine.stats();
        for (const { event, answer } of firsts.values()) {
          const copy = Object.fromEntries(Object.entries(event).reverse()) as AffEvent;
          expect(engine.submit(copy)).toEqual({ outcome: answer.outcome, repeat: true });
        }
        expect([...engine.decisions()]).toEqual(decisions);
        expect(engine.stats()).toEqual(stats);
      }),
      fcParams(RUNS),
    );
  });
});
