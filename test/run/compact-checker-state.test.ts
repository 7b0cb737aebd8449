import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { ClickIdCode, decodeClickId } from '../../sim/run/click-id-code.js';
import { HashedRows } from '../../sim/run/hashed-rows.js';
import { clickToOrderSpanMs, PairChannels, type PairClicks } from '../../sim/run/pair-channels.js';
import { RecentClicks, type SeenClick } from '../../sim/run/recent-clicks.js';
import { fcParams } from '../fc-config.js';

/**
 * The checker's compact per-pair and per-buyer state (hashed-rows.ts, pair-channels.ts,
 * recent-clicks.ts) against the Maps of objects they replace, kept here as the oracles: the same
 * answers after any sequence of clicks, sweeps and reads, over few buyers and stores so keys
 * collide in the index, rows are freed and reused, and the tables grow.
 */

/** The Map of objects PairChannels was: the oracle. */
class PairChannelsOracle {
  readonly #byStore = new Map<string, Map<string, PairClicks>>();
  constructor(readonly keepMs: number) {}
  get size(): number {
    let n = 0;
    for (const m of this.#byStore.values()) n += m.size;
    return n;
  }
  get(storeId: string, buyerId: string): PairClicks | undefined {
    return this.#byStore.get(storeId)?.get(buyerId);
  }
  click(storeId: string, buyerId: string, channel: string, atMs: number, restarted: boolean): void {
    let byBuyer = this.#byStore.get(storeId);
    if (byBuyer === undefined) {
      byBuyer = new Map();
      this.#byStore.set(storeId, byBuyer);
    }
    const previous = byBuyer.get(buyerId);
    byBuyer.set(buyerId, {
      first: restarted && previous ? previous.first : channel,
      latest: channel,
      latestAtMs: atMs,
    });
  }
  sweep(nowMs: number): void {
    for (const byBuyer of this.#byStore.values())
      for (const [buyerId, pair] of byBuyer)
        if (nowMs - pair.latestAtMs >= this.keepMs) byBuyer.delete(buyerId);
  }
}

/** The Map of arrays RecentClicks was: the oracle. */
class RecentClicksOracle {
  readonly byBuyer = new Map<string, SeenClick[]>();
  constructor(
    readonly perBuyer: number,
    readonly horizonMs: number,
  ) {}
  add(buyerId: string, click: SeenClick): void {
    const kept = (this.byBuyer.get(buyerId) ?? []).filter((c) => click.atMs - c.atMs < this.horizonMs);
    kept.push(click);
    if (kept.length > this.perBuyer) kept.shift();
    this.byBuyer.set(buyerId, kept);
  }
  dropIdleBuyers(nowMs: number): void {
    for (const [buyer, clicks] of this.byBuyer)
      if (nowMs - (clicks[clicks.length - 1] as SeenClick).atMs >= this.horizonMs) this.byBuyer.delete(buyer);
  }
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const buyerArb = fc.constantFrom('b1', 'b2', 'b3', 'b10', 'b11', 'buyer with spaces', 'b1\u0000');
const storeArb = fc.constantFrom('s1', 's2', 's3', 's10');
const channelArb = fc.constantFrom('blog', 'sns', 'search');
/** Steps of time of 0 to 40 days, so windows open, restart and end. */
const stepArb = fc.integer({ min: 0, max: 40 * DAY_MS });

describe('PairChannels in columns equals the Map of objects it replaces', () => {
  const keepMs = clickToOrderSpanMs(DEFAULT_POLICY);
  const opArb = fc.oneof(
    fc.record({
      kind: fc.constant('click' as const),
      store: storeArb,
      buyer: buyerArb,
      channel: channelArb,
      step: stepArb,
      restarted: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('sweep' as const), step: stepArb }),
  );
  it('after every click and sweep: the same size and the same pair for every key', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 50, maxLength: 400 }), (ops) => {
        const compact = new PairChannels(DEFAULT_POLICY);
        const oracle = new PairChannelsOracle(keepMs);
        let now = T0;
        for (const op of ops) {
          now += Math.floor(op.step / 8);
          if (op.kind === 'click') {
            compact.click(op.store, op.buyer, op.channel, now, op.restarted);
            oracle.click(op.store, op.buyer, op.channel, now, op.restarted);
          } else {
            compact.sweep(now);
            oracle.sweep(now);
          }
          expect(compact.size).toBe(oracle.size);
        }
        for (const store of ['s1', 's2', 's3', 's10', 's4'])
          for (const buyer of ['b1', 'b2', 'b3', 'b10', 'b11', 'buyer with spaces', 'b1\u0000', 'b4'])
            expect(compact.get(store, buyer)).toEqual(oracle.get(store, buyer));
      }),
      fcParams(200),
    );
  });
});

describe('RecentClicks in columns equals the Map of arrays it replaces', () => {
  const opArb = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('click' as const),
        buyer: buyerArb,
        store: storeArb,
        affiliate: fc.constantFrom('a1', 'a2', 's1'),
        qualifying: fc.boolean(),
        step: stepArb,
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), step: stepArb }) },
  );
  it('after every click and drop: the same clicks per buyer, oldest first', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 50, maxLength: 400 }),
        fc.integer({ min: 1, max: 5 }),
        (ops, perBuyer) => {
          const horizonMs = 16 * DAY_MS;
          const compact = new RecentClicks(perBuyer, horizonMs);
          const oracle = new RecentClicksOracle(perBuyer, horizonMs);
          let now = T0;
          let n = 0;
          for (const op of ops) {
            now += Math.floor(op.step / 10);
            if (op.kind === 'click') {
              n += 1;
              const click = {
                // Simulator ids (kept as numbers, click-id-code.ts) and others (kept as strings).
                id: n % 3 === 0 ? `k${n}` : `b${n * 7919}.${n % 61}-${n % 4}.click`,
                affiliateId: op.affiliate,
                storeId: op.store,
                atMs: now,
                qualifying: op.qualifying,
              };
              compact.add(op.buyer, click);
              oracle.add(op.buyer, click);
            } else {
              compact.dropIdleBuyers(now);
              oracle.dropIdleBuyers(now);
            }
            expect(compact.buyers).toBe(oracle.byBuyer.size);
          }
          let clicks = 0;
          for (const buyer of ['b1', 'b2', 'b3', 'b10', 'b11', 'buyer with spaces', 'b1\u0000', 'b4']) {
            const expected = oracle.byBuyer.get(buyer) ?? [];
            clicks += expected.length;
            expect(compact.of(buyer)).toEqual(expected);
          }
          expect(compact.clicks).toBe(clicks);
        },
      ),
      fcParams(200),
    );
  });

  it('refuses a per-buyer bound its byte count cannot hold', () => {
    expect(() => new RecentClicks(256, DAY_MS)).toThrow(/1\.\.255, got 256/);
    expect(() => new RecentClicks(0, DAY_MS)).toThrow(RangeError);
  });
});

describe('HashedRows: rows found by key through growth, removal and reuse', () => {
  it('finds every key of a probe run after the run’s first key is removed (backward shift)', () => {
    const rows = new HashedRows();
    // One home slot for all three (same tag and low word): a probe run of three.
    const [a, b, c] = [rows.add(1, 5, 1, 1), rows.add(1, 5, 2, 2), rows.add(1, 5, 3, 3)];
    rows.remove(a);
    expect([rows.find(1, 5, 1, 1), rows.find(1, 5, 2, 2), rows.find(1, 5, 3, 3)]).toEqual([-1, b, c]);
    expect(rows.add(1, 5, 4, 4)).toBe(a);
  });

  it('holds a Map of keys to rows through random adds and removes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 400 })), {
          minLength: 300,
          maxLength: 2000,
        }),
        (ops) => {
          let grownTo = 0;
          const rows = new HashedRows((capacity) => {
            grownTo = capacity;
          });
          const oracle = new Map<string, number>();
          // Few distinct low words, so keys share home slots and probe runs form.
          const key = (tag: number, k: number) => [tag, k & 7, k, k * 31] as const;
          for (const [add, tag, k] of ops) {
            const [t, h0, h1, h2] = key(tag, k);
            const name = `${tag}/${k}`;
            const row = rows.find(t, h0, h1, h2);
            expect(row).toBe(oracle.get(name) ?? -1);
            if (add && row < 0) oracle.set(name, rows.add(t, h0, h1, h2));
            if (!add && row >= 0) {
              rows.remove(row);
              oracle.delete(name);
            }
            expect(rows.size).toBe(oracle.size);
          }
          for (const [name, row] of oracle) {
            const [tag, k] = name.split('/').map(Number) as [number, number];
            expect(rows.find(...key(tag, k))).toBe(row);
            expect(row).toBeLessThan(rows.capacity);
          }
          if (oracle.size > 64) expect(grownTo).toBeGreaterThanOrEqual(oracle.size);
          const seen: number[] = [];
          rows.forEach((r) => {
            seen.push(r);
          });
          expect(seen.sort((a, b) => a - b)).toEqual([...oracle.values()].sort((a, b) => a - b));
        },
      ),
      fcParams(100),
    );
  });
});

describe('ClickIdCode: a click id as two numbers only when they give it back', () => {
  const code = new ClickIdCode();
  it('codes every canonical simulator click id and decodes it to itself', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff_ffff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffff }),
        (buyer, day, seq) => {
          const id = `b${buyer}.${day}-${seq}.click`;
          expect(code.encode(id)).toBe(true);
          expect(decodeClickId(code.buyer, code.daySeq)).toBe(id);
        },
      ),
      fcParams(300),
    );
  });

  it('never codes an id it would not give back', () => {
    const near = fc.constantFrom(
      'b',
      '0',
      '1',
      '9',
      '.',
      '-',
      'click',
      '.click',
      'x',
      ' ',
      '00',
      '65536',
      '4294967296',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(near, { maxLength: 10 }).map((p) => p.join('')),
        ),
        (id) => {
          if (code.encode(id)) expect(decodeClickId(code.buyer, code.daySeq)).toBe(id);
        },
      ),
      fcParams(1000),
    );
    for (const id of [
      'b01.1-1.click',
      'b1.01-1.click',
      'b1.1-01.click',
      'b1.65536-1.click',
      'b4294967296.1-1.click',
      'b1.1-1.order',
      'b.1-1.click',
      'b1.1-1.click ',
      'k1',
    ])
      expect(code.encode(id), id).toBe(false);
  });
});
