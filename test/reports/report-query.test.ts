import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelReportBook } from '../../sim/check/model-report-book.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import {
  AFFILIATE_REPORTS,
  LocalDays,
  PAGE_LIMIT_MAX,
  runReport,
  STORE_REPORTS,
  toCsv,
} from '../../sim/domain/reports/index.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { CALENDAR_ZONES, historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { affiliatesOf, allPages, localDateOf, oracleOf, storesOf } from './_report-oracle.js';

// Why: paging, filters and the flat forms are the reports' interface; a bad query must name its
// field (the server answers 400 with it, the CLI exits 2 with it), and pages must add up.

const EXAMPLE = `{"id":"e1","type":"store.registered","at":"2026-01-01T00:00:00Z","storeId":"s1","products":[{"productId":"p1","categoryId":"c1"}]}
{"id":"e2","type":"affiliate.registered","at":"2026-01-01T00:00:00Z","affiliateId":"a1","channel":"sns"}
{"id":"e3","type":"store.joined","at":"2026-01-01T00:00:00Z","storeId":"s1","defaultRateBps":500}
{"id":"e4","type":"click","at":"2026-01-03T00:00:00Z","buyerId":"b1","affiliateId":"a1","storeId":"s1","productId":"p1","channel":"sns"}
{"id":"e5","type":"order.created","at":"2026-01-05T00:00:00Z","orderId":"o1","buyerId":"b1","storeId":"s1","lines":[{"productId":"p1","amountCents":10000}]}
`;

function exampleBook() {
  const read = parseHistoryText(EXAMPLE);
  if (!read.ok) throw new Error('example does not parse');
  return modelReportBook(read.history.events, DEFAULT_POLICY).book;
}

describe('report queries', () => {
  it('reading every page in turn gives exactly the unpaged rows, for every report', () => {
    fc.assert(
      fc.property(historyArb({ maxSteps: 50 }), fc.integer({ min: 1, max: 5 }), (history, limit) => {
        const o = oracleOf(history);
        for (const id of storesOf(o))
          for (const report of STORE_REPORTS)
            expect(allPages(o.book, 'store', id, report, {}, limit).rows).toEqual(
              allPages(o.book, 'store', id, report).rows,
            );
        for (const id of affiliatesOf(o))
          for (const report of AFFILIATE_REPORTS)
            expect(allPages(o.book, 'affiliate', id, report, {}, limit).rows).toEqual(
              allPages(o.book, 'affiliate', id, report).rows,
            );
      }),
      fcParams(30),
    );
  });

  it.each([
    [{ from: '2026-13-01' }, 'from'],
    [{ to: 'yesterday' }, 'to'],
    [{ from: '2026-01-05', to: '2026-01-01' }, 'to'],
    [{ channel: 'tv' }, 'channel'],
    [{ status: 'paid' }, 'status'],
    [{ limit: '0' }, 'limit'],
    [{ limit: String(PAGE_LIMIT_MAX + 1) }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ affiliate: 'a1' }, 'affiliate'],
    [{ storeId: 's1' }, 'storeId'],
  ])('a bad query %j names its field %s', (query, field) => {
    const answer = runReport(exampleBook(), 'store', 's1', 'orders', query);
    expect(answer).toMatchObject({ ok: false, kind: 'bad-query', field });
  });

  it('an unknown report names the type; an unknown store or affiliate is unknown (R16)', () => {
    const book = exampleBook();
    expect(runReport(book, 'store', 's1', 'balance', {})).toMatchObject({ ok: false, field: 'type' });
    expect(runReport(book, 'store', 's9', 'orders', {})).toMatchObject({ ok: false, kind: 'unknown' });
    expect(runReport(book, 'affiliate', 'a9', 'orders', {})).toMatchObject({ ok: false, kind: 'unknown' });
  });

  it("a cursor of another report's query is refused, not read", () => {
    const book = exampleBook();
    const first = runReport(book, 'store', 's1', 'dashboard', { limit: '1' });
    if (!first.ok || first.result.nextCursor === null) throw new Error('expected a second page');
    expect(
      runReport(book, 'store', 's1', 'dashboard', { limit: '1', cursor: first.result.nextCursor }).ok,
    ).toBe(true);
    expect(
      runReport(book, 'store', 's1', 'dashboard', { from: '2026-01-01', cursor: first.result.nextCursor }),
    ).toMatchObject({
      ok: false,
      field: 'cursor',
    });
  });

  it('the worked example (EVENTS.md): one affiliate order of 10000 cents at 500 bps, pending', () => {
    const answer = runReport(exampleBook(), 'store', 's1', 'dashboard', {
      from: '2026-01-01',
      to: '2026-01-07',
    });
    if (!answer.ok) throw new Error(answer.message);
    expect(answer.result.rows[0]).toMatchObject({
      clicks: { qualifying: 1, notQualifying: 0 },
      orders: { affiliate: 1 },
      gmvCents: 10_000,
      commission: { estimatedCents: 500, payableCents: 0 },
      conversionBps: 10_000,
    });
  });

  it('CSV: a header of dotted figure names, RFC 4180 quoting, no spreadsheet formulas', () => {
    const csv = toCsv(
      ['a', 'b.c'],
      [
        { a: 'x,"y"', b: { c: 1 } },
        { a: '=SUM(A1)', b: { c: -2 } },
      ],
    );
    expect(csv).toBe('a,b.c\r\n"x,""y""",1\r\n\'=SUM(A1),-2\r\n');
  });
});

describe('local days (policy timeZone)', () => {
  it('equal the local date Intl gives, across DST changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALENDAR_ZONES.map((z) => z.timeZone)),
        fc.array(fc.integer({ min: 0, max: 4_102_444_800_000 }), { maxLength: 50 }),
        (zone, instants) => {
          const days = new LocalDays(zone);
          const intl = localDateOf(zone);
          for (const ms of [...instants, ...instants.map((m) => m + 1)]) {
            const day = days.dayOf(ms);
            expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe(intl(ms));
          }
        },
      ),
      fcParams(100),
    );
  });
});
