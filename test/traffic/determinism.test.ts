import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import baseline from '../../scenarios/baseline.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { formatEventLine } from '../../sim/history/write-history.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { small } from './_small.js';

const scenario = small(baseline, { buyers: 2_000 });
const eventsOf = (seed: number): AffEvent[] => [...createSimulation(scenario, seed).events()];
const fingerprint = (events: readonly AffEvent[]) =>
  createHash('sha256').update(events.map(formatEventLine).join('\n')).digest('hex').slice(0, 16);

describe('determinism (one seed drives everything)', () => {
  it('same seed → the same events, in the same order', () => {
    expect(eventsOf(42)).toEqual(eventsOf(42));
  });

  it('another seed → other events', () => {
    expect(fingerprint(eventsOf(42))).not.toBe(fingerprint(eventsOf(43)));
  });

  // Why: "same seed → same events on any machine" holds only while generation stays the same; this
  // pins it, so a change to generation is a deliberate one (update the value and say so in the commit).
  it('matches the recorded fingerprint for seed 42', () => {
    const events = eventsOf(42);
    expect({ count: events.length, fingerprint: fingerprint(events) }).toMatchInlineSnapshot(`
      {
        "count": 21094,
        "fingerprint": "2f3905ae23d987d7",
      }
    `);
  });

  it('streams day by day, every event inside its day and each day in time order (retries come later)', () => {
    const sim = createSimulation(scenario, 9);
    const misplaced: string[] = [];
    const seen = new Set<string>();
    let days = 0;
    for (const day of sim.days()) {
      days += 1;
      for (const list of [day.sellerEvents, day.buyerEvents]) {
        let previousMs = day.dayStartMs;
        for (const e of list) {
          // A client retry (R17) arrives after its own instant, on a later day or later that day.
          if (seen.has(e.id)) continue;
          seen.add(e.id);
          if (e.at < previousMs || e.at >= day.dayStartMs + 86_400_000)
            misplaced.push(`${e.id} on day ${day.day}`);
          previousMs = e.at;
        }
      }
    }
    expect(misplaced).toEqual([]);
    expect(days).toBe(scenario.days);
  });

  it('registers every affiliate and store first, at the start instant', () => {
    const first = createSimulation(scenario, 9).sellerTimeline().next();
    const events = first.done ? [] : first.value.events;
    const registrations = scenario.world.affiliates + scenario.world.stores;
    expect(
      events
        .slice(0, registrations)
        .every((e) => e.type.endsWith('.registered') && e.at === scenario.startMs),
    ).toBe(true);
  });

  it('gives every event a unique id, but for retries (the same event) and reuses (the same event later, R17)', () => {
    const events = eventsOf(5);
    const first = new Map<string, AffEvent>();
    let retries = 0;
    let reuses = 0;
    for (const e of events) {
      const original = first.get(e.id);
      if (original === undefined) first.set(e.id, e);
      else if (formatEventLine(e) === formatEventLine(original)) retries += 1;
      else {
        expect(formatEventLine({ ...e, at: original.at })).toBe(formatEventLine(original));
        expect(e.at).toBeGreaterThan(original.at);
        reuses += 1;
      }
    }
    // baseline: 1 % of the buyer events retried, 0.1 % of their ids reused.
    expect(retries).toBeGreaterThan(0);
    expect(retries / events.length).toBeLessThan(0.02);
    expect(reuses).toBeGreaterThan(0);
    expect(reuses).toBeLessThan(retries);
  });
});
