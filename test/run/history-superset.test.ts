import { describe, expect, it } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import { type HistorySubject, historySupersets } from '../../sim/run/history-superset.js';

/**
 * What a violation's history must hold (issue 10: a superset of everything it can depend on): the
 * buyer's events in every store, those stores' seller timelines, the clicks' affiliates, up to when
 * it was seen, in the recording's order. One hand-built recording; the expected ids are picked by
 * hand.
 */

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const h = (hours: number) => T0 + hours * HOUR_MS;

const store = (id: string, storeId: string): AffEvent => ({
  id,
  type: 'store.registered',
  at: T0,
  storeId,
  products: [{ productId: `${storeId}-p`, categoryId: 'c' }],
});
const affiliate = (id: string, affiliateId: string, at = T0): AffEvent => ({
  id,
  type: 'affiliate.registered',
  at,
  affiliateId,
  channel: 'sns',
});
const join = (id: string, storeId: string): AffEvent => ({
  id,
  type: 'store.joined',
  at: T0,
  storeId,
  defaultRateBps: 500,
});
const rate = (id: string, storeId: string, at: number): AffEvent => ({
  id,
  type: 'store.defaultRateSet',
  at,
  storeId,
  rateBps: 700,
});
const click = (id: string, at: number, buyerId: string, storeId: string, affiliateId: string): AffEvent => ({
  id,
  type: 'click',
  at,
  buyerId,
  storeId,
  affiliateId,
  channel: 'sns',
});
const order = (id: string, at: number, buyerId: string, storeId: string): AffEvent => ({
  id,
  type: 'order.created',
  at,
  orderId: id,
  buyerId,
  storeId,
  lines: [{ productId: `${storeId}-p`, amountCents: 1_000 }],
});
const completed = (orderId: string, at: number): AffEvent => ({
  id: `done-${orderId}`,
  type: 'order.completed',
  at,
  orderId,
});

/**
 * As a run records it: day 0's seller events first (two of them at T0+6h and T0+10h, after the
 * buyer events of the morning), then its buyer events, with a4's registration at T0+4h recorded
 * among them; then day 1. b1 clicks into s1 (through a1, later a4) and s2 (a2) and orders in both;
 * b2 clicks into s1 through a3 and orders there; nobody but b1 on day 1 touches s3.
 */
const RECORDING: readonly AffEvent[] = [
  store('r-s1', 's1'),
  store('r-s2', 's2'),
  store('r-s3', 's3'),
  affiliate('r-a1', 'a1'),
  affiliate('r-a2', 'a2'),
  affiliate('r-a3', 'a3'),
  join('j-s1', 's1'),
  join('j-s2', 's2'),
  join('j-s3', 's3'),
  rate('rate-s2', 's2', h(6)),
  rate('rate-s3', 's3', h(6)),
  rate('rate-s1', 's1', h(10)),
  click('c1', h(1), 'b1', 's1', 'a1'),
  click('c2', h(2), 'b1', 's2', 'a2'),
  click('c3', h(3), 'b2', 's1', 'a3'),
  affiliate('r-a4', 'a4', h(4)),
  click('c4', h(5), 'b1', 's1', 'a4'),
  order('o1', h(7), 'b1', 's1'),
  order('o3', h(7) + 1, 'b1', 's2'),
  order('o2', h(8), 'b2', 's1'),
  completed('o1', h(9)),
  completed('o2', h(9)),
  completed('o3', h(9)),
  completed('o9', h(9)),
  // Day 1, after the violations below were seen.
  { id: 'main-s1', type: 'store.mainProductSet', at: h(30), storeId: 's1', productId: 's1-p', rateBps: 900 },
  click('c5', h(31), 'b1', 's3', 'a1'),
  { id: 'refund-o1', type: 'order.refunded', at: h(32), orderId: 'o1', productId: 's1-p', amountCents: 100 },
];

function* replayed(): Generator<AffEvent> {
  yield* RECORDING;
}

const idsFor = (...subjects: HistorySubject[]) =>
  historySupersets(replayed, subjects).map((events) => events.map((e) => e.id));

describe('historySupersets', () => {
  it('picks the buyer’s events in every store, those stores’ timelines and the clicks’ affiliates, in recording order', () => {
    // b1's o1, seen at T0+10h. s2 comes in through b1's click and order there; s3 only through a
    // click after T0+10h, so not at all. b2's click, order and affiliate a3 are not b1's.
    expect(idsFor({ storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: h(10) })).toEqual([
      [
        'r-s1',
        'r-s2',
        'r-a1',
        'r-a2',
        'j-s1',
        'j-s2',
        'rate-s2',
        'rate-s1', // at T0+10h, the instant it was seen: it may have mattered
        'c1',
        'c2',
        'r-a4', // recorded mid-history, and kept there
        'c4',
        'o1',
        'o3',
        'done-o1',
        'done-o3',
      ],
    ]);
  });

  it('leaves out other buyers’ events, and everything after the violation was seen', () => {
    expect(idsFor({ storeId: 's1', buyerId: 'b2', orderId: 'o2', untilMs: h(10) })).toEqual([
      ['r-s1', 'r-a3', 'j-s1', 'rate-s1', 'c3', 'o2', 'done-o2'],
    ]);
    // Seen at the end of day 1: s3 now comes in through b1's click c5, main-s1 and the refund count.
    const [late] = idsFor({ storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: h(48) });
    expect(late).toEqual([
      'r-s1',
      'r-s2',
      'r-s3',
      'r-a1',
      'r-a2',
      'j-s1',
      'j-s2',
      'j-s3',
      'rate-s2',
      'rate-s3',
      'rate-s1',
      'c1',
      'c2',
      'r-a4',
      'c4',
      'o1',
      'o3',
      'done-o1',
      'done-o3',
      'main-s1',
      'c5',
      'refund-o1',
    ]);
  });

  it('gives the answer of a click its store, the buyer’s other clicks and its affiliate, up to the click', () => {
    // c4's answer (b1 into s1 through a4 at T0+5h): rate-s2 at T0+6h is later, so not in it.
    expect(idsFor({ storeId: 's1', buyerId: 'b1', affiliateId: 'a4', untilMs: h(5) })).toEqual([
      ['r-s1', 'r-s2', 'r-a1', 'r-a2', 'j-s1', 'j-s2', 'c1', 'c2', 'r-a4', 'c4'],
    ]);
  });

  it('gives the answer of a store event only that store’s timeline', () => {
    expect(idsFor({ storeId: 's2', untilMs: h(6) })).toEqual([['r-s2', 'j-s2', 'rate-s2']]);
  });

  it('gives an affiliate’s registration only itself, and an order the model never had only its own events', () => {
    expect(idsFor({ affiliateId: 'a4', untilMs: h(4) }, { orderId: 'o9', untilMs: h(10) })).toEqual([
      ['r-a4'],
      ['done-o9'],
    ]);
  });

  it('picks for several subjects at once as for each alone', () => {
    const subjects: HistorySubject[] = [
      { storeId: 's1', buyerId: 'b1', orderId: 'o1', untilMs: h(10) },
      { storeId: 's2', untilMs: h(6) },
      { storeId: 's1', buyerId: 'b2', orderId: 'o2', untilMs: h(10) },
    ];
    expect(idsFor(...subjects)).toEqual(subjects.map((s) => idsFor(s)[0]));
    expect(historySupersets(replayed, [])).toEqual([]);
  });
});
