import { describe, expect, it } from 'vitest';
import blackFriday from '../../scenarios/black-friday.js';
import rateChurn from '../../scenarios/rate-churn.js';
import withdrawalWave from '../../scenarios/withdrawal-wave.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { ofType } from './_history-facts.js';
import { accepted, rejectedWith, run, small } from './_small.js';

describe('withdrawal-wave', () => {
  const r = run(small(withdrawalWave, { buyers: 2_000 }), 4);

  it('most stores withdraw, many too early (R2), many rejoin, some inside the cooldown (R1)', () => {
    const withdrawn = new Set(accepted(r, 'store.withdrew').map((e) => (e as { storeId: string }).storeId));
    expect(withdrawn.size).toBeGreaterThan(r.scenario.world.stores * 0.6);
    expect(rejectedWith(r, 'R2', 'store.withdrew').length).toBeGreaterThan(r.scenario.world.stores * 0.2);
    expect(rejectedWith(r, 'R1', 'store.joined').length).toBeGreaterThan(5);
    expect(rejectedWith(r, 'R4').length).toBeGreaterThan(5);
  });
});

describe('rate-churn', () => {
  const r = run(small(rateChurn, { buyers: 3_000 }), 4);

  it('changes rates often, some out of rateBounds (R4), and orders land on the changes ±1 ms (R10)', () => {
    expect(accepted(r, 'store.defaultRateSet').length).toBeGreaterThan(200);
    expect(accepted(r, 'store.mainProductRemoved').length).toBeGreaterThan(100);
    expect(rejectedWith(r, 'R4').length).toBeGreaterThan(20);
    const changes = new Set(
      r.events
        .filter((e) => e.type === 'store.defaultRateSet' || e.type === 'store.mainProductSet')
        .map((e) => `${(e as { storeId: string }).storeId}@${e.at}`),
    );
    const offsets = new Set<number>();
    for (const o of ofType(r.events, 'order.created')) {
      for (const d of [-1, 0, 1]) if (changes.has(`${o.storeId}@${o.at - d}`)) offsets.add(d);
    }
    expect(offsets).toEqual(new Set([-1, 0, 1]));
  });

  it('locks different rates for the same product over time (R11)', () => {
    const ratesByProduct = new Map<string, Set<number>>();
    for (const d of r.evaluation.decisions) {
      for (const l of d.lines) {
        if (l.rate === null) continue;
        const set = ratesByProduct.get(l.productId) ?? new Set();
        set.add(l.rate.rateBps);
        ratesByProduct.set(l.productId, set);
      }
    }
    expect([...ratesByProduct.values()].filter((s) => s.size > 2).length).toBeGreaterThan(10);
  });
});

describe('black-friday', () => {
  it("bursts on Singles' Day and from Black Friday to Cyber Monday", () => {
    const sim = createSimulation(small(blackFriday, { buyers: 2_000 }), 4);
    const perDay = [...sim.buyerTraffic()].map((d) => d.events.length);
    const median = [...perDay].sort((a, b) => a - b)[Math.floor(perDay.length / 2)] as number;
    expect(perDay[10]).toBeGreaterThan(3 * median);
    for (const day of [26, 27, 28, 29]) expect(perDay[day]).toBeGreaterThan(2.5 * median);
    expect(perDay[20]).toBeLessThan(1.5 * median);
  });
});
