import { describe, expect, it } from 'vitest';
import firstClick from '../../scenarios/first-click.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { decodeEventId } from '../../sim/traffic/event-ids.js';
import { parseShard, type Shard } from '../../sim/traffic/shard.js';
import { small } from './_small.js';

// Why: workers generate shards independently; the run must not depend on how many there are.
const sim = createSimulation(small(firstClick, { buyers: 2_000 }), 21);

function buyerEvents(shard?: Shard): AffEvent[] {
  const out: AffEvent[] = [];
  for (const day of sim.buyerTraffic(shard)) out.push(...day.events);
  return out;
}

const byBuyer = (events: readonly AffEvent[]) => {
  const map = new Map<number, string[]>();
  for (const e of events) {
    const decoded = decodeEventId(e.id);
    if (decoded?.source !== 'buyer') throw new Error(`not a buyer event: ${e.id}`);
    map.set(decoded.buyerIndex, [...(map.get(decoded.buyerIndex) ?? []), e.id]);
  }
  return map;
};

describe('shards', () => {
  const whole = buyerEvents();

  it.each([2, 3])(
    'the union of %i shards is the unsharded buyer traffic, per buyer in the same order',
    (count) => {
      const shards = Array.from({ length: count }, (_, index) => buyerEvents({ index, count }));
      const union = shards.flat();
      expect(union.length).toBe(whole.length);
      const byId = new Map(whole.map((e) => [e.id, e]));
      for (const e of union) expect(e).toEqual(byId.get(e.id));
      expect(byBuyer(union)).toEqual(byBuyer(whole));
      shards.forEach((events, index) => {
        for (const buyer of byBuyer(events).keys()) expect(buyer % count).toBe(index);
      });
    },
  );

  it('merged day by day in recording order, shards give exactly the unsharded sequence', () => {
    const days = (shard: Shard) => [...sim.buyerTraffic(shard)].map((d) => d.events);
    const a = days({ index: 0, count: 2 });
    const b = days({ index: 1, count: 2 });
    const key = (e: AffEvent) => {
      const d = decodeEventId(e.id);
      if (d?.source !== 'buyer') throw new Error(e.id);
      return [e.at, d.buyerIndex, d.day, d.seq] as const;
    };
    const compare = (x: AffEvent, y: AffEvent) => {
      const [kx, ky] = [key(x), key(y)];
      for (let i = 0; i < kx.length; i += 1)
        if (kx[i] !== ky[i]) return (kx[i] as number) - (ky[i] as number);
      return 0;
    };
    const merged = a.flatMap((day, i) => [...day, ...(b[i] ?? [])].sort(compare));
    expect(merged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
  });

  it('every shard replays the same seller timeline', () => {
    const sellerIds = (shard: Shard) => [...sim.days(shard)].flatMap((d) => d.sellerEvents.map((e) => e.id));
    expect(sellerIds({ index: 1, count: 3 })).toEqual(sellerIds({ index: 0, count: 1 }));
  });

  it('parses the command line form 1-based', () => {
    expect(parseShard('1/2')).toEqual({ index: 0, count: 2 });
    expect(parseShard('2/2')).toEqual({ index: 1, count: 2 });
    expect(parseShard('0/2')).toBeUndefined();
    expect(parseShard('3/2')).toBeUndefined();
    expect(() => [...sim.buyerTraffic({ index: 2, count: 2 })]).toThrow(/shard index/);
  });
});
