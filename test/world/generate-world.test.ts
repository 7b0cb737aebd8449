import { describe, expect, it } from 'vitest';
import baseline from '../../scenarios/baseline.js';
import { CHANNELS, IN_SITE_CHANNELS } from '../../sim/domain/channels.js';
import { withChanges } from '../../sim/scenario/with-changes.js';
import { buyerProfile } from '../../sim/world/buyer-profile.js';
import { generateWorld } from '../../sim/world/generate-world.js';
import { decodeId } from './_decode-id.js';

const scenario = withChanges(baseline, { world: { stores: 40, affiliates: 200, buyers: 1_000 } });

describe('generateWorld', () => {
  it('is a pure function of scenario and seed', () => {
    expect(generateWorld(scenario, 11)).toEqual(generateWorld(scenario, 11));
  });

  it('differs for another seed', () => {
    const a = generateWorld(scenario, 11);
    const b = generateWorld(scenario, 12);
    expect(a.stores.map((s) => s.products.length)).not.toEqual(b.stores.map((s) => s.products.length));
    expect(a.stores[0]?.name).not.toEqual(b.stores[0]?.name);
  });

  it('sizes the world by the scenario', () => {
    const world = generateWorld(scenario, 1);
    expect(world.stores).toHaveLength(40);
    expect(world.affiliates).toHaveLength(200);
    expect(world.categories).toHaveLength(scenario.world.categories);
    expect(world.buyerCount).toBe(1_000);
    for (const store of world.stores) {
      expect(store.products.length).toBeGreaterThanOrEqual(scenario.world.productsPerStore.min);
      expect(store.products.length).toBeLessThanOrEqual(scenario.world.productsPerStore.max);
    }
  });

  it('gives ids that decode to their generation index without state', () => {
    const world = generateWorld(scenario, 1);
    world.stores.forEach((store, i) => {
      expect(decodeId(store.storeId)).toEqual({ kind: 'store', storeIndex: i });
      store.products.forEach((p, k) => {
        expect(decodeId(p.productId)).toEqual({ kind: 'product', storeIndex: i, productIndex: k });
      });
    });
    world.affiliates.forEach((a, i) => {
      expect(decodeId(a.affiliateId)).toEqual({ kind: 'affiliate', affiliateIndex: i });
    });
    expect(decodeId(buyerProfile(world, 999).buyerId)).toEqual({ kind: 'buyer', buyerIndex: 999 });
  });

  it('prices products in positive integer cents and keeps categories consistent with the catalogue (R16)', () => {
    const world = generateWorld(scenario, 3);
    for (const store of world.stores) {
      const used = new Set(store.products.map((p) => p.categoryId));
      expect(new Set(store.categoryIds)).toEqual(used);
      for (const p of store.products) {
        expect(Number.isSafeInteger(p.priceCents) && p.priceCents > 0).toBe(true);
        expect(world.categories.some((c) => c.categoryId === p.categoryId)).toBe(true);
      }
    }
  });

  it('gives affiliates every channel of the mix, in-site and off-site (seed 001 part 4)', () => {
    const world = generateWorld(scenario, 5);
    expect(new Set(world.affiliates.map((a) => a.channel))).toEqual(new Set(CHANNELS));
    for (const a of world.affiliates) {
      expect(a.inSite).toBe((IN_SITE_CHANNELS as readonly string[]).includes(a.channel));
    }
  });

  it('derives buyers from seed and index alone, with a country and a locale', () => {
    const world = generateWorld(scenario, 5);
    const buyer = buyerProfile(world, 42);
    expect(buyer).toEqual(buyerProfile(generateWorld(scenario, 5), 42));
    expect(buyer.country).toMatch(/^[A-Z]{2}$/);
    expect(buyer.locale).toMatch(/^[a-z]{2}-[A-Z]{2}$/);
    expect(buyer.activity).toBeGreaterThan(0);
    expect(() => buyerProfile(world, 1_000)).toThrow(/outside/);
  });
});
