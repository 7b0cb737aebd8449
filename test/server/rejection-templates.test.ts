import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { IdLedger } from '../../server/engine/id-ledger.js';
import { rejected } from '../../server/engine/outcome.js';
import { RejectionTemplates } from '../../server/engine/rejection-templates.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { formatInstant } from '../../sim/domain/instant.js';

/** R17 keeps refusals as templates (server/engine/rejection-templates.ts): every message comes back exactly. */

const T0 = Date.parse('2026-01-01T00:00:00Z');
const click = (id: string, at: number, storeId: string, buyerId = 'b1'): AffEvent => ({
  id,
  at,
  type: 'click',
  buyerId,
  affiliateId: 'a1',
  storeId,
  channel: 'sns',
});
const unknownStore = (e: AffEvent & { storeId: string }) =>
  `R16: unknown store ${e.storeId} at ${formatInstant(e.at)}`;

describe('RejectionTemplates (R17 refusals)', () => {
  test('refusals that differ only in their own fields share one template', () => {
    const templates = new RejectionTemplates();
    const numbers = new Set<number>();
    for (let i = 0; i < 1000; i += 1) {
      const event = click(`e${i}`, T0 + i * 977, `store-${i}`) as AffEvent & { storeId: string };
      const number = templates.encode(event, 'R16', unknownStore(event));
      expect(number).toBeDefined();
      numbers.add(number as number);
      expect(templates.decode(number as number, event)).toEqual(rejected('R16', unknownStore(event)));
    }
    expect(numbers.size).toBe(1);
  });

  test('an id inside another (s1 in s10), numbers inside other numbers, and state left in the text', () => {
    const templates = new RejectionTemplates();
    const event: AffEvent = {
      id: 's1',
      at: T0,
      type: 'order.refunded',
      orderId: 's10',
      productId: '1',
      amountCents: 50,
    };
    const message = 'R14: a refund of 50 cents is more than the 1500 cents left of line 1 of order s10 (s1)';
    const number = templates.encode(event, 'R14', message);
    expect(number).toBeDefined();
    expect(templates.decode(number as number, event)).toEqual(rejected('R14', message));
  });

  test('a value holding the placeholder mark is not templated (the ledger keeps the object)', () => {
    const templates = new RejectionTemplates();
    const event = click('e\u0000x', T0, 's1');
    expect(templates.encode(event, 'R16', 'R16: e\u0000x')).toBeUndefined();
  });

  test('property: any message made of field values and text fills back exactly, by the same or another event', () => {
    const piece = fc.oneof(
      fc.constantFrom('storeId', 'buyerId', 'id', 'at', '@at'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 8 }),
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        (pieces, storeId, buyerId, at) => {
          const templates = new RejectionTemplates();
          const event = click('id-1', T0 + at, storeId, buyerId);
          const text = (e: AffEvent) =>
            pieces
              .map((p) =>
                p === '@at'
                  ? formatInstant(e.at)
                  : p === 'storeId' || p === 'buyerId' || p === 'id' || p === 'at'
                    ? String((e as unknown as Record<string, unknown>)[p])
                    : p,
              )
              .join('');
          const number = templates.encode(event, 'R16', text(event));
          if (number === undefined) return; // kept as the object: also exact
          expect(templates.decode(number, event)).toEqual(rejected('R16', text(event)));
        },
      ),
    );
  });
});

describe('IdLedger: refused ids', () => {
  test('a repeat of each of many refusals gets its own message back', () => {
    const ledger = new IdLedger();
    const events = Array.from(
      { length: 5000 },
      (_, i) => click(`r${i}`, T0 + i * 1013, `s${i % 97}`, `b${i}`) as AffEvent & { storeId: string },
    );
    for (const event of events) {
      expect(ledger.admit(event).kind).toBe('new');
      ledger.record(event, rejected('R16', unknownStore(event)));
    }
    for (const event of events) {
      expect(ledger.admit({ ...event })).toEqual({
        kind: 'repeat',
        outcome: rejected('R16', unknownStore(event)),
      });
    }
  });
});
