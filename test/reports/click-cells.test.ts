import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../../sim/domain/channels.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { ClickCell } from '../../sim/domain/reports/book-rows.js';
import { CellList, ClickCells } from '../../sim/domain/reports/click-cells.js';
import { ReportBook } from '../../sim/domain/reports/index.js';
import { fcParams } from '../fc-config.js';

/**
 * The report book's click cells in columns (click-cells.ts) against a Map of cell objects keyed by
 * the cell's five parts, the shape they replace: the same cells, counts and instants, in the
 * order they were opened, per store and per affiliate. Then the book's row limit on cells.
 */
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

describe('ClickCells equals a Map of cell objects', () => {
  const clickArb = fc.record({
    day: fc.integer({ min: 0, max: 6 }),
    storeId: fc.constantFrom('s1', 's2', 'a1'),
    affiliateId: fc.constantFrom('a1', 'a2', 's1', 'p1'),
    channel: fc.constantFrom<Channel>('sns', 'blog'),
    productId: fc.constantFrom(null, 'p1', 'p2', 'a1'),
    qualifying: fc.boolean(),
    atMs: fc.integer({ min: T0, max: T0 + 7 * 86_400_000 }),
  });
  it('same cells in the same order, per store and per affiliate, through growth', () => {
    fc.assert(
      fc.property(fc.array(clickArb, { minLength: 100, maxLength: 600 }), (clicks) => {
        const cells = new ClickCells();
        const byStore = new Map<string, CellList>();
        const byAffiliate = new Map<string, CellList>();
        const oracle = new Map<string, ClickCell>();
        const oracleStore = new Map<string, ClickCell[]>();
        const oracleAffiliate = new Map<string, ClickCell[]>();
        for (const c of clicks) {
          let row = cells.find(c.day, c.storeId, c.affiliateId, c.channel, c.productId);
          if (row < 0) {
            row = cells.open();
            for (const [lists, id] of [
              [byStore, c.storeId],
              [byAffiliate, c.affiliateId],
            ] as const) {
              const list = lists.get(id) ?? new CellList(cells);
              list.add(row);
              lists.set(id, list);
            }
          }
          cells.count(row, c.qualifying, c.atMs);
          const key = JSON.stringify([c.day, c.storeId, c.affiliateId, c.channel, c.productId]);
          let cell = oracle.get(key);
          if (cell === undefined) {
            cell = {
              day: c.day,
              storeId: c.storeId,
              affiliateId: c.affiliateId,
              channel: c.channel,
              productId: c.productId,
              qualifying: 0,
              notQualifying: 0,
              firstAtMs: c.atMs,
              lastAtMs: c.atMs,
            };
            oracle.set(key, cell);
            oracleStore.set(c.storeId, [...(oracleStore.get(c.storeId) ?? []), cell]);
            oracleAffiliate.set(c.affiliateId, [...(oracleAffiliate.get(c.affiliateId) ?? []), cell]);
          }
          if (c.qualifying) cell.qualifying += 1;
          else cell.notQualifying += 1;
          cell.firstAtMs = Math.min(cell.firstAtMs, c.atMs);
          cell.lastAtMs = Math.max(cell.lastAtMs, c.atMs);
        }
        expect(cells.size).toBe(oracle.size);
        for (const [id, list] of byStore) expect([...list.values()]).toEqual(oracleStore.get(id));
        for (const [id, list] of byAffiliate) expect([...list.values()]).toEqual(oracleAffiliate.get(id));
        expect([...byStore.keys()].sort()).toEqual([...oracleStore.keys()].sort());
      }),
      fcParams(100),
    );
  });
});

describe('the book’s row limit on click cells', () => {
  const book = (rowsMax: number, dayTotalsMax = Number.MAX_SAFE_INTEGER) => {
    const b = new ReportBook('UTC', { rowsMax, dayTotalsMax });
    const ok = { kind: 'accepted' } as const;
    const none = () => undefined;
    b.apply(
      {
        id: 'r',
        type: 'store.registered',
        at: T0,
        storeId: 's1',
        products: [{ productId: 'p1', categoryId: 'c1' }],
      },
      ok,
      none,
    );
    b.apply({ id: 'a', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'sns' }, ok, none);
    return b;
  };
  const click = (i: number, day: number): AffEvent => ({
    id: `c${i}`,
    type: 'click',
    at: T0 + day * 86_400_000 + i,
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    channel: 'sns',
  });
  it('past rowsMax a new cell is dropped and counted; a cell already open still counts its clicks', () => {
    // The store's registration is a row of its own (an operation): two cells fit.
    const b = book(3);
    const q = { kind: 'accepted', qualifying: true } as const;
    const none = () => undefined;
    b.apply(click(1, 0), q, none);
    b.apply(click(2, 1), q, none);
    b.apply(click(3, 2), q, none); // a third day: a third cell, past the limit
    b.apply(click(4, 0), q, none); // the first day's cell is open: counted
    const store = b.store('s1');
    expect(b.rows).toBe(3);
    expect(store?.dropped).toBe(1);
    expect(b.affiliate('a1')?.dropped).toBe(1);
    const day0 = b.days.dayOf(T0);
    expect([...(store?.cells.values() ?? [])].map((c) => [c.day - day0, c.qualifying])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    // The dashboard's totals are never dropped.
    expect([...(store?.days.values() ?? [])].reduce((n, d) => n + d.qualifyingClicks, 0)).toBe(4);
    // They are counted apart from the rows: one a store and local day.
    expect(b.dayTotals).toBe(3);
  });
  it('past dayTotalsMax a new day is dropped and counted; a day already open still counts', () => {
    const b = book(100, 2);
    const q = { kind: 'accepted', qualifying: true } as const;
    const none = () => undefined;
    b.apply(click(1, 0), q, none);
    b.apply(click(2, 1), q, none);
    b.apply(click(3, 2), q, none); // a third day: past the limit
    b.apply(click(4, 1), q, none); // the second day is open: counted
    const store = b.store('s1');
    expect(b.dayTotals).toBe(2);
    expect(store?.dropped).toBe(1);
    expect([...(store?.days.values() ?? [])].map((d) => d.qualifyingClicks)).toEqual([1, 2]);
  });
});
