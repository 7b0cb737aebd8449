import { formatInstant } from './instant.js';

/** Rule ids of RULES.md; every rejection and every explanation cites one. */
export type RuleId = `R${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18}`;

export type Tier = 'main' | 'category' | 'default';
export type UnattributedReason = 'store-not-member' | 'no-click' | 'window-expired';
export type DecisionStatus = 'not-attributed' | 'pending' | 'payable' | 'void' | 'reversed';

/** A line rate resolved and locked at the order's creation (R10, R11). */
export interface LockedRate {
  readonly rateBps: number;
  readonly tier: Tier;
}

export interface DecisionLine {
  readonly productId: string;
  readonly amountCents: number;
  readonly refundedCents: number;
  readonly rate: LockedRate | null;
  readonly commissionCents: number;
}

interface DecisionBase {
  readonly orderId: string;
  readonly commissionCents: number;
  readonly lines: readonly DecisionLine[];
}

/** The Decision section of RULES.md; invalid combinations (an attributed order without a click) cannot be built. */
export type Decision =
  | (DecisionBase & {
      readonly attributed: true;
      readonly affiliateId: string;
      readonly clickAtMs: number;
      readonly windowEndsAtMs: number;
      readonly status: Exclude<DecisionStatus, 'not-attributed'>;
    })
  | (DecisionBase & {
      readonly attributed: false;
      readonly reason: UnattributedReason;
      readonly status: 'not-attributed';
    });

/** The wire form: the field names of RULES.md, instants as ISO-8601 UTC, absent values as null. */
export interface DecisionJson {
  orderId: string;
  attributed: boolean;
  reason: UnattributedReason | null;
  affiliateId: string | null;
  clickAt: string | null;
  windowEndsAt: string | null;
  status: DecisionStatus;
  commissionCents: number;
  lines: {
    productId: string;
    amountCents: number;
    refundedCents: number;
    rateBps: number | null;
    tier: Tier | null;
    commissionCents: number;
  }[];
}

export function toDecisionJson(d: Decision): DecisionJson {
  return {
    orderId: d.orderId,
    attributed: d.attributed,
    reason: d.attributed ? null : d.reason,
    affiliateId: d.attributed ? d.affiliateId : null,
    clickAt: d.attributed ? formatInstant(d.clickAtMs) : null,
    windowEndsAt: d.attributed ? formatInstant(d.windowEndsAtMs) : null,
    status: d.status,
    commissionCents: d.commissionCents,
    lines: d.lines.map((l) => ({
      productId: l.productId,
      amountCents: l.amountCents,
      refundedCents: l.refundedCents,
      rateBps: l.rate?.rateBps ?? null,
      tier: l.rate?.tier ?? null,
      commissionCents: l.commissionCents,
    })),
  };
}

/** An event some rule refused (R3): it changed nothing. */
export interface Rejection {
  readonly id: string;
  readonly rule: RuleId;
  readonly message: string;
}
