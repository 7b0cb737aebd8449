import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineCommissionCents } from '../../sim/model/commission.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { addDays, allPages, datesOf, type Oracle, oracleOf, storesOf, within } from './_report-oracle.js';

// Why: every figure of a seller's report must follow from the model's decisions and answers
// (docs/reports.md); each property recomputes one report naively from the trace and compares.

const historyWithPeriod = fc
  .tuple(historyArb({ maxSteps: 60 }), fc.nat(), fc.nat(), fc.nat(3))
  .map(([history, a, b, open]) => ({ history, a, b, open }));

/** A period drawn over the history's dates; `open` leaves one end or both unnamed (not for the dashboard). */
function periodOf(o: Oracle, a: number, b: number, open: number): { from?: string; to?: string } {
  const dates = datesOf(o);
  const [x, y] = [dates[a % dates.length] as string, dates[b % dates.length] as string].sort();
  return { ...(open === 1 ? {} : { from: x }), ...(open === 2 || open === 3 ? {} : { to: y }) };
}

function dashboardExpected(o: Oracle, storeId: string, from: string, to: string) {
  let qualifying = 0;
  let notQualifying = 0;
  for (const { event: e, qualifying: q } of o.accepted) {
    if (e.type !== 'click' || e.storeId !== storeId || !within(o.day(e.at), from, to)) continue;
    if (q) qualifying += 1;
    else notQualifying += 1;
  }
  let affiliate = 0;
  let cancelled = 0;
  let gmvCents = 0;
  let estimatedCents = 0;
  let payableCents = 0;
  for (const [orderId, e] of o.created) {
    const d = o.decisions.get(orderId);
    if (e.storeId !== storeId || !within(o.day(e.at), from, to) || !d?.attributed) continue;
    affiliate += 1;
    if (d.status === 'void') {
      cancelled += 1;
      continue;
    }
    gmvCents += e.lines.reduce((s, l) => s + l.amountCents, 0);
    estimatedCents += d.commissionCents;
    if (d.status === 'payable') payableCents += d.commissionCents;
  }
  return {
    clicks: { qualifying, notQualifying, total: qualifying + notQualifying },
    orders: { affiliate, cancelled },
    gmvCents,
    commission: { estimatedCents, payableCents },
    conversionBps: qualifying === 0 ? null : Math.floor((affiliate * 10_000) / qualifying),
  };
}

describe('seller reports equal what the model decided (docs/reports.md)', () => {
  it('dashboard: the period and the previous one (R5 clicks, R9 orders, R12–R15 commission)', () => {
    fc.assert(
      fc.property(historyWithPeriod, ({ history, a, b }) => {
        const o = oracleOf(history);
        for (const storeId of storesOf(o)) {
          const { from, to } = periodOf(o, a, b, 0) as { from: string; to: string };
          const length = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
          const { rows } = allPages(o.book, 'store', storeId, 'dashboard', { from, to });
          expect(rows).toEqual([
            { period: 'current', from, to, ...dashboardExpected(o, storeId, from, to) },
            {
              period: 'previous',
              from: addDays(from, -length),
              to: addDays(from, -1),
              ...dashboardExpected(o, storeId, addDays(from, -length), addDays(from, -1)),
            },
          ]);
        }
      }),
      fcParams(80),
    );
  });

  it('orders: every order of the store with its decision (R9, R13, R14), filters applied', () => {
    fc.assert(
      fc.property(
        historyWithPeriod,
        fc.constantFrom(undefined, 'pending', 'payable', 'void', 'not-attributed'),
        ({ history, a, b, open }, status) => {
          const o = oracleOf(history);
          for (const storeId of storesOf(o)) {
            const period = periodOf(o, a, b, open);
            const expected = [...o.created.values()]
              .filter((e) => e.storeId === storeId && within(o.day(e.at), period.from, period.to))
              .map((e) => ({
                e,
                d: o.decisions.get(e.orderId) as NonNullable<ReturnType<Oracle['decisions']['get']>>,
              }))
              .filter(({ d }) => status === undefined || d.status === status)
              .map(({ e, d }) => ({
                orderId: e.orderId,
                createdAt: new Date(e.at).toISOString(),
                day: o.day(e.at),
                buyerId: e.buyerId,
                attributed: d.attributed,
                reason: d.attributed ? null : d.reason,
                affiliateId: d.attributed ? d.affiliateId : null,
                status: d.status,
                amountCents: e.lines.reduce((s, l) => s + l.amountCents, 0),
                refundedCents: d.lines.reduce((s, l) => s + l.refundedCents, 0),
                commissionCents: d.commissionCents,
              }));
            const { rows } = allPages(o.book, 'store', storeId, 'orders', { ...period, status });
            expect(rows.map(({ channel: _, ...r }) => r)).toEqual(expected);
          }
        },
      ),
      fcParams(80),
    );
  });

  it('transactions: per order line, charges and reversals sum to the commission payable (R12, R14), at the locked rate (R11)', () => {
    fc.assert(
      fc.property(historyArb({ maxSteps: 60 }), (history) => {
        const o = oracleOf(history);
        for (const storeId of storesOf(o)) {
          const { rows } = allPages(o.book, 'store', storeId, 'transactions');
          const sums = new Map<string, number>();
          for (const r of rows) {
            const d = o.decisions.get(r.orderId as string);
            const line = d?.lines.find((l) => l.productId === r.productId);
            expect(d?.attributed && d.affiliateId).toBe(r.affiliateId);
            expect([line?.rate?.rateBps, line?.rate?.tier]).toEqual([r.rateBps, r.tier]);
            const key = `${r.orderId} ${r.productId}`;
            sums.set(key, (sums.get(key) ?? 0) + (r.commissionCents as number));
          }
          const expected = new Map<string, number>();
          for (const [orderId, e] of o.created) {
            const d = o.decisions.get(orderId);
            if (
              e.storeId !== storeId ||
              !d?.attributed ||
              (d.status !== 'payable' && d.status !== 'reversed')
            )
              continue;
            for (const l of d.lines) expected.set(`${orderId} ${l.productId}`, l.commissionCents);
          }
          expect(sums).toEqual(expected);
          expect(rows.filter((r) => r.kind === 'charge').length).toBe(expected.size);
        }
      }),
      fcParams(80),
    );
  });

  it('refunds: every accepted refund; they add up to each line refunded and to the commission they took (R13, R14)', () => {
    fc.assert(
      fc.property(historyArb({ maxSteps: 60 }), (history) => {
        const o = oracleOf(history);
        const policy = o.traced.policy;
        for (const storeId of storesOf(o)) {
          const { rows } = allPages(o.book, 'store', storeId, 'refunds');
          const expected = o.accepted.flatMap(({ event: e }) => {
            if (e.type !== 'order.refunded' || o.created.get(e.orderId)?.storeId !== storeId) return [];
            const d = o.decisions.get(e.orderId);
            return [
              {
                orderId: e.orderId,
                productId: e.productId,
                amountCents: e.amountCents,
                affiliateId: d?.attributed ? d.affiliateId : null,
              },
            ];
          });
          expect(
            rows.map((r) => ({
              orderId: r.orderId,
              productId: r.productId,
              amountCents: r.amountCents,
              affiliateId: r.affiliateId,
            })),
          ).toEqual(expected);
          for (const [orderId, e] of o.created) {
            if (e.storeId !== storeId) continue;
            const d = o.decisions.get(orderId);
            const mine = rows.filter((r) => r.orderId === orderId);
            for (const l of d?.lines ?? [])
              expect(
                mine
                  .filter((r) => r.productId === l.productId)
                  .reduce((s, r) => s + (r.amountCents as number), 0),
              ).toBe(l.refundedCents);
            if (d?.attributed && d.status !== 'void') {
              const unrefunded = d.lines.reduce(
                (s, l) => s + lineCommissionCents(l.amountCents, l.rate?.rateBps ?? 0, policy.rounding),
                0,
              );
              expect(mine.reduce((s, r) => s + (r.commissionReducedCents as number), 0)).toBe(
                unrefunded - d.commissionCents,
              );
            }
          }
        }
      }),
      fcParams(80),
    );
  });
});
