import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { FORGOTTEN_CHAIN, MapChainStore } from '../../sim/model/chain-store.js';
import { IdLedger } from '../../sim/model/id-ledger.js';
import { ReferenceModel } from '../../sim/model/reference-model.js';
import type { WindowChain } from '../../sim/model/state.js';
import { ColumnChains } from '../../sim/run/column-chains.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { readGenerated } from '../model/_property-harness.js';

/**
 * Why: the checker gives the reference model its chains in columns (column-chains.ts), and the
 * model is the specification, so the columns must keep exactly what the model's own Maps keep
 * (R6–R8: a pair's first and latest clicks and window end; R9: which pairs' chains were
 * forgotten). The oracle is MapChainStore, a different structure: op by op, then whole models.
 */

const DAY = 86_400_000;
// Canonical simulator click ids (coded as numbers), and others (kept as strings).
const clickIdArb = fc.oneof(
  fc.tuple(fc.nat(2_000_000), fc.nat(400), fc.nat(70)).map(([b, d, s]) => `b${b}.${d}-${s}.click`),
  fc.constantFrom('c1', 'b01.2-3.click', 'b1.2-3.click.x', 'クリック', ''),
);
const clickArb = fc.record({
  eventId: clickIdArb,
  // Whole days, so a window's end often falls exactly on a cutoff (forgotten at its end: R6).
  atMs: fc.integer({ min: 0, max: 30 }).map((d) => d * DAY),
  affiliateId: fc.constantFrom('a1', 'a2', 'a3'),
});
const chainArb: fc.Arbitrary<WindowChain> = fc
  .record({ first: clickArb, latest: clickArb, spanMs: fc.integer({ min: 0, max: 10 }).map((d) => d * DAY) })
  .map(({ first, latest, spanMs }) => ({ first, latest, windowEndsAtMs: latest.atMs + spanMs }));
const pairArb = fc.record({
  storeId: fc.constantFrom('s1', 's2', 's3'),
  buyerId: fc.constantFrom('b1', 'b2', 'b3', 'b4', 'b5', 'buyer with spaces'),
});
type Op =
  | { op: 'set'; storeId: string; buyerId: string; chain: WindowChain }
  | { op: 'get'; storeId: string; buyerId: string }
  | { op: 'forget'; cutoffMs: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(pairArb, chainArb).map(([p, chain]) => ({ op: 'set' as const, ...p, chain })),
  pairArb.map((p) => ({ op: 'get' as const, ...p })),
  fc.integer({ min: 0, max: 40 }).map((d) => ({ op: 'forget' as const, cutoffMs: d * DAY })),
  fc.integer({ min: 0, max: 40 * DAY }).map((cutoffMs) => ({ op: 'forget' as const, cutoffMs })),
);

function inTimeOrder(events: readonly AffEvent[]): AffEvent[] {
  const ledger = new IdLedger();
  return events
    .filter((e) => ledger.admit(e).kind === 'new')
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);
}

describe('ColumnChains (the model chains of the checker)', () => {
  it('reads back what MapChainStore does after any sets and forgets (R6–R9)', () => {
    let forgottenReads = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 20, maxLength: 80 }), (ops) => {
        const maps = new MapChainStore();
        const columns = new ColumnChains();
        for (const o of ops) {
          if (o.op === 'set') {
            maps.set(o.storeId, o.buyerId, o.chain);
            columns.set(o.storeId, o.buyerId, o.chain);
          } else if (o.op === 'forget') {
            maps.forgetEnded(o.cutoffMs);
            columns.forgetEnded(o.cutoffMs);
          } else {
            const expected = maps.get(o.storeId, o.buyerId);
            const actual = columns.get(o.storeId, o.buyerId);
            if (expected === FORGOTTEN_CHAIN) {
              expect(actual).toBe(FORGOTTEN_CHAIN);
              forgottenReads += 1;
            } else expect(actual).toEqual(expected);
          }
          expect({ live: columns.live, forgotten: columns.forgotten }).toEqual({
            live: maps.live,
            forgotten: maps.forgotten,
          });
        }
      }),
      fcParams(300),
    );
    expect(forgottenReads).toBeGreaterThan(0);
  });

  it('gives the model the same outcomes and decisions as its own Maps, forgetting or not', () => {
    fc.assert(
      fc.property(historyArb(), fc.array(fc.boolean(), { maxLength: 60 }), (history, forgetAfter) => {
        const { policy, events } = readGenerated(history);
        const maps = new ReferenceModel(policy);
        const columns = new ReferenceModel(policy, new ColumnChains());
        inTimeOrder(events).forEach((event, i) => {
          expect(columns.apply(event)).toEqual(maps.apply(event));
          if (forgetAfter[i % Math.max(forgetAfter.length, 1)]) {
            maps.forgetEndedChains(event.at + (i % 3) * DAY);
            columns.forgetEndedChains(event.at + (i % 3) * DAY);
          }
        });
        const decisions = (m: ReferenceModel) => [...m.decisions()].map(toDecisionJson);
        expect(decisions(columns)).toEqual(decisions(maps));
        expect(columns.chainCount).toEqual(maps.chainCount);
      }),
      fcParams(200),
    );
  });

  it('codes a simulator click id and keeps any other as it is', () => {
    const columns = new ColumnChains();
    const chain = (first: string, latest: string): WindowChain => ({
      first: { eventId: first, atMs: 1, affiliateId: 'a1' },
      latest: { eventId: latest, atMs: 2, affiliateId: 'a2' },
      windowEndsAtMs: 3 * DAY,
    });
    columns.set('s1', 'b7', chain('b7.3-1.click', 'c-odd'));
    expect(columns.get('s1', 'b7')).toEqual(chain('b7.3-1.click', 'c-odd'));
    columns.set('s1', 'b7', chain('c-odd', 'b7.3-2.click'));
    expect(columns.get('s1', 'b7')).toEqual(chain('c-odd', 'b7.3-2.click'));
    expect(columns.get('s2', 'b7')).toBeUndefined();
    columns.forgetEnded(3 * DAY);
    expect(columns.get('s1', 'b7')).toBe(FORGOTTEN_CHAIN);
    expect({ live: columns.live, forgotten: columns.forgotten }).toEqual({ live: 0, forgotten: 1 });
  });
});
