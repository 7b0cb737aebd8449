import type { OrderRecord } from '../engine/order-record.js';
import { isMemberAt } from '../engine/store-record.js';
import { type Mutant, ruleMutant } from './mutant.js';
import { memberAt, oneMsAhead, outSinceJoin, rememberingStores } from './store-views.js';

/** Mutants of membership (R1 join, R2 withdraw, R3 refusals, R9 members' orders, R15 earned orders), wrapping applySellerEvent, lockOrder and endOrder. */

export const MEMBERSHIP_MUTANTS: readonly Mutant[] = [
  ruleMutant(
    {
      name: 'withdraw-one-ms-early',
      rule: 'R2',
      summary:
        'a withdrawal is accepted 1 ms before minMembershipDays have passed (an off-by-one at the boundary)',
    },
    (real) => ({
      applySellerEvent: (store, event, policy) =>
        event.type === 'store.withdrew'
          ? real.applySellerEvent(oneMsAhead(store), { ...event, at: event.at + 1 }, policy)
          : real.applySellerEvent(store, event, policy),
    }),
  ),
  ruleMutant(
    {
      name: 'cooldown-from-join',
      rule: 'R1',
      summary: 'the rejoin cooldown is counted from the last join instead of from the withdrawal',
    },
    (real) => ({
      applySellerEvent: (store, event, policy) =>
        real.applySellerEvent(event.type === 'store.joined' ? outSinceJoin(store) : store, event, policy),
    }),
  ),
  ruleMutant(
    {
      name: 'cooldown-uses-min-membership',
      rule: 'R1',
      summary: 'the rejoin cooldown is computed with minMembershipDays instead of rejoinCooldownDays',
    },
    (real, policy) => {
      const swapped = { ...policy, rejoinCooldownDays: policy.minMembershipDays };
      return {
        applySellerEvent: (store, event, p) =>
          real.applySellerEvent(store, event, event.type === 'store.joined' ? swapped : p),
      };
    },
  ),
  ruleMutant(
    {
      name: 'refused-withdrawal-applied',
      rule: 'R3',
      summary: 'a withdrawal refused as too early (R2) still takes the store out of the programme',
    },
    (real) => ({
      applySellerEvent(store, event, policy) {
        const member = event.type === 'store.withdrew' && isMemberAt(store, event.at);
        const outcome = real.applySellerEvent(store, event, policy);
        if (member && outcome.kind === 'rejected') {
          store.membership.set(event.at, { member: false, sinceMs: event.at });
        }
        return outcome;
      },
    }),
  ),
  ruleMutant(
    {
      name: 'withdrawn-store-orders-charged',
      rule: 'R9',
      summary:
        "store membership at the order's creation is ignored: orders after a withdrawal are still attributed",
    },
    (real) => ({
      lockOrder: (store, chain, query, policy) =>
        real.lockOrder(memberAt(store, query.at), chain, query, policy),
    }),
  ),
  ruleMutant(
    {
      name: 'completion-after-withdrawal-unpaid',
      rule: 'R15',
      summary:
        'an affiliate order completed after its store withdrew earns nothing (membership checked at completion)',
    },
    (real) => {
      // The stores orders were locked in (to read membership at completion), and the orders voided so.
      const { stores, lockOrder } = rememberingStores(real);
      const unpaid = new WeakSet<OrderRecord>();
      return {
        lockOrder,
        endOrder(order, event) {
          const outcome = real.endOrder(order, event);
          const store = stores.get(order.storeId);
          if (
            outcome.kind === 'accepted' &&
            event.type === 'order.completed' &&
            store &&
            !isMemberAt(store, event.at)
          )
            unpaid.add(order);
          return outcome;
        },
        orderDecision(order, policy) {
          const decision = real.orderDecision(order, policy);
          if (!unpaid.has(order)) return decision;
          return {
            ...decision,
            commissionCents: 0,
            lines: decision.lines.map((l) => ({ ...l, commissionCents: 0 })),
          };
        },
      };
    },
  ),
];
