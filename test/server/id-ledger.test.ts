import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IdLedger } from '../../server/engine/id-ledger.js';
import { accepted, type Outcome, rejected } from '../../server/engine/outcome.js';
import { nonQualifyingMessage } from '../../server/engine/window-chain.js';
import { type AffEvent, eventSchemas } from '../../sim/domain/events.js';
import { DAY_MS } from '../../sim/domain/instant.js';

/** The compact R17 ledger (server/engine/id-ledger.ts): repeat, conflict and every outcome code round trip. */

const T0 = Date.parse('2026-01-01T00:00:00Z');
const parse = (body: Record<string, unknown> & { type: AffEvent['type'] }): AffEvent =>
  eventSchemas[body.type].parse(body) as AffEvent;
const click = (id: string, at: number, extra: Record<string, unknown> = {}) =>
  parse({ type: 'click', id, at, buyerId: 'b1', affiliateId: 'a1', storeId: 's1', channel: 'sns', ...extra });
const order = (id: string, at: number, orderId = 'o1') =>
  parse({
    type: 'order.created',
    id,
    at,
    orderId,
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 100 }],
  });

function admitNew(ledger: IdLedger, event: AffEvent, outcome: Outcome): void {
  expect(ledger.admit(event)).toEqual({ kind: 'new' });
  ledger.record(event, outcome);
}

const c1 = click('e1', T0);
const o1 = order('e2', T0);
const cases: [string, AffEvent, Outcome][] = [
  ['recorded', parse({ type: 'store.withdrew', id: 'e0', at: T0, storeId: 's1' }), accepted()],
  [
    'window started',
    c1,
    accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 + 30 * DAY_MS }),
  ],
  [
    'window restarted, zero delta',
    c1,
    accepted({ type: 'click', qualifying: true, window: 'restarted', windowEndsAtMs: T0 }),
  ],
  [
    'window end at the largest encodable delta',
    c1,
    accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 + 2 ** 32 - 1 }),
  ],
  [
    'window end past the encodable delta (kept as the object)',
    c1,
    accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 + 2 ** 32 }),
  ],
  [
    'window end before the click (kept as the object)',
    c1,
    accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 - 1 }),
  ],
  [
    'R5 non-qualifying click',
    c1,
    accepted({ type: 'click', qualifying: false, rule: 'R5', message: nonQualifyingMessage('s1', T0) }),
  ],
  [
    'R5 with another message (kept as the object)',
    c1,
    accepted({ type: 'click', qualifying: false, rule: 'R5', message: 'R5: something else' }),
  ],
  ['order attributed', o1, accepted({ type: 'order-created', orderId: 'o1', attributed: true })],
  ['order unattributed', o1, accepted({ type: 'order-created', orderId: 'o1', attributed: false })],
  [
    'order effect naming another order (kept as the object)',
    o1,
    accepted({ type: 'order-created', orderId: 'o2', attributed: true }),
  ],
  ['rejection', o1, rejected('R16', 'R16: unknown store s1 at 2026-01-01T00:00:00.000Z')],
];

describe('IdLedger (R17)', () => {
  test.each(cases)('%s: a repeat gets the original outcome back', (_name, event, outcome) => {
    const ledger = new IdLedger();
    admitNew(ledger, event, outcome);
    // A copy with another key order is the same payload.
    const copy = Object.fromEntries(Object.entries(event).reverse()) as AffEvent;
    expect(ledger.admit(copy)).toEqual({ kind: 'repeat', outcome });
    expect(ledger.size).toBe(1);
  });

  test('another payload under a used id is a conflict, field by field', () => {
    const ledger = new IdLedger();
    admitNew(ledger, c1, accepted());
    admitNew(ledger, o1, accepted());
    for (const other of [
      click('e1', T0 + 1),
      click('e1', T0, { buyerId: 'b2' }),
      click('e1', T0, { productId: 'p1' }),
      click('e1', T0, { channel: 'email' }),
      { ...o1, type: 'order.completed' } as AffEvent,
      parse({ ...o1, lines: [{ productId: 'p1', amountCents: 101 }] }),
      parse({
        ...o1,
        lines: [
          { productId: 'p1', amountCents: 100 },
          { productId: 'p2', amountCents: 1 },
        ],
      }),
    ]) {
      expect(ledger.admit(other)).toEqual({ kind: 'conflict' });
    }
    // A missing click product and a null one are the same link.
    expect(ledger.admit({ ...c1, productId: null } as unknown as AffEvent).kind).toBe('repeat');
  });

  test('string boundaries are part of the payload: ("ab","c") is not ("a","bc")', () => {
    const ledger = new IdLedger();
    admitNew(ledger, click('x', T0, { buyerId: 'ab', affiliateId: 'c' }), accepted());
    expect(ledger.admit(click('x', T0, { buyerId: 'a', affiliateId: 'bc' })).kind).toBe('conflict');
  });

  test('many ids across table growth: each repeat finds its own outcome, new ids stay new', () => {
    const ledger = new IdLedger();
    const n = 50_000;
    for (let i = 0; i < n; i += 1) {
      const event = click(`id-${i}`, T0 + i);
      expect(ledger.admit(event).kind).toBe('new');
      ledger.record(
        event,
        accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 + i * 2 }),
      );
    }
    expect(ledger.size).toBe(n);
    for (let i = 0; i < n; i += 7) {
      expect(ledger.admit(click(`id-${i}`, T0 + i))).toEqual({
        kind: 'repeat',
        outcome: accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 + i * 2 }),
      });
      expect(ledger.admit(click(`id-${i}`, T0 + i + 1)).kind).toBe('conflict');
    }
    expect(ledger.admit(click(`id-${n}`, T0)).kind).toBe('new');
  });
});

describe('IdLedger growth (chunks of records, an index moved over bit by bit)', () => {
  test('every id inserted so far is found at every step, also while the index is being moved over', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 100, max: 3_000 }),
        (seed, n) => {
          const ledger = new IdLedger();
          for (let i = 0; i < n; i += 1) {
            const event = click(`k${seed}-${i}`, T0 + i);
            expect(ledger.admit(event).kind).toBe('new');
            ledger.record(
              event,
              accepted({ type: 'click', qualifying: true, window: 'started', windowEndsAtMs: T0 + i * 3 }),
            );
            // An earlier id (any, the latest included): its own outcome; its id under another payload: a conflict.
            const j = (Math.imul(seed ^ i, 0x9e3779b1) >>> 0) % (i + 1);
            expect(ledger.admit(click(`k${seed}-${j}`, T0 + j))).toEqual({
              kind: 'repeat',
              outcome: accepted({
                type: 'click',
                qualifying: true,
                window: 'started',
                windowEndsAtMs: T0 + j * 3,
              }),
            });
            expect(ledger.admit(click(`k${seed}-${j}`, T0 + j + 1)).kind).toBe('conflict');
          }
          expect(ledger.size).toBe(n);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('past a chunk of records (65,536) the ids of both chunks are found', () => {
    const ledger = new IdLedger();
    const n = 140_000;
    for (let i = 0; i < n; i += 1) admitNew(ledger, click(`c-${i}`, T0 + i), accepted());
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1])
      expect(ledger.admit(click(`c-${i}`, T0 + i))).toEqual({ kind: 'repeat', outcome: accepted() });
    expect(ledger.admit(click(`c-${n}`, T0)).kind).toBe('new');
  });
});
