import fc from 'fast-check';
import { CHANNELS, type Channel } from '../../sim/domain/channels.js';
import type { RatePick } from './step-arb.js';
import { ratePickArb } from './step-arb.js';

/** The cast of a history: stores with catalogues, affiliates, buyers. Ids carry `prefix` so worlds can be disjoint. */
export interface World {
  /** Prefix of every generated id (events, orders, unknown names), so two worlds never collide. */
  readonly prefix: string;
  readonly stores: readonly WorldStore[];
  readonly affiliates: readonly WorldAffiliate[];
  readonly buyers: readonly string[];
}

export interface WorldStore {
  readonly storeId: string;
  readonly products: readonly { readonly productId: string; readonly categoryId: string }[];
  /** The store joins at the start of the history with this rate; `null`: it joins later, if ever. */
  readonly joinRate: RatePick | null;
  /** Registered by a later `register` step instead of at the start: events naming it before are R16. */
  readonly late: boolean;
}

export interface WorldAffiliate {
  readonly affiliateId: string;
  readonly channel: Channel;
  readonly late: boolean;
}

const lateArb = fc.oneof(
  { weight: 15, arbitrary: fc.constant(false) },
  { weight: 1, arbitrary: fc.constant(true) },
);

/**
 * 1–3 stores of 1–4 products in up to 3 categories (product ids repeat across stores, so a product
 * of another store is a name the store does not know), 1–3 affiliates and 1–3 buyers.
 */
export function worldArb(prefix = ''): fc.Arbitrary<World> {
  const storeArb = fc.record({
    categories: fc.array(fc.nat(2), { minLength: 1, maxLength: 4 }),
    joinRate: fc.option(ratePickArb, { freq: 8, nil: null }),
    late: lateArb,
  });
  return fc
    .record({
      stores: fc.array(storeArb, { minLength: 1, maxLength: 3 }),
      affiliates: fc.array(fc.record({ channel: fc.nat(CHANNELS.length - 1), late: lateArb }), {
        minLength: 1,
        maxLength: 3,
      }),
      buyerCount: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ stores, affiliates, buyerCount }) => ({
      prefix,
      stores: stores.map((s, i) => ({
        storeId: `${prefix}s${i + 1}`,
        products: s.categories.map((c, j) => ({ productId: `p${j + 1}`, categoryId: `c${c + 1}` })),
        joinRate: s.joinRate,
        late: s.late,
      })),
      affiliates: affiliates.map((a, i) => ({
        affiliateId: `${prefix}a${i + 1}`,
        channel: CHANNELS[a.channel] as Channel,
        late: a.late,
      })),
      buyers: Array.from({ length: buyerCount }, (_, i) => `${prefix}b${i + 1}`),
    }));
}

/** The same stores and affiliates with other buyers: traffic of unrelated buyers in the same stores. */
export function withOtherBuyers(world: World, prefix: string): World {
  return { ...world, prefix, buyers: world.buyers.map((_, i) => `${prefix}b${i + 1}`) };
}
