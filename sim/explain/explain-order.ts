import type { Decision, DecisionLine } from '../domain/decision.js';
import type { AffEvent } from '../domain/events.js';
import { formatInstant as iso } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import type { ClickRef, Effect } from '../model/state.js';
import type { OrderTrace, TraceEntry } from './order-trace.js';

/**
 * `affsim explain`: the rules that decided one order, in plain words with rule ids, in the order
 * a person disputing the decision would check them: membership, clicks and window, attribution,
 * rates, lifecycle and refunds, commission.
 */
export function explainOrder(trace: OrderTrace, policy: Policy, lineOf: (index: number) => number): string[] {
  const ref = (e: TraceEntry) => `${e.recorded.event.id} (line ${lineOf(e.recorded.index)})`;
  const createdAt = trace.entries.findIndex(
    (e) =>
      e.recorded.event.type === 'order.created' && e.outcome !== 'repeat' && e.outcome.kind === 'accepted',
  );
  const created = trace.entries[createdAt];
  if (created === undefined || created.recorded.event.type !== 'order.created') {
    return neverCreated(trace, ref);
  }
  const order = created.recorded.event;
  const effect = (created.outcome as { effect: Effect }).effect;
  if (effect.type !== 'order-created') throw new Error('order.created without an order-created effect');
  const decision = trace.evaluation.model.decision(order.orderId) as Decision;
  const before = trace.entries.slice(0, createdAt);
  const after = trace.entries.slice(createdAt + 1);
  const storeEvents = (entries: readonly TraceEntry[]) =>
    entries.filter(
      (e) =>
        e.recorded.event.type.startsWith('store.') &&
        'storeId' in e.recorded.event &&
        e.recorded.event.storeId === order.storeId,
    );

  const out: string[] = [];
  out.push(
    `Order ${order.orderId}: buyer ${order.buyerId} in store ${order.storeId}, created ${iso(order.at)} by event ${ref(created)}`,
  );
  out.push(`Decision: ${headline(decision)}`);
  out.push(
    `Policy: ${spanWords(policy, policy.windowDays)} window, ${policy.credit}, postWithdrawalOrders=${policy.postWithdrawalOrders}, categoryRates=${policy.categoryRates}, rounding=${policy.rounding}`,
  );

  out.push('', `1. Membership of store ${order.storeId} (R1, R2; R9 needs it at creation)`);
  const membership = storeEvents(before).filter((e) =>
    ['store.registered', 'store.joined', 'store.withdrew'].includes(e.recorded.event.type),
  );
  for (const e of membership)
    out.push(
      `   ${iso(e.recorded.event.at)}  ${describeStoreEvent(e.recorded.event)} — ${outcomeWords(e)}  [${ref(e)}]`,
    );
  out.push(
    `   → at ${iso(order.at)} the store ${effect.memberAtCreation ? 'is a member' : 'is NOT a member'} of the programme`,
  );

  out.push(
    '',
    `2. Clicks by buyer ${order.buyerId} into store ${order.storeId} (R5 qualifying, R6 window, R7 scope, R8 credit)`,
  );
  const clicks = before.filter((e) => e.recorded.event.type === 'click');
  const own = clicks.filter((e) => (e.recorded.event as { storeId: string }).storeId === order.storeId);
  if (own.length === 0) out.push('   (none at or before creation)');
  for (const e of own)
    out.push(
      `   ${iso(e.recorded.event.at)}  ${describeClick(e.recorded.event)} — ${clickWords(e, policy)}  [${ref(e)}]`,
    );
  const elsewhere = clicks.length - own.length;
  if (elsewhere > 0)
    out.push(
      `   ${elsewhere} click(s) by ${order.buyerId} into other stores do not count here (R7: windows are per buyer and store)`,
    );
  const later = after.filter(
    (e) =>
      e.recorded.event.type === 'click' &&
      (e.recorded.event as { storeId: string }).storeId === order.storeId,
  );
  if (later.length > 0)
    out.push(
      `   ${later.length} later click(s) into ${order.storeId} come after creation and are not considered (R8: c* ≤ T)`,
    );
  out.push(...windowConclusion(effect.chain, order.at, policy));

  out.push('', '3. Attribution (R9)');
  out.push(`   ${attributionWords(decision, effect.memberAtCreation, policy)}`);

  out.push('', '4. Rates at creation, locked from then on (R10, R11)');
  if (!decision.attributed) out.push('   none: an order that is not attributed earns nothing (R9)');
  else
    for (const line of decision.lines)
      out.push(`   ${line.productId}: ${rateWords(line, storeEvents(before), policy)}`);
  const laterSettings = storeEvents(after).filter(
    (e) => e.outcome !== 'repeat' && e.outcome.kind === 'accepted',
  );
  if (decision.attributed && laterSettings.length > 0) {
    out.push(
      `   ${laterSettings.length} later store event(s) (rates, main products, withdrawal, rejoin) do not change these (R11, R15)`,
    );
  }

  out.push('', '5. Lifecycle and refunds (R12, R14, R16)');
  const lifecycle = after.filter((e) => e.recorded.event.type.startsWith('order.'));
  if (lifecycle.length === 0) out.push('   (no events after creation: the order is open)');
  for (const e of lifecycle)
    out.push(
      `   ${iso(e.recorded.event.at)}  ${describeOrderEvent(e.recorded.event)} — ${outcomeWords(e)}  [${ref(e)}]`,
    );

  out.push('', `6. Commission (R13, rounding ${policy.rounding}; status R12, R14)`);
  out.push(...commissionWords(decision));
  return out;
}

function neverCreated(trace: OrderTrace, ref: (e: TraceEntry) => string): string[] {
  const attempts = trace.entries.filter((e) => e.recorded.event.type === 'order.created');
  const out = [`Order ${trace.orderId} was never created: no order.created for it was accepted.`];
  for (const e of attempts)
    out.push(`   ${iso(e.recorded.event.at)}  order.created — ${outcomeWords(e)}  [${ref(e)}]`);
  const others = trace.entries.filter(
    (e) => e.recorded.event.type !== 'order.created' && e.recorded.event.type.startsWith('order.'),
  );
  for (const e of others)
    out.push(
      `   ${iso(e.recorded.event.at)}  ${describeOrderEvent(e.recorded.event)} — ${outcomeWords(e)}  [${ref(e)}]`,
    );
  return out;
}

function headline(d: Decision): string {
  if (!d.attributed) return `not attributed (reason ${d.reason}), commission 0 cents`;
  return `attributed to affiliate ${d.affiliateId} (click ${iso(d.clickAtMs)}, window ends ${iso(d.windowEndsAtMs)}), status ${d.status}, commission ${d.commissionCents} cents`;
}

function spanWords(policy: Policy, days: number): string {
  return policy.dayBoundary === 'exact'
    ? `${days}-day (exact: ${days} × 24 h)`
    : `${days}-day (calendar days in ${policy.timeZone}, ending at a local midnight)`;
}

function outcomeWords(e: TraceEntry): string {
  if (e.outcome === 'repeat')
    return 'a repeat of an event id already recorded, acknowledged and ignored (R17)';
  if (e.outcome.kind === 'rejected') return `REJECTED ${e.outcome.rule}: ${e.outcome.message}`;
  return 'accepted';
}

function clickWords(e: TraceEntry, policy: Policy): string {
  if (e.outcome === 'repeat' || e.outcome.kind === 'rejected') return outcomeWords(e);
  const effect = e.outcome.effect;
  if (effect.type === 'click-not-qualifying')
    return `does not qualify (R5: ${effect.message}); opens no window`;
  if (effect.type !== 'click-qualifying') return 'accepted';
  const chain =
    effect.chain === 'started'
      ? 'starts a new chain'
      : `restarts the open window (R6)${policy.credit === 'first-click' ? `; chain began with ${chainRef(effect.chainFirst)}` : ''}`;
  return `qualifies; ${chain}; window until ${iso(effect.windowEndsAtMs)}`;
}

function chainRef(c: ClickRef): string {
  return `${c.eventId} by ${c.affiliateId} at ${iso(c.atMs)}`;
}

function windowConclusion(
  chain: Extract<Effect, { type: 'order-created' }>['chain'],
  atMs: number,
  policy: Policy,
): string[] {
  if (chain === undefined) return ['   → no qualifying click at or before creation (R8)'];
  const inWindow = atMs < chain.windowEndsAtMs;
  const lines = [
    `   → latest qualifying click at or before creation: ${chainRef(chain.latest)}; its window [${iso(chain.latest.atMs)}, ${iso(chain.windowEndsAtMs)}) is half-open (R6)`,
    inWindow
      ? `   → created ${iso(atMs)}, before the window ends: in window (R8)`
      : `   → created ${iso(atMs)}, at or after the window end: window expired (R8)`,
  ];
  if (inWindow) {
    const credited = policy.credit === 'first-click' ? chain.first : chain.latest;
    lines.push(`   → ${policy.credit} credit goes to ${credited.affiliateId} (${chainRef(credited)}) (R8)`);
  }
  return lines;
}

function attributionWords(d: Decision, member: boolean, policy: Policy): string {
  if (d.attributed) {
    return member
      ? 'affiliate order: in window and the store is a member at creation'
      : 'affiliate order: the store is not a member at creation, but postWithdrawalOrders=honor-click-window saves it: the click was made while it was a member and the order is in its window';
  }
  switch (d.reason) {
    case 'store-not-member':
      return policy.postWithdrawalOrders === 'uncharged'
        ? 'not attributed, reason store-not-member: orders created while the store is out of the programme earn nothing (postWithdrawalOrders=uncharged)'
        : 'not attributed, reason store-not-member: the store is not a member at creation and no member-time click has this order in its window (honor-click-window)';
    case 'no-click':
      return 'not attributed, reason no-click: no qualifying click into this store at or before creation';
    case 'window-expired':
      return "not attributed, reason window-expired: the latest qualifying click's window ended before the order was created";
  }
}

function rateWords(line: DecisionLine, storeEvents: readonly TraceEntry[], policy: Policy): string {
  const rate = line.rate;
  if (rate === null) return 'no rate';
  const accepted = storeEvents
    .filter((e) => e.outcome !== 'repeat' && e.outcome.kind === 'accepted')
    .map((e) => e.recorded.event);
  const lastOf = (pick: (e: AffEvent) => boolean) => accepted.filter(pick).at(-1);
  const since = (e: AffEvent | undefined) => (e ? ` (set by ${e.id} at ${iso(e.at)})` : '');
  switch (rate.tier) {
    case 'main':
      return `${rate.rateBps} bps, tier main: a main product at creation${since(lastOf((e) => e.type === 'store.mainProductSet' && e.productId === line.productId))}`;
    case 'category': {
      const registered = accepted.find((e) => e.type === 'store.registered');
      const categoryId =
        registered?.type === 'store.registered'
          ? registered.products.find((p) => p.productId === line.productId)?.categoryId
          : undefined;
      return `${rate.rateBps} bps, tier category: not a main product; rate of category ${categoryId}${since(lastOf((e) => e.type === 'store.categoryRateSet' && e.categoryId === categoryId))}`;
    }
    case 'default':
      return `${rate.rateBps} bps, tier default: not a main product${policy.categoryRates === 'retired' ? '; category rates are retired' : '; no rate for its category'}; store default rate${since(lastOf((e) => e.type === 'store.joined' || e.type === 'store.defaultRateSet'))}`;
  }
}

function commissionWords(d: Decision): string[] {
  if (!d.attributed) return ['   0 cents: not an affiliate order (R9); refunds are still tracked (R14)'];
  const lines = d.lines.map((l) => {
    const net = l.amountCents - l.refundedCents;
    return d.status === 'void'
      ? `   ${l.productId}: 0 (the order was cancelled, R12)`
      : `   ${l.productId}: (${l.amountCents} − ${l.refundedCents} refunded) × ${l.rate?.rateBps} / 10000 = ${exactQuotient(BigInt(net) * BigInt(l.rate?.rateBps ?? 0))} → ${l.commissionCents} cents`;
  });
  const status: Record<typeof d.status, string> = {
    pending: 'pending: not completed yet, so this is the estimated commission (R12)',
    payable: 'payable: completed; charged on the net amounts (R12, R13, R15)',
    reversed: 'reversed: completed, then every line fully refunded (R14)',
    void: 'void: cancelled, earns nothing (R12)',
  };
  return [...lines, `   total ${d.commissionCents} cents; status ${status[d.status]}`];
}

/** The exact decimal value of n / 10 000, so the rounding step is visible without a float. */
function exactQuotient(n: bigint): string {
  const whole = n / 10_000n;
  const fraction = (n % 10_000n).toString().padStart(4, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

function describeStoreEvent(e: AffEvent): string {
  switch (e.type) {
    case 'store.joined':
      return `joined with default rate ${e.defaultRateBps} bps`;
    case 'store.withdrew':
      return 'withdrew';
    case 'store.registered':
      return `registered with ${e.products.length} product(s)`;
    default:
      return e.type;
  }
}

function describeClick(e: AffEvent): string {
  if (e.type !== 'click') return e.type;
  return `click via ${e.affiliateId} on ${e.channel}${e.productId ? ` (product ${e.productId})` : ''}`;
}

function describeOrderEvent(e: AffEvent): string {
  switch (e.type) {
    case 'order.refunded':
      return `refund of ${e.amountCents} cents on ${e.productId}`;
    case 'order.completed':
      return 'completed';
    case 'order.cancelled':
      return 'cancelled';
    default:
      return e.type;
  }
}
