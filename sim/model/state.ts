import type { LockedRate, RuleId, UnattributedReason } from '../domain/decision.js';

/** The reference model's state after some prefix of a history (time order). */

export type Membership =
  | { readonly status: 'never-joined' }
  | { readonly status: 'member'; readonly joinedAtMs: number }
  | { readonly status: 'withdrawn'; readonly withdrawnAtMs: number };

export interface StoreState {
  readonly storeId: string;
  /** The catalogue: product → category (R1: the whole store joins). */
  readonly categoryOf: ReadonlyMap<string, string>;
  readonly categories: ReadonlySet<string>;
  membership: Membership;
  /** Set by join and by defaultRateSet; persists across a withdrawal (R4). */
  defaultRateBps: number;
  readonly mainRateBps: Map<string, number>;
  readonly categoryRateBps: Map<string, number>;
}

export interface ClickRef {
  readonly eventId: string;
  readonly atMs: number;
  readonly affiliateId: string;
}

/** The qualifying clicks of one (buyer, store) that can still matter (R6, R8): a chain's first and latest. */
export interface WindowChain {
  readonly first: ClickRef;
  readonly latest: ClickRef;
  readonly windowEndsAtMs: number;
}

export type Attribution =
  | {
      readonly attributed: true;
      readonly affiliateId: string;
      readonly clickAtMs: number;
      readonly windowEndsAtMs: number;
    }
  | { readonly attributed: false; readonly reason: UnattributedReason };

export interface LineState {
  readonly productId: string;
  readonly amountCents: number;
  refundedCents: number;
  /** Locked at creation (R11); null for an order that is not attributed. */
  readonly rate: LockedRate | null;
}

export interface OrderState {
  readonly orderId: string;
  readonly buyerId: string;
  readonly storeId: string;
  readonly createdAtMs: number;
  readonly attribution: Attribution;
  readonly lines: readonly LineState[];
  lifecycle: 'open' | 'completed' | 'cancelled';
}

/** What the model made of one event: the answer a platform would give (R3, R17). */
export type Outcome =
  | { readonly kind: 'accepted'; readonly effect: Effect }
  | { readonly kind: 'rejected'; readonly rule: RuleId; readonly message: string };

export type Effect =
  | { readonly type: 'recorded' }
  | { readonly type: 'click-not-qualifying'; readonly rule: 'R5'; readonly message: string }
  | {
      readonly type: 'click-qualifying';
      /** `started` a new chain, or `restarted` the open window of an existing one (R6). */
      readonly chain: 'started' | 'restarted';
      readonly chainFirst: ClickRef;
      readonly windowEndsAtMs: number;
    }
  | {
      readonly type: 'order-created';
      readonly memberAtCreation: boolean;
      /** The window chain the order was judged against (R8), if the buyer ever clicked into the store. */
      readonly chain: WindowChain | undefined;
    };

export const accepted = (effect: Effect = { type: 'recorded' }): Outcome => ({ kind: 'accepted', effect });
export const rejected = (rule: RuleId, message: string): Outcome => ({ kind: 'rejected', rule, message });
