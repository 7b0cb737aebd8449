import { defineScenario } from '../sim/scenario/define-scenario.js';

/**
 * The older reading of seed 001 part 6: category rates sit between main-product and default rates
 * (`categoryRates=enabled`, R10 tier `category`). Most stores set several and change them.
 */
export default defineScenario({
  name: 'legacy-category-rates',
  description:
    'Category rates enabled: most stores set and change them, so orders resolve to the category tier',
  policy: { categoryRates: 'enabled' },
  days: 60,
  world: { stores: 200, affiliates: 1_500, buyers: 25_000, categoriesPerStore: { min: 2, max: 6 } },
  sellers: {
    categoryRates: { storeShare: 0.8, initial: { min: 1, max: 4 }, changesPer30Days: 2 },
  },
});
