import { DAY_MS } from '../domain/instant.js';
import type { Scenario } from '../scenario/define-scenario.js';
import type { Rng } from '../world/rng.js';
import type { Store } from '../world/world.js';
import type { BoundRates } from './_bound-rates.js';
import { invalidRateBps, validRateBps } from './_rates.js';
import type { SameDayTargets } from './_same-day-targets.js';
import type { StoreScript } from './_store-script.js';

const MINUTE_MS = 60_000;
const MONTH_MS = 30 * DAY_MS;
/** Setting changes of one membership (a limit on everything: a rate of 300 per 30 days for ten years fits). */
export const SETTINGS_PER_MEMBERSHIP_MAX = 40_000;

/** What the settings of one store need across its memberships (settings persist across a withdrawal, R4). */
export interface SettingsPlanner {
  readonly store: Store;
  readonly scenario: Scenario;
  readonly rng: Rng;
  readonly script: StoreScript;
  /** Product indices the plan believes are main products now. */
  readonly mainProducts: Set<number>;
  readonly setsCategoryRates: boolean;
  /** Instants of rate and main-product changes, for the buyer side's R10 edge sessions. */
  readonly edges: { atMs: number; productIndex: number }[];
  /** Rates on and just outside `rateBounds` (adversarial), undefined when the scenario draws none. */
  readonly boundRates: BoundRates | undefined;
  /** Changes that same-day orders of the affected product precede (adversarial), or undefined. */
  readonly sameDay: SameDayTargets | undefined;
}

/**
 * Settings during one membership `[fromMs, untilMs)` (R4, R10): main products (and category rates)
 * right after the first join, then default-rate, main-product and category-rate changes as a
 * Poisson process with the scenario's rates per 30 days.
 */
export function planSettings(p: SettingsPlanner, fromMs: number, untilMs: number, first: boolean): void {
  const { sellers } = p.scenario;
  let t = fromMs;
  if (first) {
    const initialMain = Math.min(
      p.store.products.length,
      p.rng.int(sellers.mainProducts.initial.min, sellers.mainProducts.initial.max),
    );
    for (let i = 0; i < initialMain; i += 1) {
      t += p.rng.int(1, 30) * MINUTE_MS;
      setMainProduct(p, t);
    }
    if (p.setsCategoryRates) {
      const initialCategory = p.rng.int(sellers.categoryRates.initial.min, sellers.categoryRates.initial.max);
      for (let i = 0; i < initialCategory; i += 1) {
        t += p.rng.int(1, 30) * MINUTE_MS;
        setCategoryRate(p, t);
      }
    }
  }
  const rateWeight = sellers.rateChangesPer30Days;
  const mainWeight = sellers.mainProducts.changesPer30Days;
  const total = rateWeight + mainWeight + (p.setsCategoryRates ? sellers.categoryRates.changesPer30Days : 0);
  if (total <= 0) return;
  for (let n = 0; n < SETTINGS_PER_MEMBERSHIP_MAX; n += 1) {
    t += Math.max(1, Math.floor(p.rng.exponential(MONTH_MS / total)));
    if (t >= untilMs) return;
    const u = p.rng.float() * total;
    if (u < rateWeight) setDefaultRate(p, t);
    else if (u < rateWeight + mainWeight) changeMainProducts(p, t);
    else setCategoryRate(p, t);
  }
}

function rate(p: SettingsPlanner, range: { min: number; max: number }): number {
  const drawnBps = p.rng.chance(p.scenario.sellers.invalidSettingProbability)
    ? invalidRateBps(p.scenario.policy, p.rng)
    : validRateBps(range, p.scenario.policy, p.rng);
  return p.boundRates?.setting(drawnBps) ?? drawnBps;
}

function setDefaultRate(p: SettingsPlanner, atMs: number): void {
  p.script.add('store.defaultRateSet', atMs, { rateBps: rate(p, p.scenario.sellers.defaultRateBps) });
  p.edges.push({ atMs, productIndex: -1 });
  p.sameDay?.defaultRate(atMs, p.mainProducts);
}

function setMainProduct(p: SettingsPlanner, atMs: number): void {
  const productIndex = p.rng.int(0, p.store.products.length - 1);
  const product = p.store.products[productIndex];
  if (product === undefined) return;
  const rateBps = rate(p, p.scenario.sellers.mainProducts.rateBps);
  p.script.add('store.mainProductSet', atMs, { productId: product.productId, rateBps });
  // With bound rates the plan keeps to what R4 accepts (a refused set makes no main product).
  if (p.boundRates === undefined || p.boundRates.inBounds(rateBps)) p.mainProducts.add(productIndex);
  p.edges.push({ atMs, productIndex });
  p.sameDay?.mainProduct(atMs, productIndex);
}

/** Main-product churn: remove a current main product or set one (seed 001, "my main recommended products"). */
function changeMainProducts(p: SettingsPlanner, atMs: number): void {
  const removeInvalid = p.rng.chance(p.scenario.sellers.invalidSettingProbability);
  if (p.mainProducts.size === 0 || (!removeInvalid && p.rng.chance(0.5))) {
    setMainProduct(p, atMs);
    return;
  }
  // R4 refuses removing a product that is not main; the plan does that on purpose now and then.
  const candidates = removeInvalid
    ? p.store.products.map((_, i) => i).filter((i) => !p.mainProducts.has(i))
    : [...p.mainProducts];
  if (candidates.length === 0) return;
  const productIndex = p.rng.pick(candidates);
  p.script.add('store.mainProductRemoved', atMs, {
    productId: (p.store.products[productIndex] as { productId: string }).productId,
  });
  p.mainProducts.delete(productIndex);
  p.edges.push({ atMs, productIndex });
  p.sameDay?.mainProduct(atMs, productIndex);
}

function setCategoryRate(p: SettingsPlanner, atMs: number): void {
  const categoryId = p.rng.pick(p.store.categoryIds);
  p.script.add('store.categoryRateSet', atMs, {
    categoryId,
    rateBps: rate(p, p.scenario.sellers.categoryRates.rateBps),
  });
  p.sameDay?.categoryRate(atMs, categoryId, p.mainProducts);
}
