import type { Faker, LocaleDefinition } from '@faker-js/faker';
// The English locale alone: the package's root module loads every locale (~38 MB of RSS per
// thread, and every worker generates names); this one is ~7 MB and holds the same definitions.
import { faker as englishFaker } from '@faker-js/faker/locale/en';
import { type Channel, IN_SITE_CHANNELS } from '../domain/channels.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { generateCatalogue } from './_catalogue.js';
import { SELLER_COUNTRIES } from './_markets.js';
import { assertSeed } from './derive-seed.js';
import { affiliateId, categoryId, storeId } from './ids.js';
import { Rng } from './rng.js';
import { SALT } from './stream-salts.js';
import { WeightedPicker } from './weighted-picker.js';
import type { Affiliate, Category, Store, World } from './world.js';

/**
 * Faker's class, reached through the English instance (the locale module exports no class), so
 * each world gets an instance of its own with the same definitions ([en, base], merged).
 */
const EnglishFaker = englishFaker.constructor as new (options: { locale: LocaleDefinition }) => Faker;

const IN_SITE = new Set<string>(IN_SITE_CHANNELS);
const sellerCountryPicker = new WeightedPicker(SELLER_COUNTRIES.map((c) => c.weight));

/**
 * The world of a scenario: categories, stores with catalogues, affiliates with channels; buyers
 * are derived on demand (`buyerProfile`). Same scenario and seed → the same world on any machine.
 *
 * Names come from a seeded Faker instance (never the global one) and are cosmetic: every id,
 * category, price and channel comes from our own seeded streams, so events do not change even if
 * a Faker upgrade changed its word lists.
 */
export function generateWorld(scenario: Scenario, seed: number): World {
  assertSeed(seed);
  const faker = new EnglishFaker({ locale: englishFaker.rawDefinitions });
  faker.seed([seed >>> 0, Math.floor(seed / 0x1_0000_0000), SALT.names]);
  const categories = generateCategories(scenario.world.categories, faker);
  const stores = Array.from({ length: scenario.world.stores }, (_, i) =>
    generateStore(i, scenario, seed, faker),
  );
  const affiliates = generateAffiliates(scenario, seed, faker);
  return Object.freeze({
    seed,
    scenarioName: scenario.name,
    categories,
    stores,
    affiliates,
    buyerCount: scenario.world.buyers,
  });
}

function generateCategories(count: number, faker: Faker): Category[] {
  const seen = new Map<string, number>();
  return Array.from({ length: count }, (_, index) => {
    const department = faker.commerce.department();
    const n = (seen.get(department) ?? 0) + 1;
    seen.set(department, n);
    return Object.freeze({
      index,
      categoryId: categoryId(index),
      name: n === 1 ? department : `${department} ${n}`,
    });
  });
}

function generateStore(index: number, scenario: Scenario, seed: number, faker: Faker): Store {
  const rng = Rng.derive(seed, SALT.catalogue, index);
  const country = SELLER_COUNTRIES[sellerCountryPicker.index(rng.float())]?.country ?? 'CN';
  const { products, categoryIds } = generateCatalogue(index, scenario.world, rng, faker);
  return Object.freeze({
    index,
    storeId: storeId(index),
    name: faker.company.name(),
    country,
    products,
    categoryIds,
  });
}

/**
 * Channels follow the scenario's channel mix, so clicks can follow it too; the first affiliates
 * take one channel each so that every channel with weight gets at least one affiliate.
 */
function generateAffiliates(scenario: Scenario, seed: number, faker: Faker): Affiliate[] {
  const mix = Object.entries(scenario.buyers.channelMix).filter(([, w]) => (w ?? 0) > 0) as [
    Channel,
    number,
  ][];
  const picker = new WeightedPicker(mix.map(([, w]) => w));
  return Array.from({ length: scenario.world.affiliates }, (_, index) => {
    const channel =
      index < mix.length
        ? (mix[index] as [Channel, number])[0]
        : (mix[picker.index(Rng.derive(seed, SALT.affiliate, index).float())] as [Channel, number])[0];
    const inSite = IN_SITE.has(channel);
    return Object.freeze({
      index,
      affiliateId: affiliateId(index),
      name: inSite ? `${faker.company.name()} (${channel} zone)` : faker.internet.domainName(),
      channel,
      inSite,
    });
  });
}
