import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AffEvent } from '../../sim/domain/events.js';
import { historyArb } from '../arbitraries/index.js';
import { fcParams } from '../fc-config.js';
import { affiliatesOf, allPages, type Oracle, oracleOf, storesOf } from './_report-oracle.js';

// Why: the remaining seller reports and the affiliate's, each recomputed naively from the
// model's trace and decisions (docs/reports.md), so no figure can drift from the rules.

const histories = historyArb({ maxSteps: 60 });
const clicks = (o: Oracle) =>
  o.accepted.flatMap(({ event: e, qualifying }) =>
    e.type === 'click' ? [{ e, qualifying: qualifying === true }] : [],
  );

function countBy<K>(
  items: Iterable<{ key: K; qualifying: boolean }>,
): Map<string, { key: K; q: number; n: number }> {
  const groups = new Map<string, { key: K; q: number; n: number }>();
  for (const { key, qualifying } of items) {
    const k = JSON.stringify(key);
    const g = groups.get(k) ?? { key, q: 0, n: 0 };
    if (qualifying) g.q += 1;
    else g.n += 1;
    groups.set(k, g);
  }
  return groups;
}

const sortedJson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('the other seller reports equal what the model decided (docs/reports.md)', () => {
  it('traffic: accepted clicks by local day, channel and affiliate, qualifying or not (R5)', () => {
    fc.assert(
      fc.property(histories, (history) => {
        const o = oracleOf(history);
        for (const storeId of storesOf(o)) {
          const groups = countBy(
            clicks(o)
              .filter(({ e }) => e.storeId === storeId)
              .map(({ e, qualifying }) => ({ key: [o.day(e.at), e.channel, e.affiliateId], qualifying })),
          );
          const expected = [...groups.values()].map(({ key: [day, channel, affiliateId], q, n }) => ({
            day,
            channel,
            affiliateId,
            clicks: { qualifying: q, notQualifying: n, total: q + n },
          }));
          const { rows } = allPages(o.book, 'store', storeId, 'traffic', {}, 3);
          expect(sortedJson(rows)).toEqual(sortedJson(expected));
          expect(rows.map((r) => r.day)).toEqual([...rows.map((r) => r.day)].sort());
        }
      }),
      fcParams(60),
    );
  });

  it('hot and main products: product-link clicks and affiliate order lines per product (R10, R12, R14)', () => {
    fc.assert(
      fc.property(histories, (history) => {
        const o = oracleOf(history);
        for (const storeId of storesOf(o)) {
          const expected = new Map<
            string,
            { q: number; n: number; orders: number; gmv: number; est: number; pay: number }
          >();
          const of = (p: string) => {
            const s = expected.get(p) ?? { q: 0, n: 0, orders: 0, gmv: 0, est: 0, pay: 0 };
            expected.set(p, s);
            return s;
          };
          for (const { e, qualifying } of clicks(o)) {
            if (e.storeId !== storeId || e.productId === undefined) continue;
            if (qualifying) of(e.productId).q += 1;
            else of(e.productId).n += 1;
          }
          for (const [orderId, e] of o.created) {
            const d = o.decisions.get(orderId);
            if (e.storeId !== storeId || !d?.attributed) continue;
            for (const l of d.lines) {
              const s = of(l.productId);
              s.orders += 1;
              if (d.status === 'void') continue;
              s.gmv += l.amountCents;
              s.est += l.commissionCents;
              if (d.status === 'payable') s.pay += l.commissionCents;
            }
          }
          const figures = (p: string) => {
            const s = expected.get(p) ?? { q: 0, n: 0, orders: 0, gmv: 0, est: 0, pay: 0 };
            return {
              clicks: { qualifying: s.q, notQualifying: s.n, total: s.q + s.n },
              orders: { affiliate: s.orders },
              gmvCents: s.gmv,
              commission: { estimatedCents: s.est, payableCents: s.pay },
            };
          };
          const hot = allPages(o.book, 'store', storeId, 'hot-products', {}, 2).rows;
          expect(sortedJson(hot)).toEqual(
            sortedJson([...expected.keys()].map((p) => ({ productId: p, ...figures(p) }))),
          );
          const gmv = hot.map((r) => r.gmvCents as number);
          expect(gmv).toEqual([...gmv].sort((a, b) => b - a));

          const main = new Map<string, Extract<AffEvent, { type: 'store.mainProductSet' }>>();
          for (const { event: e } of o.accepted) {
            if (e.type === 'store.mainProductSet' && e.storeId === storeId) main.set(e.productId, e);
            if (e.type === 'store.mainProductRemoved' && e.storeId === storeId) main.delete(e.productId);
          }
          const mainRows = allPages(o.book, 'store', storeId, 'main-products').rows;
          expect(sortedJson(mainRows)).toEqual(
            sortedJson(
              [...main.values()].map((e) => ({
                productId: e.productId,
                rateBps: e.rateBps,
                mainSince: new Date(e.at).toISOString(),
                ...figures(e.productId),
              })),
            ),
          );
        }
      }),
      fcParams(60),
    );
  });

  it('operations and commission settings: every seller operation with its outcome and rule (R3), every accepted setting (R4)', () => {
    fc.assert(
      fc.property(histories, (history) => {
        const o = oracleOf(history);
        const registered = new Set<string>();
        const ops = new Map<string, unknown[]>();
        const settings = new Map<string, { eventId: string; rateBps: number | null }[]>();
        for (const step of o.traced.steps) {
          const e = step.event;
          if (step.outcome === 'repeat' || !e.type.startsWith('store.') || !('storeId' in e)) continue;
          const accepted = step.outcome.kind === 'accepted';
          if (e.type === 'store.registered' && accepted) registered.add(e.storeId);
          if (!registered.has(e.storeId)) continue;
          const rule = step.outcome.kind === 'rejected' ? step.outcome.rule : null;
          ops.set(e.storeId, [
            ...(ops.get(e.storeId) ?? []),
            { eventId: e.id, type: e.type, outcome: step.outcome.kind, rule },
          ]);
          if (!accepted || e.type === 'store.registered' || e.type === 'store.withdrew') continue;
          const rateBps = 'rateBps' in e ? e.rateBps : 'defaultRateBps' in e ? e.defaultRateBps : null;
          settings.set(e.storeId, [...(settings.get(e.storeId) ?? []), { eventId: e.id, rateBps }]);
        }
        for (const storeId of storesOf(o)) {
          const rows = allPages(o.book, 'store', storeId, 'operations', {}, 4).rows;
          expect(
            rows.map((r) => ({ eventId: r.eventId, type: r.type, outcome: r.outcome, rule: r.rule })),
          ).toEqual(ops.get(storeId) ?? []);
          const rejected = allPages(o.book, 'store', storeId, 'operations', { status: 'rejected' }).rows;
          expect(rejected.every((r) => typeof r.rule === 'string' && r.rule.startsWith('R'))).toBe(true);
          const set = allPages(o.book, 'store', storeId, 'commission-settings').rows;
          expect(set.map((r) => ({ eventId: r.eventId, rateBps: r.rateBps }))).toEqual(
            settings.get(storeId) ?? [],
          );
          expect(set.filter((r) => r.inEffect && r.setting === 'default-rate').length).toBeLessThanOrEqual(1);
        }
      }),
      fcParams(60),
    );
  });
});

describe("an affiliate's reports hold only its own figures (R8, R18)", () => {
  it('orders, earnings, traffic and links', () => {
    fc.assert(
      fc.property(histories, (history) => {
        const o = oracleOf(history);
        for (const affiliateId of affiliatesOf(o)) {
          const mine = [...o.created.values()].filter((e) => {
            const d = o.decisions.get(e.orderId);
            return d?.attributed && d.affiliateId === affiliateId;
          });
          const orders = allPages(o.book, 'affiliate', affiliateId, 'orders', {}, 2).rows;
          expect(orders.map((r) => [r.orderId, r.storeId, r.status, r.commissionCents])).toEqual(
            mine.map((e) => {
              const d = o.decisions.get(e.orderId);
              return [e.orderId, e.storeId, d?.status, d?.commissionCents];
            }),
          );
          expect(orders.every((r) => !('buyerId' in r))).toBe(true);

          const earnings = allPages(o.book, 'affiliate', affiliateId, 'earnings').rows;
          const sum = (k: 'estimatedCents' | 'payableCents') =>
            earnings.reduce((s, r) => s + ((r.commission as Record<string, number>)[k] as number), 0);
          const decided = mine.map((e) => o.decisions.get(e.orderId));
          expect(sum('payableCents')).toBe(
            decided.reduce((s, d) => s + (d?.status === 'payable' ? d.commissionCents : 0), 0),
          );
          expect(sum('estimatedCents')).toBe(
            decided.reduce((s, d) => s + (d?.status === 'void' ? 0 : (d?.commissionCents ?? 0)), 0),
          );

          const theirs = clicks(o).filter(({ e }) => e.affiliateId === affiliateId);
          const traffic = allPages(o.book, 'affiliate', affiliateId, 'traffic').rows;
          const byDay = countBy(
            theirs.map(({ e, qualifying }) => ({ key: [o.day(e.at), e.storeId, e.channel], qualifying })),
          );
          expect(sortedJson(traffic)).toEqual(
            sortedJson(
              [...byDay.values()].map(({ key: [day, storeId, channel], q, n }) => ({
                day,
                storeId,
                channel,
                clicks: { qualifying: q, notQualifying: n, total: q + n },
              })),
            ),
          );
          const links = allPages(o.book, 'affiliate', affiliateId, 'links').rows;
          const byLink = countBy(
            theirs.map(({ e, qualifying }) => ({
              key: [e.storeId, e.productId ?? null, e.channel],
              qualifying,
            })),
          );
          expect(sortedJson(links.map(({ firstClickAt: _f, lastClickAt: _l, ...r }) => r))).toEqual(
            sortedJson(
              [...byLink.values()].map(({ key: [storeId, productId, channel], q, n }) => ({
                storeId,
                productId,
                channel,
                clicks: { qualifying: q, notQualifying: n, total: q + n },
              })),
            ),
          );
        }
      }),
      fcParams(60),
    );
  });
});
