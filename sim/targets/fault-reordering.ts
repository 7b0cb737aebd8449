import type { AffEvent } from '../domain/events.js';
import { type EventAnswer, sendEvents, type TargetDefinition } from '../run/define-target.js';
import type { FaultInjector } from './fault-injector.js';

/** The buyer and store a buyer event is about; `null` for an order named for two (never swapped). */
type Scope = { readonly buyerId: string; readonly storeId: string } | null;

/**
 * `--faults reorder=P`: the target gets some events in another order than the run sends them,
 * only where the engine's ordering guarantee (server/README.md) says arrival order does not
 * matter, so the answers and decisions must not change. Chosen: two adjacent buyer events of
 * different buyers, in different stores, with different ids, are swapped with probability P (each
 * event in one swap at most). Conditions 1 and 3 of the guarantee are about seller events, which
 * never move; condition 2 (per buyer and per order, time order) holds since a buyer's events keep
 * their order; and R17's identity in arrival order holds since no two events of one id trade
 * places. An order's later events name only the order: the store and buyer of its creation.
 * The answers go back in the run's order.
 */
export function reorderingTarget(target: TargetDefinition, faults: FaultInjector): TargetDefinition {
  const orders = new Map<string, Scope>();
  const inner: TargetDefinition = { ...target, unsupported: [] };
  const scopeOf = (e: AffEvent): Scope | undefined =>
    e.type === 'click' || e.type === 'order.created'
      ? { buyerId: e.buyerId, storeId: e.storeId }
      : 'orderId' in e
        ? orders.get(e.orderId)
        : undefined;
  return {
    ...target,
    // Given only the events the target takes: sendEvents leaves the `unsupported` ones out first.
    async sendBatch(events, ctx) {
      for (const e of events) {
        if (e.type !== 'order.created') continue;
        const known = orders.get(e.orderId);
        const scope = { buyerId: e.buyerId, storeId: e.storeId };
        orders.set(e.orderId, known === undefined || sameScope(known, scope) ? scope : null);
      }
      const order = events.map((_, i) => i);
      for (let i = 0; i + 1 < order.length; i += 1) {
        const a = events[order[i] as number] as AffEvent;
        const b = events[order[i + 1] as number] as AffEvent;
        if (!independent(a, scopeOf(a), b, scopeOf(b)) || !faults.swap()) continue;
        [order[i], order[i + 1]] = [order[i + 1] as number, order[i] as number];
        i += 1;
      }
      const answers = await sendEvents(
        inner,
        order.map((i) => events[i] as AffEvent),
        ctx,
      );
      const out: EventAnswer[] = new Array(events.length);
      order.forEach((i, k) => {
        out[i] = answers[k] as EventAnswer;
      });
      return out;
    },
  };
}

function independent(a: AffEvent, sa: Scope | undefined, b: AffEvent, sb: Scope | undefined): boolean {
  if (!sa || !sb) return false;
  return sa.buyerId !== sb.buyerId && sa.storeId !== sb.storeId && a.id !== b.id;
}

const sameScope = (a: Scope, b: Scope) =>
  a !== null && b !== null && a.buyerId === b.buyerId && a.storeId === b.storeId;
