import { fileURLToPath } from 'node:url';

/** What the target e2e tests of `affsim check` and `affsim explain` replay on the platform doubles. */

/** affsim's batch API with a reset (`POST /__reset` of the doubles, test/_platform-double.ts). */
export const RESETTABLE = fileURLToPath(new URL('../run/fixtures/resettable-target.ts', import.meta.url));

/**
 * Store s1 joins at 500 bps and sets p1 as a main product at 2000 bps; a1's click, then b1's order of
 * p1 (10 000 cents), completed. The model (R10): tier main, 2000 bps, 10 000 × 2000 / 10 000 = 2000
 * cents, payable. A platform that forgets main-product rates pays the default: 500 bps, 500 cents.
 */
export const HISTORY = [
  {
    id: 's1-reg',
    type: 'store.registered',
    at: '2026-01-01T00:00:00Z',
    storeId: 's1',
    products: [{ productId: 'p1', categoryId: 'c1' }],
  },
  { id: 's1-join', type: 'store.joined', at: '2026-01-01T00:00:00Z', storeId: 's1', defaultRateBps: 500 },
  {
    id: 's1-main',
    type: 'store.mainProductSet',
    at: '2026-01-02T00:00:00Z',
    storeId: 's1',
    productId: 'p1',
    rateBps: 2000,
  },
  {
    id: 'a1-reg',
    type: 'affiliate.registered',
    at: '2026-01-02T00:00:00Z',
    affiliateId: 'a1',
    channel: 'sns',
  },
  {
    id: 'c1',
    type: 'click',
    at: '2026-01-03T00:00:00Z',
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    productId: 'p1',
    channel: 'sns',
  },
  {
    id: 'o1-new',
    type: 'order.created',
    at: '2026-01-05T00:00:00Z',
    orderId: 'o1',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 10_000 }],
  },
  { id: 'o1-done', type: 'order.completed', at: '2026-01-20T00:00:00Z', orderId: 'o1' },
];
