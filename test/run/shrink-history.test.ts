import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import { SHRINK_ATTEMPTS_MAX, shrinkHistory } from '../../sim/run/shrink-history.js';
import { fcParams } from '../fc-config.js';

/**
 * shrinkHistory with synthetic predicates instead of replays: it only removes events while the
 * predicate holds, never the pinned ones, within its limits, and the same way every time.
 */

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const events = (n: number): AffEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    type: 'click',
    at: T0 + i * 1_000,
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    channel: 'sns',
  }));
const ids = (list: readonly AffEvent[]) => list.map((e) => e.id);
const nothingPinned = () => false;

/** Reproduces iff every one of `needed` is present; records every history it was asked about. */
function needs(...needed: string[]) {
  const asked: string[][] = [];
  const reproduces = async (list: readonly AffEvent[]) => {
    asked.push(ids(list));
    const present = new Set(ids(list));
    return needed.every((id) => present.has(id));
  };
  return { reproduces, asked };
}

describe('shrinkHistory', () => {
  it('shrinks to exactly the events the violation needs, plus the pinned ones, in their order', async () => {
    const history = events(20);
    const { reproduces, asked } = needs('e3', 'e15');
    const shrunk = await shrinkHistory(history, (e) => e.id === 'e10', reproduces);
    expect(ids(shrunk.events)).toEqual(['e3', 'e10', 'e15']);
    expect(shrunk.reproduced).toBe(true);
    // Every replay is counted, the first (the whole history) included.
    expect(shrunk.attempts).toBe(asked.length);
    expect(asked[0]).toEqual(ids(history));
    // The pinned event was in every history tried.
    for (const tried of asked) expect(tried).toContain('e10');
    // The input is not changed.
    expect(ids(history)).toHaveLength(20);
  });

  it('keeps only the pinned events when nothing else is needed, and nothing when nothing is pinned', async () => {
    const history = events(12);
    const always = async () => true;
    const pinned = await shrinkHistory(history, (e) => e.id === 'e0' || e.id === 'e11', always);
    expect(ids(pinned.events)).toEqual(['e0', 'e11']);
    const none = await shrinkHistory(history, nothingPinned, always);
    expect(none.events).toEqual([]);
    expect(none.reproduced).toBe(true);
  });

  it('returns a history that does not reproduce unchanged, after one replay', async () => {
    const history = events(10);
    const { reproduces, asked } = needs('e99');
    const shrunk = await shrinkHistory(history, nothingPinned, reproduces);
    expect(shrunk).toEqual({ events: history, reproduced: false, attempts: 1 });
    expect(shrunk.events).toBe(history);
    expect(asked).toHaveLength(1);
  });

  it('stops after the allowed number of replays, with the smallest reproducing history found', async () => {
    const history = events(40);
    const { reproduces, asked } = needs('e7', 'e31');
    const shrunk = await shrinkHistory(history, nothingPinned, reproduces, { attempts: 5 });
    expect(asked).toHaveLength(5);
    expect(shrunk.attempts).toBe(5);
    expect(shrunk.reproduced).toBe(true);
    expect(ids(shrunk.events)).toEqual(expect.arrayContaining(['e7', 'e31']));
    expect(shrunk.events.length).toBeLessThan(history.length);
    // Whatever it returns reproduces, and is one of the histories tried.
    expect(asked).toContainEqual(ids(shrunk.events));
    expect(SHRINK_ATTEMPTS_MAX).toBe(400);
  });

  it('stops at the deadline, keeping the whole history when it passed before the first removal', async () => {
    const history = events(8);
    const { reproduces, asked } = needs('e1');
    const shrunk = await shrinkHistory(history, nothingPinned, reproduces, {
      deadline: performance.now() - 1,
    });
    expect(asked).toHaveLength(1);
    expect(shrunk).toMatchObject({ reproduced: true, attempts: 1 });
    expect(ids(shrunk.events)).toEqual(ids(history));
  });

  it('is deterministic: the same history and predicate give the same replays and result', async () => {
    const run = async () => {
      const { reproduces, asked } = needs('e2', 'e9', 'e20');
      const shrunk = await shrinkHistory(events(25), (e) => e.id === 'e13', reproduces, { attempts: 30 });
      return { events: ids(shrunk.events), attempts: shrunk.attempts, asked };
    };
    expect(await run()).toEqual(await run());
  });

  it('shrinks an empty history to itself', async () => {
    expect(await shrinkHistory([], nothingPinned, async () => true)).toEqual({
      events: [],
      reproduced: true,
      attempts: 1,
    });
  });

  it('finds exactly the needed and pinned events of any history, for a predicate that only needs some (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            needed: fc.uniqueArray(fc.nat({ max: Math.max(0, n - 1) }), { maxLength: Math.min(n, 5) }),
            pinned: fc.uniqueArray(fc.nat({ max: Math.max(0, n - 1) }), { maxLength: Math.min(n, 3) }),
          }),
        ),
        async ({ n, needed, pinned }) => {
          const history = events(n);
          const { reproduces } = needs(...needed.map((i) => `e${i}`));
          const pins = new Set(pinned.map((i) => `e${i}`));
          const shrunk = await shrinkHistory(history, (e) => pins.has(e.id), reproduces, {
            attempts: 10_000,
          });
          const expected = history.filter((e, i) => needed.includes(i) || pins.has(e.id));
          expect(ids(shrunk.events)).toEqual(ids(expected));
          expect(shrunk.reproduced).toBe(true);
        },
      ),
      fcParams(100),
    );
  });
});
