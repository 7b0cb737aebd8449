import { CHANNELS } from '../../sim/domain/channels.js';
import { formatInstant } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, type Policy, withOverrides } from '../../sim/domain/policy.js';
import { Clock } from './_clock.js';
import { invalidEventBody } from './_invalid-event.js';
import { pick } from './_pick.js';
import type { HistoryPlan } from './history-plan.js';
import type { RawEvent, RawEventBody } from './raw-event.js';
import { respell } from './respell.js';
import type { RatePick, Step } from './step-arb.js';
import type { World, WorldStore } from './world-arb.js';

/** Round and awkward rates (x.5 cent results, thirds); those inside `rateBounds` are used. */
const NICE_RATES_BPS = [
  1, 5, 50, 125, 250, 333, 500, 999, 1000, 1234, 1500, 2000, 2500, 3333, 5000, 9000, 10_000,
];

/** What the builder believes of a store; a guess for aiming, never an oracle. */
interface StoreTrack {
  registered: boolean;
  member: boolean;
  joinedAtMs?: number;
  withdrawnAtMs?: number;
  /** joinedAt + minMembershipDays while a member; withdrawnAt + rejoinCooldownDays after. */
  withdrawAllowedAtMs?: number;
  rejoinAllowedAtMs?: number;
  readonly main: Set<string>;
}

interface OrderTrack {
  readonly orderId: string;
  readonly store: WorldStore;
  readonly buyerId: string;
  readonly createdAtMs: number;
  readonly exists: boolean;
  lifecycle: 'open' | 'completed' | 'cancelled';
  readonly lines: { readonly productId: string; readonly amountCents: number; refundedCents: number }[];
}

export class HistoryBuilder {
  readonly events: RawEvent[] = [];
  readonly #policy: Policy;
  readonly #world: World;
  readonly #clock: Clock;
  #eventCount = 0;
  #orderCount = 0;
  readonly #stores = new Map<string, StoreTrack>();
  readonly #affiliates = new Set<string>();
  /** `storeId buyerId` → end of the window of the pair's latest (probably) qualifying click. */
  readonly #windowEndsMs = new Map<string, number>();
  readonly #orders: OrderTrack[] = [];
  #lastClick: [WorldStore, string] | undefined;

  constructor(plan: HistoryPlan) {
    this.#policy = withOverrides(DEFAULT_POLICY, plan.policy);
    this.#world = plan.world;
    this.#clock = new Clock(this.#policy, plan.start);
    for (const store of plan.world.stores)
      this.#stores.set(store.storeId, { registered: false, member: false, main: new Set() });
    if (plan.worldEvents === 'emit') this.#registerWorld();
    else this.#assumeWorld();
  }

  apply(step: Step): void {
    switch (step.kind) {
      case 'click':
        this.#click(step);
        break;
      case 'order':
        this.#order(step);
        break;
      case 'complete':
      case 'cancel':
        this.#endOrder(step);
        break;
      case 'refund':
        this.#refund(step);
        break;
      case 'join':
        this.#join(
          step,
          this.#pickStoreWhere(step.store, (t) => t.withdrawnAtMs !== undefined && !t.member),
          this.#rate(step.rate),
        );
        break;
      case 'withdraw':
        this.#withdraw(step);
        break;
      case 'defaultRate':
      case 'mainSet':
      case 'mainRemove':
      case 'categoryRate':
        this.#setting(step);
        break;
      case 'register':
        this.#register(step);
        break;
      case 'invalid':
        this.#invalid(step);
        break;
      case 'repeat':
        if (this.events.length > 0)
          this.events.push(respell(this.events[step.event % this.events.length] as RawEvent, step.spelling));
        break;
    }
  }

  // --- world ---

  #registerWorld(): void {
    const noReuse = { timing: { kind: 'same' }, reuseId: null } as const;
    for (const store of this.#world.stores) if (!store.late) this.#emitRegistration(noReuse, store);
    for (const { affiliateId, channel, late } of this.#world.affiliates) {
      if (late) continue;
      this.#emit(noReuse, { type: 'affiliate.registered', affiliateId, channel });
      this.#affiliates.add(affiliateId);
    }
    for (const store of this.#world.stores)
      if (!store.late && store.joinRate !== null) this.#join(noReuse, store, this.#rate(store.joinRate));
  }

  #assumeWorld(): void {
    for (const store of this.#world.stores) {
      const track = this.#track(store);
      track.registered = true;
      if (store.joinRate !== null) Object.assign(track, this.#joined(this.#clock.nowMs));
    }
    for (const affiliate of this.#world.affiliates) this.#affiliates.add(affiliate.affiliateId);
  }

  #emitRegistration(step: Pick<Step, 'timing' | 'reuseId'>, store: WorldStore): void {
    this.#emit(step, {
      type: 'store.registered',
      storeId: store.storeId,
      products: store.products.map((p) => ({ ...p })),
    });
    this.#track(store).registered = true;
  }

  #register(step: Extract<Step, { kind: 'register' }>): void {
    const stores = this.#world.stores;
    const affiliates = this.#world.affiliates;
    const late = [
      ...stores.filter((s) => !this.#track(s).registered),
      ...affiliates.filter((a) => !this.#affiliates.has(a.affiliateId)),
    ];
    // Mostly the next entity still unregistered; otherwise any, which may register it twice (R16).
    const next = step.entity % 2 === 0 ? late[0] : undefined;
    const index =
      next === undefined
        ? step.entity % (stores.length + affiliates.length)
        : [...stores, ...affiliates].indexOf(next);
    this.#clock.at(step.timing, this.#globalAnchors());
    const store = stores[index];
    if (store !== undefined) {
      this.#emitRegistration(step, store);
      return;
    }
    const affiliate = affiliates[index - stores.length];
    if (affiliate === undefined) return;
    this.#emit(step, {
      type: 'affiliate.registered',
      affiliateId: affiliate.affiliateId,
      channel: affiliate.channel,
    });
    this.#affiliates.add(affiliate.affiliateId);
  }

  // --- buyers ---

  #click(step: Extract<Step, { kind: 'click' }>): void {
    const [store, buyerId] = step.again && this.#lastClick ? this.#lastClick : this.#pickPair(step);
    this.#lastClick = [store, buyerId];
    const affiliateId = pick(this.#world.affiliates, step.affiliate).affiliateId;
    const atMs = this.#clock.at(step.timing, this.#pairAnchors(store, buyerId));
    const productId = step.product === null ? undefined : pick(store.products, step.product).productId;
    const channel = CHANNELS[step.channel % CHANNELS.length] as (typeof CHANNELS)[number];
    const body: RawEventBody = {
      type: 'click',
      buyerId,
      affiliateId,
      storeId: store.storeId,
      ...(productId === undefined ? {} : { productId }),
      channel,
    };
    const reused = this.#emit(step, body);
    const track = this.#track(store);
    if (!reused && track.registered && track.member && this.#affiliates.has(affiliateId)) {
      this.#windowEndsMs.set(
        pairKey(store.storeId, buyerId),
        this.#clock.spanEndMs(atMs, this.#policy.windowDays),
      );
    }
  }

  #order(step: Extract<Step, { kind: 'order' }>): void {
    const [store, buyerId] = step.afterClick && this.#lastClick ? this.#lastClick : this.#pickPair(step);
    const lines = new Map<string, number>();
    for (const line of step.lines) {
      const productId = pick(store.products, line.product).productId;
      if (!lines.has(productId)) lines.set(productId, line.amountCents);
    }
    const atMs = this.#clock.at(step.timing, this.#pairAnchors(store, buyerId));
    this.#orderCount += 1;
    const orderId = `${this.#world.prefix}o${this.#orderCount}`;
    const reused = this.#emit(step, {
      type: 'order.created',
      orderId,
      buyerId,
      storeId: store.storeId,
      lines: [...lines].map(([productId, amountCents]) => ({ productId, amountCents })),
    });
    this.#orders.push({
      orderId,
      store,
      buyerId,
      createdAtMs: atMs,
      exists: !reused && this.#track(store).registered,
      lifecycle: 'open',
      lines: [...lines].map(([productId, amountCents]) => ({ productId, amountCents, refundedCents: 0 })),
    });
  }

  #endOrder(step: Extract<Step, { kind: 'complete' | 'cancel' }>): void {
    if (this.#orders.length === 0) return;
    const order = pick(this.#orders, step.order);
    this.#clock.at(step.timing, [order.createdAtMs, ...this.#pairAnchors(order.store, order.buyerId)]);
    const type = step.kind === 'complete' ? 'order.completed' : 'order.cancelled';
    const reused = this.#emit(step, { type, orderId: order.orderId });
    if (!reused && order.exists && order.lifecycle === 'open')
      order.lifecycle = step.kind === 'complete' ? 'completed' : 'cancelled';
  }

  #refund(step: Extract<Step, { kind: 'refund' }>): void {
    if (this.#orders.length === 0) return;
    const order = pick(this.#orders, step.order);
    const line = pick(order.lines, step.line);
    const leftCents = line.amountCents - line.refundedCents;
    const other = order.store.products.find((p) => !order.lines.some((l) => l.productId === p.productId));
    const [productId, amountCents] =
      step.amount === 'other-product' && other !== undefined
        ? [other.productId, 1]
        : [line.productId, refundAmountCents(step.amount, leftCents, line.amountCents)];
    this.#clock.at(step.timing, [order.createdAtMs, ...this.#pairAnchors(order.store, order.buyerId)]);
    const reused = this.#emit(step, {
      type: 'order.refunded',
      orderId: order.orderId,
      productId,
      amountCents,
    });
    const applies =
      !reused && order.exists && order.lifecycle !== 'cancelled' && productId === line.productId;
    if (applies && amountCents <= leftCents) line.refundedCents += amountCents;
  }

  // --- sellers ---

  #join(step: Pick<Step, 'timing' | 'reuseId'>, store: WorldStore, rateBps: number): void {
    const track = this.#track(store);
    const atMs = this.#clock.at(step.timing, this.#storeAnchors(store));
    const reused = this.#emit(step, {
      type: 'store.joined',
      storeId: store.storeId,
      defaultRateBps: rateBps,
    });
    const cooled = track.rejoinAllowedAtMs === undefined || atMs >= track.rejoinAllowedAtMs;
    if (!reused && track.registered && !track.member && cooled && this.#inBounds(rateBps))
      Object.assign(track, this.#joined(atMs));
  }

  #joined(atMs: number): Partial<StoreTrack> {
    return {
      member: true,
      joinedAtMs: atMs,
      withdrawAllowedAtMs: this.#clock.spanEndMs(atMs, this.#policy.minMembershipDays),
    };
  }

  #withdraw(step: Extract<Step, { kind: 'withdraw' }>): void {
    const store = this.#pickStoreWhere(step.store, (t) => t.member);
    const track = this.#track(store);
    const atMs = this.#clock.at(step.timing, this.#storeAnchors(store));
    const reused = this.#emit(step, { type: 'store.withdrew', storeId: store.storeId });
    if (!reused && track.member && atMs >= (track.withdrawAllowedAtMs ?? atMs)) {
      track.member = false;
      track.withdrawnAtMs = atMs;
      track.rejoinAllowedAtMs = this.#clock.spanEndMs(atMs, this.#policy.rejoinCooldownDays);
    }
  }

  #setting(step: Extract<Step, { kind: 'defaultRate' | 'mainSet' | 'mainRemove' | 'categoryRate' }>): void {
    const store = this.#pickStore(step.store);
    const track = this.#track(store);
    const storeId = store.storeId;
    this.#clock.at(step.timing, this.#storeAnchors(store));
    switch (step.kind) {
      case 'defaultRate':
        this.#emit(step, { type: 'store.defaultRateSet', storeId, rateBps: this.#rate(step.rate) });
        return;
      case 'categoryRate': {
        const categories = [...new Set(store.products.map((p) => p.categoryId))];
        const categoryId = pick(categories, step.category);
        this.#emit(step, {
          type: 'store.categoryRateSet',
          storeId,
          categoryId,
          rateBps: this.#rate(step.rate),
        });
        return;
      }
      case 'mainSet': {
        const productId = pick(store.products, step.product).productId;
        const rateBps = this.#rate(step.rate);
        const reused = this.#emit(step, { type: 'store.mainProductSet', storeId, productId, rateBps });
        if (!reused && track.member && this.#inBounds(rateBps)) track.main.add(productId);
        return;
      }
      case 'mainRemove': {
        // Half the time a product that is main now, so removals mostly succeed.
        const main = [...track.main];
        const productId =
          main.length > 0 && step.product % 2 === 0
            ? pick(main, step.product >> 1)
            : pick(store.products, step.product).productId;
        const reused = this.#emit(step, { type: 'store.mainProductRemoved', storeId, productId });
        if (!reused && track.member) track.main.delete(productId);
        return;
      }
    }
  }

  // --- deliberately invalid-by-rule events (R16) ---

  #invalid(step: Extract<Step, { kind: 'invalid' }>): void {
    const store = this.#pickStore(step.pick);
    const body = invalidEventBody(step.variant, {
      world: this.#world,
      store,
      buyerId: this.#pickBuyer(step.pick),
      affiliateId: pick(this.#world.affiliates, step.pick).affiliateId,
      productId: pick(store.products, step.pick).productId,
      orderId: this.#orders.length > 0 ? pick(this.#orders, step.pick).orderId : undefined,
      rateBps: this.#rate(0),
      serial: this.events.length,
    });
    this.#clock.at(step.timing, this.#globalAnchors());
    this.#emit(step, body);
  }

  // --- time ---

  #pairAnchors(store: WorldStore, buyerId: string): number[] {
    const own = this.#windowEndsMs.get(pairKey(store.storeId, buyerId));
    return [...(own === undefined ? [] : [own]), ...this.#storeAnchors(store)];
  }

  #storeAnchors(store: WorldStore): number[] {
    const t = this.#track(store);
    const ends = [...this.#windowEndsMs].filter(([k]) => k.startsWith(`${store.storeId} `)).map(([, v]) => v);
    const own = [
      t.member ? t.withdrawAllowedAtMs : t.rejoinAllowedAtMs,
      t.joinedAtMs,
      t.withdrawnAtMs,
      ...ends,
    ].filter((x): x is number => x !== undefined);
    return [...own, ...this.#globalAnchors()];
  }

  #globalAnchors(): number[] {
    const anchors = [...this.#windowEndsMs.values()];
    for (const t of this.#stores.values()) {
      for (const x of [t.withdrawAllowedAtMs, t.rejoinAllowedAtMs, t.joinedAtMs, t.withdrawnAtMs])
        if (x !== undefined) anchors.push(x);
    }
    return anchors;
  }

  // --- helpers ---

  /** Records an event; returns whether it took an earlier event's id (R17 conflict). */
  #emit(step: Pick<Step, 'reuseId'>, body: RawEventBody): boolean {
    const reused = step.reuseId !== null && this.events.length > 0;
    let id: string;
    if (reused) id = (this.events[(step.reuseId as number) % this.events.length] as RawEvent).id;
    else {
      this.#eventCount += 1;
      id = `${this.#world.prefix}e${this.#eventCount}`;
    }
    const { type, ...rest } = body;
    this.events.push({ id, type, at: formatInstant(this.#clock.nowMs), ...rest } as RawEvent);
    return reused;
  }

  #rate(choice: RatePick): number {
    const { minBps, maxBps } = this.#policy.rateBounds;
    if (choice === 'min') return minBps;
    if (choice === 'max') return maxBps;
    if (choice === 'below') return minBps - 1;
    if (choice === 'above') return maxBps + 1;
    const inside = NICE_RATES_BPS.filter((r) => r >= minBps && r <= maxBps);
    return inside.length > 0 ? pick(inside, choice) : minBps + (choice % (maxBps - minBps + 1));
  }

  #inBounds(rateBps: number): boolean {
    return rateBps >= this.#policy.rateBounds.minBps && rateBps <= this.#policy.rateBounds.maxBps;
  }

  #pickStore(n: number): WorldStore {
    return pick(this.#world.stores, n);
  }

  /** For an even `n`, a store `fits` (when one does), so membership steps mostly act on a store they can change. */
  #pickStoreWhere(n: number, fits: (track: StoreTrack) => boolean): WorldStore {
    const fitting = this.#world.stores.filter((s) => this.#track(s).registered && fits(this.#track(s)));
    return n % 2 === 0 && fitting.length > 0 ? pick(fitting, n >> 1) : this.#pickStore(n);
  }

  #pickPair(step: { readonly store: number; readonly buyer: number }): [WorldStore, string] {
    return [this.#pickStore(step.store), this.#pickBuyer(step.buyer)];
  }

  #pickBuyer(n: number): string {
    return pick(this.#world.buyers, n);
  }

  #track(store: WorldStore): StoreTrack {
    return this.#stores.get(store.storeId) as StoreTrack;
  }
}

function pairKey(storeId: string, buyerId: string): string {
  return `${storeId} ${buyerId}`;
}

function refundAmountCents(choice: string, leftCents: number, lineCents: number): number {
  switch (choice) {
    case 'half':
      return Math.max(1, Math.floor(leftCents / 2));
    case 'one':
      return 1;
    case 'whole-line':
      return lineCents;
    case 'rest':
      return Math.max(1, leftCents);
    default:
      return leftCents + 1;
  }
}
