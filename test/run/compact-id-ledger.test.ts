import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AffEvent, canonicalPayload } from '../../sim/domain/events.js';
import { IdLedger } from '../../sim/model/id-ledger.js';
import { CompactIdLedger } from '../../sim/run/compact-id-ledger.js';
import { duplicateEvents, duplicatePicksArb, historyArb, type RawEvent } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { readGenerated } from '../model/_property-harness.js';

/**
 * The checker's compact R17 ledger against the reference model's (sim/model/id-ledger.ts, which
 * keeps each first event and compares canonical payloads): the same admission for every event of
 * generated histories with repeats (respelled: other `at` offsets, other key orders) and
 * conflicts (a copy with one field changed, same id).
 */

/** A copy of the event under its id with one of its fields changed: a conflict (R17). */
function conflicting(event: RawEvent, pick: number): RawEvent {
  const record = event as unknown as Record<string, unknown>;
  // Fields whose change still parses: the instant, numbers, names (not the channel, an enum).
  const fields = Object.keys(event).filter(
    (k) =>
      k === 'at' ||
      typeof record[k] === 'number' ||
      (typeof record[k] === 'string' && !['id', 'type', 'channel'].includes(k)),
  );
  const field = fields[pick % fields.length] as string;
  const value = record[field];
  const changed =
    field === 'at'
      ? new Date(Date.parse(value as string) + 1).toISOString()
      : typeof value === 'number'
        ? value + 1
        : `${value}x`;
  return { ...event, [field]: changed } as RawEvent;
}

const conflictsArb = fc.array(fc.record({ event: fc.nat(), field: fc.nat(), after: fc.nat() }), {
  maxLength: 10,
});

function withConflicts(
  events: readonly RawEvent[],
  picks: readonly { event: number; field: number; after: number }[],
) {
  const out = [...events];
  for (const p of picks) {
    if (out.length === 0) break;
    const index = p.event % out.length;
    const at = index + 1 + (p.after % (out.length - index));
    out.splice(at, 0, conflicting(out[index] as RawEvent, p.field));
  }
  return out;
}

describe('CompactIdLedger (R17)', () => {
  it('admits every event as the model’s IdLedger does: new, repeat or conflict', () => {
    fc.assert(
      fc.property(historyArb(), duplicatePicksArb, conflictsArb, (history, repeats, conflicts) => {
        const events = withConflicts(duplicateEvents(history.events, repeats), conflicts);
        const { events: parsed } = readGenerated({ ...history, events });
        const model = new IdLedger();
        const compact = new CompactIdLedger();
        for (const e of parsed) expect(compact.admit(e).kind).toBe(model.admit(e).kind);
        expect(compact.size).toBe(new Set(parsed.map((e) => e.id)).size);
      }),
      fcParams(100),
    );
  });

  it('tells payloads apart as canonicalPayload does: key order and undefined fields do not count', () => {
    const click = {
      id: 'e1',
      type: 'click',
      at: 1_767_225_600_000,
      buyerId: 'b1',
      affiliateId: 'a1',
      storeId: 's1',
      channel: 'sns',
    } satisfies AffEvent;
    const reordered = Object.fromEntries(Object.entries(click).reverse()) as AffEvent;
    const withUndefined = { ...click, productId: undefined } as AffEvent;
    const withProduct = { ...click, productId: 'p1' } as AffEvent;
    expect(canonicalPayload(reordered)).toBe(canonicalPayload(click));
    const ledger = new CompactIdLedger();
    expect(ledger.admit(click).kind).toBe('new');
    expect(ledger.admit(reordered).kind).toBe('repeat');
    expect(ledger.admit(withUndefined).kind).toBe('repeat');
    expect(ledger.admit(withProduct).kind).toBe('conflict');
    expect(ledger.admit({ ...click, at: click.at + 1 }).kind).toBe('conflict');
    // The strings "b1" + "a1" and "b" + "1a1" are not the same two fields.
    expect(ledger.admit({ ...click, buyerId: 'b', affiliateId: '1a1' }).kind).toBe('conflict');
    expect(ledger.admit({ ...click, id: 'e2' }).kind).toBe('new');
  });

  it('keeps a few dozen bytes per id, not the events (counted, not timed)', () => {
    const ledger = new CompactIdLedger();
    const ids = 100_000;
    for (let i = 0; i < ids; i += 1)
      ledger.admit({ id: `e${i}`, type: 'order.completed', at: i, orderId: `o${i}` });
    expect(ledger.size).toBe(ids);
    // Records of 20 bytes in chunks of 65,536, an index of 4 bytes per slot at a load of ⅜–¾.
    expect(ledger.bytes / ids).toBeLessThanOrEqual(48);
  });

  it('finds the ids of every chunk of records, across the chunks’ edges', () => {
    const ledger = new CompactIdLedger();
    const n = 140_000;
    const order = (i: number): AffEvent => ({
      id: `e${i}`,
      type: 'order.completed',
      at: i,
      orderId: `o${i}`,
    });
    for (let i = 0; i < n; i += 1) expect(ledger.admit(order(i)).kind).toBe('new');
    for (const i of [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, n - 1]) {
      expect(ledger.admit(order(i)).kind).toBe('repeat');
      expect(ledger.admit({ ...order(i), at: i + 1 }).kind).toBe('conflict');
    }
    expect(ledger.admit(order(n)).kind).toBe('new');
    expect(ledger.size).toBe(n + 1);
  });
});
