import type { Channel } from '../channels.js';
import type { Decision, RuleId, Tier } from '../decision.js';

/**
 * What the report book keeps (report-book.ts): bounded aggregates and rows, never the raw history.
 * `seq` is the arrival position, the tie-break after `atMs`, so rows read in evaluation order.
 */

/** What a platform or the model answered to one event (R3: a refusal names its rule; R5: a click qualifies or not). */
export type BookAnswer =
  | { readonly kind: 'accepted'; readonly qualifying?: boolean }
  | { readonly kind: 'rejected'; readonly rule: RuleId; readonly message: string };

/** Clicks of one local day, store, affiliate, channel and link (a store link has no product), R5. */
export interface ClickCell {
  readonly day: number;
  readonly storeId: string;
  readonly affiliateId: string;
  readonly channel: Channel;
  readonly productId: string | null;
  qualifying: number;
  notQualifying: number;
  firstAtMs: number;
  lastAtMs: number;
}

/** The dashboard's per-day totals of one store, kept exact by applying each order's change (report-book.ts). */
export interface DayTotals {
  qualifyingClicks: number;
  notQualifyingClicks: number;
  affiliateOrders: number;
  cancelledOrders: number;
  gmvCents: number;
  estimatedCents: number;
  payableCents: number;
}

/** A day (or a period) with nothing in it yet. */
export function emptyDayTotals(): DayTotals {
  return {
    qualifyingClicks: 0,
    notQualifyingClicks: 0,
    affiliateOrders: 0,
    cancelledOrders: 0,
    gmvCents: 0,
    estimatedCents: 0,
    payableCents: 0,
  };
}

export interface OrderRow {
  readonly seq: number;
  readonly orderId: string;
  readonly storeId: string;
  readonly buyerId: string;
  readonly createdAtMs: number;
  readonly day: number;
  /** The credited affiliate's registered channel (affiliate.registered), null when not attributed. */
  readonly channel: Channel | null;
  /** The order's decision after the last event applied to it (read through `decisionOf`). */
  decision: Decision;
}

export type SettingKind = 'default-rate' | 'main-product' | 'main-product-removed' | 'category-rate';

/** An accepted setting change (R4; a join carries the default rate, R1). */
export interface SettingRow {
  readonly seq: number;
  readonly atMs: number;
  readonly eventId: string;
  readonly source: string;
  readonly setting: SettingKind;
  readonly productId: string | null;
  readonly categoryId: string | null;
  readonly rateBps: number | null;
}

/** A seller operation and its outcome; a refused one names its rule (R3). */
export interface OperationRow {
  readonly seq: number;
  readonly atMs: number;
  readonly eventId: string;
  readonly type: string;
  readonly outcome: 'accepted' | 'rejected';
  readonly rule: RuleId | null;
  readonly message: string | null;
  readonly productId: string | null;
  readonly categoryId: string | null;
  readonly rateBps: number | null;
}

/** An accepted refund (R14) and how much it lowered the order's commission (R13). */
export interface RefundRow {
  readonly seq: number;
  readonly atMs: number;
  readonly eventId: string;
  readonly orderId: string;
  readonly productId: string;
  readonly amountCents: number;
  readonly affiliateId: string | null;
  readonly commissionReducedCents: number;
  readonly afterCompletion: boolean;
}

/** A commission charged at completion (R12, one row per line) or reversed by a later refund (R14). */
export interface TransactionRow {
  readonly seq: number;
  readonly atMs: number;
  readonly eventId: string;
  readonly kind: 'charge' | 'reversal';
  readonly orderId: string;
  readonly productId: string;
  readonly affiliateId: string;
  readonly channel: Channel | null;
  readonly rateBps: number;
  readonly tier: Tier;
  readonly netAmountCents: number;
  /** Signed: positive for a charge, negative for a reversal. */
  readonly commissionCents: number;
}
