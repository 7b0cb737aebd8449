import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { CHANNELS } from '../../sim/domain/channels.js';
import { DAY_MS } from '../../sim/domain/instant.js';

/**
 * A plausible, seeded history of any size for benchmarks: stores join (some withdraw and rejoin),
 * set main products and rates; buyers click (and re-click) promotion links and order multi-line
 * baskets that complete, cancel or get refunded. Yields JSON lines in recording order, with buyer
 * sessions interleaved so the evaluator's time sort does real work.
 */
export interface SyntheticOptions {
  readonly seed: number;
  readonly events: number;
  readonly stores?: number;
  readonly productsPerStore?: number;
  readonly affiliates?: number;
}

const START_MS = Date.UTC(2026, 0, 1);
const HORIZON_DAYS = 120;

export function* syntheticHistory(o: SyntheticOptions): Generator<string> {
  const rng = xoroshiro128plus(o.seed);
  const int = (from: number, to: number) => uniformInt(rng, from, to);
  const stores = o.stores ?? 500;
  const products = o.productsPerStore ?? 40;
  const affiliates = o.affiliates ?? 2000;
  let n = 0;
  const emit = (event: Record<string, unknown>) => {
    n += 1;
    return JSON.stringify({ id: `e${n}`, ...event, at: new Date(event.at as number).toISOString() });
  };
  for (let a = 0; a < affiliates; a += 1) {
    yield emit({
      type: 'affiliate.registered',
      at: START_MS,
      affiliateId: `a${a}`,
      channel: CHANNELS[a % CHANNELS.length],
    });
  }
  for (let s = 0; s < stores; s += 1) {
    const storeId = `s${s}`;
    yield emit({
      type: 'store.registered',
      at: START_MS,
      storeId,
      products: Array.from({ length: products }, (_, p) => ({ productId: `p${p}`, categoryId: `c${p % 8}` })),
    });
    const joinedAt = START_MS + int(0, 5) * DAY_MS;
    yield emit({ type: 'store.joined', at: joinedAt, storeId, defaultRateBps: int(100, 1500) });
    for (let m = 0; m < 3; m += 1) {
      yield emit({
        type: 'store.mainProductSet',
        at: joinedAt + DAY_MS,
        storeId,
        productId: `p${int(0, products - 1)}`,
        rateBps: int(1000, 5000),
      });
    }
    if (int(0, 3) === 0) {
      const withdrawnAt = joinedAt + int(15, 60) * DAY_MS;
      yield emit({ type: 'store.withdrew', at: withdrawnAt, storeId });
      yield emit({
        type: 'store.joined',
        at: withdrawnAt + int(15, 30) * DAY_MS,
        storeId,
        defaultRateBps: int(100, 1500),
      });
    }
  }
  // Buyer sessions: a click or a few, maybe an order with its lifecycle, until the budget is spent.
  let buyer = 0;
  while (n < o.events) {
    buyer += 1;
    const buyerId = `b${buyer}`;
    const storeId = `s${int(0, stores - 1)}`;
    let t = START_MS + int(0, HORIZON_DAYS * 24) * 3_600_000 + int(0, 3_599_999);
    const clicks = int(1, 3);
    for (let c = 0; c < clicks; c += 1) {
      yield emit({
        type: 'click',
        at: t,
        buyerId,
        affiliateId: `a${int(0, affiliates - 1)}`,
        storeId,
        productId: `p${int(0, products - 1)}`,
        channel: CHANNELS[int(0, CHANNELS.length - 1)],
      });
      t += int(1, 10 * 24) * 3_600_000;
    }
    if (int(0, 9) < 4) continue;
    const orderId = `o${buyer}`;
    const lineCount = int(1, 3);
    const first = int(0, products - lineCount);
    const lines = Array.from({ length: lineCount }, (_, i) => ({
      productId: `p${first + i}`,
      amountCents: int(199, 49_999),
    }));
    yield emit({ type: 'order.created', at: t, orderId, buyerId, storeId, lines });
    const fate = int(0, 19);
    if (fate === 0) {
      yield emit({ type: 'order.cancelled', at: t + DAY_MS, orderId });
      continue;
    }
    if (fate <= 3) {
      const line = lines[0] as { productId: string; amountCents: number };
      yield emit({
        type: 'order.refunded',
        at: t + 2 * DAY_MS,
        orderId,
        productId: line.productId,
        amountCents: int(1, line.amountCents),
      });
    }
    yield emit({ type: 'order.completed', at: t + int(7, 30) * DAY_MS, orderId });
  }
}
