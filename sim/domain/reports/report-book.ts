import type { Decision } from '../decision.js';
import type { AffEvent, EventOf, StoreEvent } from '../events.js';
import { type BookAnswer, type DayTotals, emptyDayTotals, type OrderRow } from './book-rows.js';
import { CellList, ClickCells } from './click-cells.js';
import { LocalDays } from './local-days.js';
import { addOrderChange } from './order-change.js';
import {
  type AffiliateBook,
  bookFromState,
  bookState,
  newStoreBook,
  type ReportBookState,
  type StoreBook,
} from './report-book-state.js';
import { operationRow, settingRow } from './store-rows.js';

/** The decision of an order as the engine or the model now has it. */
export type DecisionOf = (orderId: string) => Decision | undefined;

/**
 * A limit on everything the book keeps (TIGER_STYLE): past `rowsMax` rows and click cells of all
 * stores together, new rows are dropped and counted, and every report of a store that lost one
 * says `complete: false`. The day totals (the dashboard) are limited apart, by `dayTotalsMax`:
 * they grow with stores × local days, not with events, and a day already open always counts; past
 * the limit a new day's totals are dropped and counted the same way.
 */
export interface BookLimits {
  readonly rowsMax: number;
  readonly dayTotalsMax: number;
}
/**
 * A click cell costs ~100 B (click-cells.ts), another row ~200 B: a book of the baseline's traffic
 * (nearly all cells) is about 300 MB when full, beside the engine's own (server/engine/capacity.ts).
 */
export const DEFAULT_BOOK_LIMITS: BookLimits = Object.freeze({ rowsMax: 3_000_000, dayTotalsMax: 2_000_000 });
export const UNBOUNDED_BOOK_LIMITS: BookLimits = Object.freeze({
  rowsMax: Number.MAX_SAFE_INTEGER,
  dayTotalsMax: Number.MAX_SAFE_INTEGER,
});

export type { AffiliateBook, StoreBook } from './report-book-state.js';

/**
 * The seller's and affiliate's reports as an incremental book (docs/reports.md): `apply(event,
 * answer)` folds each answered event into bounded aggregates and rows; an order event reads the
 * order's decision through `decisionOf` and applies the change of its figures, so a report never
 * re-evaluates a rule and the server never keeps the raw history. Every figure is a sum over the
 * decisions and the answers (R5 clicks, R3 refusals) — the rules themselves are the engine's.
 *
 * Events may arrive out of time order across stores and buyers (the engine's ordering guarantee):
 * the sums do not depend on arrival order, and rows are sorted by time when read. R17 repeats are
 * the caller's to skip: a repeat changes nothing, so it is never applied here.
 */
export class ReportBook {
  readonly days: LocalDays;
  readonly #stores = new Map<string, StoreBook>();
  readonly #affiliates = new Map<string, AffiliateBook>();
  readonly #orders: Map<string, OrderRow>;
  readonly #cells: ClickCells;
  #seq: number;
  #rows: number;
  #dayTotalsCount: number;

  /** `state`: a snapshot's book (report-book-state.ts), taken as it is, of the same time zone. */
  constructor(
    timeZone: string,
    readonly limits: BookLimits = DEFAULT_BOOK_LIMITS,
    state?: ReportBookState,
  ) {
    if (state !== undefined && state.timeZone !== timeZone)
      throw new Error(`a report book snapshot of time zone ${state.timeZone}, not ${timeZone}`);
    this.days = new LocalDays(timeZone);
    const cells = new ClickCells(state?.cells);
    this.#cells = cells;
    for (const s of state?.stores ?? []) this.#stores.set(s.storeId, bookFromState<StoreBook>(s, cells));
    for (const a of state?.affiliates ?? [])
      this.#affiliates.set(a.affiliateId, bookFromState<AffiliateBook>(a, cells));
    this.#orders = state?.orders ?? new Map();
    this.#seq = state?.seq ?? 0;
    this.#rows = state?.rows ?? 0;
    this.#dayTotalsCount = state?.dayTotals ?? 0;
  }

  /** The whole book as plain data (not copied: serialize it before the next `apply`). */
  state(): ReportBookState {
    return {
      timeZone: this.days.timeZone,
      stores: [...this.#stores.values()].map((s) => bookState(s)),
      affiliates: [...this.#affiliates.values()].map((a) => bookState(a)),
      orders: this.#orders,
      cells: this.#cells.state(),
      seq: this.#seq,
      rows: this.#rows,
      dayTotals: this.#dayTotalsCount,
    };
  }

  store(storeId: string): StoreBook | undefined {
    return this.#stores.get(storeId);
  }

  affiliate(affiliateId: string): AffiliateBook | undefined {
    return this.#affiliates.get(affiliateId);
  }

  get rows(): number {
    return this.#rows;
  }

  /**
   * Day totals held, every store's together: one a store and local day with traffic (~90 B each),
   * at most `limits.dayTotalsMax` (2 M by default: ~180 MB, 400 stores × 13 years).
   */
  get dayTotals(): number {
    return this.#dayTotalsCount;
  }

  #dayTotals(store: StoreBook, day: number): DayTotals {
    let totals = store.days.get(day);
    if (totals === undefined) {
      // Past the limit the day is dropped and counted: the caller adds into totals nobody keeps.
      if (this.#dayTotalsCount >= this.limits.dayTotalsMax) {
        store.dropped += 1;
        return emptyDayTotals();
      }
      totals = emptyDayTotals();
      store.days.set(day, totals);
      this.#dayTotalsCount += 1;
    }
    return totals;
  }

  apply(event: AffEvent, answer: BookAnswer, decisionOf: DecisionOf): void {
    this.#seq += 1;
    this.#touch(event, answer);
    switch (event.type) {
      case 'store.registered':
        if (answer.kind === 'accepted')
          this.#stores.set(event.storeId, newStoreBook(event.storeId, this.#cells));
        this.#operation(event, answer);
        return;
      case 'affiliate.registered':
        if (answer.kind === 'accepted')
          this.#affiliates.set(event.affiliateId, {
            affiliateId: event.affiliateId,
            channel: event.channel,
            cells: new CellList(this.#cells),
            orders: [],
            dropped: 0,
          });
        return;
      case 'click':
        if (answer.kind === 'accepted') this.#click(event, answer.qualifying === true);
        return;
      case 'order.created':
        if (answer.kind === 'accepted') this.#orderCreated(event, decisionOf);
        return;
      case 'order.completed':
      case 'order.cancelled':
      case 'order.refunded':
        if (answer.kind === 'accepted') this.#orderChanged(event, decisionOf);
        return;
      default:
        if (answer.kind === 'accepted') this.#setting(event);
        this.#operation(event, answer);
    }
  }

  /** Moves a store's latest instant on (any answered event that names it, or names one of its orders). */
  #touch(event: AffEvent, answer: BookAnswer): void {
    if (answer.kind === 'rejected' && event.type !== 'store.registered' && !event.type.startsWith('store.'))
      return;
    const storeId =
      'storeId' in event
        ? event.storeId
        : 'orderId' in event
          ? this.#orders.get(event.orderId)?.storeId
          : undefined;
    const store = storeId === undefined ? undefined : this.#stores.get(storeId);
    if (store !== undefined) store.lastAtMs = Math.max(store.lastAtMs, event.at);
  }

  #keep<T>(store: StoreBook, rows: T[], row: T): void {
    if (this.#rows >= this.limits.rowsMax) {
      store.dropped += 1;
      return;
    }
    this.#rows += 1;
    rows.push(row);
  }

  #operation(event: StoreEvent, answer: BookAnswer): void {
    // Only a registered store's record grows: refusals naming an unknown store (R16) would let
    // anyone grow the book without bound.
    const store = this.#stores.get(event.storeId);
    if (store !== undefined) this.#keep(store, store.operations, operationRow(event, answer, this.#seq));
  }

  #setting(event: StoreEvent): void {
    const store = this.#stores.get(event.storeId);
    const row = settingRow(event, this.#seq);
    if (store !== undefined && row !== undefined) this.#keep(store, store.settings, row);
  }

  #click(event: EventOf<'click'>, qualifying: boolean): void {
    const store = this.#stores.get(event.storeId);
    if (store === undefined) return;
    const day = this.days.dayOf(event.at);
    const totals = this.#dayTotals(store, day);
    if (qualifying) totals.qualifyingClicks += 1;
    else totals.notQualifyingClicks += 1;
    const productId = event.productId ?? null;
    let row = this.#cells.find(day, event.storeId, event.affiliateId, event.channel, productId);
    if (row < 0) {
      if (this.#rows >= this.limits.rowsMax) {
        store.dropped += 1;
        const affiliate = this.#affiliates.get(event.affiliateId);
        if (affiliate) affiliate.dropped += 1;
        return;
      }
      this.#rows += 1;
      row = this.#cells.open();
      store.cells.add(row);
      this.#affiliates.get(event.affiliateId)?.cells.add(row);
    }
    this.#cells.count(row, qualifying, event.at);
  }

  #orderCreated(event: EventOf<'order.created'>, decisionOf: DecisionOf): void {
    const store = this.#stores.get(event.storeId);
    const decision = decisionOf(event.orderId);
    if (store === undefined || decision === undefined) return;
    const affiliate = decision.attributed ? this.#affiliates.get(decision.affiliateId) : undefined;
    const row: OrderRow = {
      seq: this.#seq,
      orderId: event.orderId,
      storeId: event.storeId,
      buyerId: event.buyerId,
      createdAtMs: event.at,
      day: this.days.dayOf(event.at),
      channel: affiliate?.channel ?? null,
      decision,
    };
    const before = this.#rows;
    this.#keep(store, store.orders, row);
    if (this.#rows === before) return;
    this.#orders.set(row.orderId, row);
    affiliate?.orders.push(row);
    addOrderChange(this.#dayTotals(store, row.day), undefined, decision);
  }

  #orderChanged(
    event: EventOf<'order.completed' | 'order.cancelled' | 'order.refunded'>,
    decisionOf: DecisionOf,
  ): void {
    const row = this.#orders.get(event.orderId);
    const after = decisionOf(event.orderId);
    if (row === undefined || after === undefined) return;
    const store = this.#stores.get(row.storeId) as StoreBook;
    const before = row.decision;
    row.decision = after;
    addOrderChange(this.#dayTotals(store, row.day), before, after);
    const base = { seq: this.#seq, atMs: event.at, eventId: event.id, orderId: row.orderId };
    if (event.type === 'order.refunded') {
      this.#keep(store, store.refunds, {
        ...base,
        productId: event.productId,
        amountCents: event.amountCents,
        affiliateId: after.attributed ? after.affiliateId : null,
        commissionReducedCents: before.commissionCents - after.commissionCents,
        afterCompletion: before.status === 'payable',
      });
    }
    if (!after.attributed) return;
    // R12: commission is charged when the order completes, each line at its locked rate (R11);
    // R14: a refund after completion reverses what it takes off a line.
    const completes = event.type === 'order.completed';
    const reverses = event.type === 'order.refunded' && before.status === 'payable';
    if (!completes && !reverses) return;
    after.lines.forEach((line, i) => {
      const was = before.lines[i]?.commissionCents ?? 0;
      const commissionCents = completes ? line.commissionCents : line.commissionCents - was;
      if (line.rate === null || (reverses && commissionCents === 0)) return;
      if (reverses && line.productId !== (event as EventOf<'order.refunded'>).productId) return;
      this.#keep(store, store.transactions, {
        ...base,
        kind: completes ? 'charge' : 'reversal',
        productId: line.productId,
        affiliateId: after.affiliateId,
        channel: row.channel,
        rateBps: line.rate.rateBps,
        tier: line.rate.tier,
        netAmountCents: line.amountCents - line.refundedCents,
        commissionCents,
      });
    });
  }
}
