import type { Decision } from '../../sim/domain/decision.js';
import type { Policy } from '../../sim/domain/policy.js';
import { lineCommissionCents } from '../engine/line-commission.js';
import type { StoreRecord } from '../engine/store-record.js';
import { type Mutant, ruleMutant } from './mutant.js';
import { alwaysMember, openChain, rememberingStores } from './store-views.js';

/** Mutants of rates and amounts (R4 settings, R10 precedence, R11 lock, R13 rounding), wrapping lockOrder, applySellerEvent, endOrder and orderDecision. */

const NO_MAIN_PRODUCTS: StoreRecord['mainRateBps'] = new Map();

/** R13 per order: the commission of the order's whole net at its lines' rates, rounded once. */
function roundedPerOrder(decision: Decision, rounding: Policy['rounding']): Decision {
  if (!decision.attributed || decision.status === 'void') return decision;
  let exact = 0;
  for (const l of decision.lines)
    if (l.rate !== null) exact += (l.amountCents - l.refundedCents) * l.rate.rateBps;
  // lineCommissionCents(n, 1) is round(n / 10 000): the real rounding, applied to the order's sum.
  return { ...decision, commissionCents: lineCommissionCents(exact, 1, rounding) };
}

export const RATE_MUTANTS: readonly Mutant[] = [
  ruleMutant(
    {
      name: 'category-over-main',
      rule: 'R10',
      summary: "a category rate wins over the product's main-product rate (precedence swapped)",
    },
    (real) => ({
      lockOrder(store, chain, query, policy) {
        const locked = real.lockOrder(store, chain, query, policy);
        if (!locked.attribution.attributed || policy.categoryRates !== 'enabled') return locked;
        const noMain = real.lockOrder({ ...store, mainRateBps: NO_MAIN_PRODUCTS }, chain, query, policy);
        const lines = locked.lines.map((line, i) => {
          const other = noMain.lines[i];
          return line.rate?.tier === 'main' && other?.rate?.tier === 'category' ? other : line;
        });
        return { ...locked, lines };
      },
    }),
  ),
  ruleMutant(
    {
      name: 'category-rates-when-retired',
      rule: 'R10',
      summary: 'category rates are applied although the programme retired them (categoryRates=retired)',
    },
    (real, policy) => {
      const enabled = { ...policy, categoryRates: 'enabled' as const };
      return { lockOrder: (store, chain, query) => real.lockOrder(store, chain, query, enabled) };
    },
  ),
  ruleMutant(
    {
      name: 'rate-at-completion',
      rule: 'R11',
      summary: 'line rates are resolved when the order completes, not locked at its creation',
    },
    (real, policy) => {
      const { stores, lockOrder } = rememberingStores(real);
      return {
        lockOrder,
        endOrder(order, event) {
          const outcome = real.endOrder(order, event);
          const store = stores.get(order.storeId);
          const a = order.attribution;
          if (outcome.kind !== 'accepted' || event.type !== 'order.completed' || !a.attributed || !store)
            return outcome;
          const query = { at: event.at, lines: order.lines, buyerId: order.buyerId };
          const now = real.lockOrder(alwaysMember(store), openChain(a.affiliateId, event.at), query, policy);
          order.lines.forEach((line, i) => {
            order.lines[i] = { ...line, rate: now.lines[i]?.rate ?? line.rate };
          });
          return outcome;
        },
      };
    },
  ),
  ruleMutant(
    {
      name: 'rate-max-exclusive',
      rule: 'R4',
      summary:
        'rateBounds are checked as exclusive: a rate exactly at the upper bound is refused (settings R4, joins R1)',
    },
    (real, policy) => {
      const { minBps, maxBps } = policy.rateBounds;
      const exclusive = { ...policy, rateBounds: { minBps, maxBps: maxBps - 1 } };
      return { applySellerEvent: (store, event) => real.applySellerEvent(store, event, exclusive) };
    },
  ),
  ruleMutant(
    {
      name: 'main-removal-erases-history',
      rule: 'R4',
      summary:
        'removing a main product erases its rate history: an order created before the removal, arriving after it, loses the main rate (R10)',
    },
    (real) => ({
      applySellerEvent(store, event, policy) {
        const outcome = real.applySellerEvent(store, event, policy);
        if (event.type === 'store.mainProductRemoved' && outcome.kind === 'accepted') {
          store.mainRateBps.delete(event.productId);
        }
        return outcome;
      },
    }),
  ),
  ruleMutant(
    {
      name: 'floor-rounding',
      rule: 'R13',
      summary:
        "line commissions are always rounded down, whatever the policy's rounding (half-up, half-even)",
    },
    (real, policy) => {
      const floor = { ...policy, rounding: 'floor' as const };
      return { orderDecision: (order) => real.orderDecision(order, floor) };
    },
  ),
  ruleMutant(
    {
      name: 'rounding-per-order',
      rule: 'R13',
      summary: "the order's commission is rounded once on its total instead of summing the rounded lines",
    },
    (real) => ({
      orderDecision: (order, policy) => roundedPerOrder(real.orderDecision(order, policy), policy.rounding),
    }),
  ),
];
