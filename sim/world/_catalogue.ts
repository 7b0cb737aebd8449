import type { Faker } from '@faker-js/faker';
import type { WorldKnobs } from '../scenario/world-knobs.js';
import { categoryId, productId } from './ids.js';
import type { Rng } from './rng.js';
import type { Product } from './world.js';

/**
 * A store's catalogue: a few categories of the world (stores are specialised: seed 001 notes that
 * "each store category is clearly divided") and products in them with log-normal prices in cents.
 */
export function generateCatalogue(
  storeIndex: number,
  knobs: WorldKnobs,
  rng: Rng,
  faker: Faker,
): { products: Product[]; categoryIds: string[] } {
  const categoryCount = rng.int(knobs.categoriesPerStore.min, knobs.categoriesPerStore.max);
  const chosen = distinctIndices(knobs.categories, categoryCount, rng).map(categoryId);
  const productCount = rng.int(knobs.productsPerStore.min, knobs.productsPerStore.max);
  const products = Array.from({ length: productCount }, (_, index) =>
    Object.freeze({
      index,
      productId: productId(storeIndex, index),
      // The store's first category is its main line: it holds about half of the products.
      categoryId: (index === 0 || rng.chance(0.5) ? chosen[0] : rng.pick(chosen)) as string,
      name: faker.commerce.productName(),
      priceCents: priceCents(knobs.price, rng),
    }),
  );
  // A store's categories are those of its products (R16: a category rate names one of them).
  const used = new Set(products.map((p) => p.categoryId));
  return { products, categoryIds: chosen.filter((c) => used.has(c)) };
}

/** `count` distinct indices of 0..n−1 in random order (a partial Fisher–Yates shuffle). */
function distinctIndices(n: number, count: number, rng: Rng): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i += 1) {
    const j = rng.int(i, n - 1);
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, count);
}

/** Shop prices end in .99 above a dollar (charm pricing), within the knob's bounds. */
function priceCents(price: WorldKnobs['price'], rng: Rng): number {
  const raw = rng.logNormal(price.medianCents, price.sigma);
  const charmed = raw >= 100 ? Math.floor(raw / 100) * 100 + 99 : Math.round(raw);
  return Math.min(price.maxCents, Math.max(price.minCents, charmed));
}
