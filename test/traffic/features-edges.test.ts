import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import boundaryStorm from '../../scenarios/boundary-storm.js';
import calendarDays from '../../scenarios/calendar-days.js';
import { DAY_MS } from '../../sim/domain/instant.js';
import { spanEndMs } from '../../sim/model/day-span.js';
import type { Outcome } from '../../sim/model/state.js';
import { countBy, latestClickOfOrders, membershipChanges, ofType, timeOrdered } from './_history-facts.js';
import { rejectedWith, run, small } from './_small.js';

/** For each order, its instant minus the end of its latest click's window (R6), with the model's span rule. */
function windowOffsets(r: ReturnType<typeof run>) {
  const latest = latestClickOfOrders(r.events);
  const decisions = new Map(r.evaluation.decisions.map((d) => [d.orderId, d]));
  return ofType(r.events, 'order.created').flatMap((o) => {
    const click = latest.get(o.orderId);
    if (click === undefined) return [];
    const endMs = spanEndMs(click.at, r.scenario.policy.windowDays, r.scenario.policy);
    return [{ order: o, click, endMs, offsetMs: o.at - endMs, decision: decisions.get(o.orderId) }];
  });
}

describe('boundary-storm packs traffic at the edges, ±0/±1 ms', () => {
  const r = run(small(boundaryStorm, { stores: 80, buyers: 3_000 }), 11);

  it('orders at the latest click window end −1, 0, +1 ms: in window, then expired (R6, R8)', () => {
    const atEdge = windowOffsets(r).filter((x) => Math.abs(x.offsetMs) <= 1);
    const counts = countBy(atEdge, (x) => String(x.offsetMs));
    for (const offset of ['-1', '0', '1']) expect(counts[offset] ?? 0).toBeGreaterThan(5);
    expect(atEdge.some((x) => x.offsetMs === -1 && x.decision?.attributed)).toBe(true);
    expect(
      atEdge.some(
        (x) => x.offsetMs === 0 && !x.decision?.attributed && x.decision?.reason === 'window-expired',
      ),
    ).toBe(true);
    expect(atEdge.filter((x) => x.offsetMs >= 0).every((x) => !x.decision?.attributed)).toBe(true);
  });

  it('clicks at join instants −1, 0, +1 ms (R5: membership is [joinedAt, withdrawnAt))', () => {
    const joins = [...membershipChanges(r).entries()].flatMap(([storeId, list]) =>
      list.filter((c) => c.type === 'join').map((c) => `${storeId}@${c.atMs}`),
    );
    const joinSet = new Set(joins);
    const offsets = new Set<number>();
    for (const c of ofType(r.events, 'click')) {
      for (const d of [-1, 0, 1]) if (joinSet.has(`${c.storeId}@${c.at - d}`)) offsets.add(d);
    }
    expect(offsets).toEqual(new Set([-1, 0, 1]));
  });

  it('withdrawals 1 ms before the 15-day edge are refused (R2), at the edge accepted', () => {
    const joinedAt = new Map<string, number>();
    const atEdge: { offset: number; kind: string }[] = [];
    for (const e of timeOrdered(r.events)) {
      const outcome = r.outcomes.get(e.id) as Outcome;
      if (e.type === 'store.joined' && outcome.kind === 'accepted') joinedAt.set(e.storeId, e.at);
      if (e.type !== 'store.withdrew') continue;
      const joined = joinedAt.get(e.storeId);
      if (joined === undefined) continue;
      const offset = e.at - spanEndMs(joined, r.scenario.policy.minMembershipDays, r.scenario.policy);
      if (Math.abs(offset) <= 1)
        atEdge.push({ offset, kind: outcome.kind === 'rejected' ? outcome.rule : 'ok' });
    }
    expect(atEdge).toContainEqual({ offset: -1, kind: 'R2' });
    expect(atEdge).toContainEqual({ offset: 0, kind: 'ok' });
    expect(atEdge).toContainEqual({ offset: 1, kind: 'ok' });
    expect(atEdge.filter((x) => x.offset === -1).every((x) => x.kind === 'R2')).toBe(true);
  });

  it('rejoins 1 ms inside the cooldown are refused (R1), at its end accepted', () => {
    const rejected = rejectedWith(r, 'R1', 'store.joined');
    expect(rejected.length).toBeGreaterThan(5);
    const changes = membershipChanges(r);
    const exactRejoins = [...changes.values()].flatMap((list) =>
      list.flatMap((c, i) => {
        const before = list[i - 1];
        if (c.type !== 'join' || before?.type !== 'withdraw') return [];
        return [c.atMs - spanEndMs(before.atMs, r.scenario.policy.rejoinCooldownDays, r.scenario.policy)];
      }),
    );
    expect(exactRejoins).toContain(0);
  });
});

describe('calendar-days spans a DST change and packs orders at calendar window ends', () => {
  const r = run(small(calendarDays, { buyers: 3_000 }), 5);
  const { policy } = r.scenario;
  const offsetAt = (ms: number) =>
    Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(policy.timeZone).offsetNanoseconds;

  it('runs under calendar days, and the run crosses a change of UTC offset', () => {
    expect(policy.dayBoundary).toBe('calendar');
    expect(offsetAt(r.scenario.startMs)).not.toBe(offsetAt(r.scenario.endMs - 1));
  });

  it('orders at local-midnight window ends ±1 ms, also of windows that cross the change', () => {
    const atEdge = windowOffsets(r).filter((x) => Math.abs(x.offsetMs) <= 1);
    // Calendar ends are local midnights, never click + 15 × 24 h (clicks are not at midnight).
    expect(atEdge.every((x) => x.endMs !== x.click.at + policy.windowDays * DAY_MS)).toBe(true);
    const crossing = atEdge.filter((x) => offsetAt(x.click.at) !== offsetAt(x.endMs));
    expect(new Set(crossing.map((x) => x.offsetMs))).toEqual(new Set([-1, 0, 1]));
  });
});
