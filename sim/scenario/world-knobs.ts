import { z } from 'zod';
import { amount, count, intRange } from './knob-types.js';

/** Upper bounds on world sizes ("put a limit on everything"): past them a scenario is refused. */
export const STORES_MAX = 100_000;
export const PRODUCTS_PER_STORE_MAX = 5_000;
export const CATEGORIES_MAX = 1_000;
export const AFFILIATES_MAX = 1_000_000;
export const BUYERS_MAX = 50_000_000;

/**
 * The population (issue 5, "World"). Defaults are a mid-size marketplace slice that the whole
 * baseline simulation (HTTP + model check) runs through in about a minute; they are assumptions,
 * not measurements of AliExpress.
 */
export const worldKnobs = z
  .strictObject({
    stores: count(1, STORES_MAX).default(400),
    productsPerStore: intRange(1, PRODUCTS_PER_STORE_MAX).default({ min: 10, max: 120 }),
    categories: count(1, CATEGORIES_MAX).default(24),
    categoriesPerStore: intRange(1, CATEGORIES_MAX).default({ min: 1, max: 4 }),
    affiliates: count(1, AFFILIATES_MAX).default(3_000),
    buyers: count(1, BUYERS_MAX).default(50_000),
    /**
     * Product prices, log-normal. AliExpress sells mostly low-priced goods; a median around $15 and
     * a long tail to a few hundred dollars is an assumption in line with its commonly quoted
     * average order values of roughly $20–40 (approximate).
     */
    price: z
      .strictObject({
        medianCents: count(1, 10_000_000).default(1_500),
        sigma: amount(3).default(0.9),
        minCents: count(1, 10_000_000).default(50),
        maxCents: count(1, 100_000_000).default(500_000),
      })
      .refine((p) => p.minCents <= p.medianCents && p.medianCents <= p.maxCents, {
        message: 'expected minCents <= medianCents <= maxCents',
        path: ['medianCents'],
      })
      .prefault({}),
    /** Zipf exponents of popularity: a few stores, products and affiliates take most traffic (assumption). */
    storePopularitySkew: amount(3).default(0.8),
    productPopularitySkew: amount(3).default(0.9),
    affiliatePopularitySkew: amount(3).default(1),
  })
  .refine((w) => w.categoriesPerStore.max <= w.categories, {
    message: 'expected at most `categories` categories per store',
    path: ['categoriesPerStore', 'max'],
  });

export type WorldKnobs = z.output<typeof worldKnobs>;
