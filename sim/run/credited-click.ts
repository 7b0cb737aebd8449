import type { DecisionJson } from '../domain/decision.js';
import { DAY_MS, formatInstant } from '../domain/instant.js';
import type { Policy } from '../domain/policy.js';
import { spanEndMs } from '../model/day-span.js';
import { RecentClicks, type SeenClick } from './recent-clicks.js';
import type { ViolationCause } from './run-result.js';

/** Clicks kept per buyer: the latest ones, enough to name the click a platform credited. */
export const CLICKS_PER_BUYER_MAX = 16;

/**
 * Which of the buyer's clicks a platform credited when it credits an affiliate the model does not
 * (issue 10, "Violations traced to their cause"): a click into another store (R7), one made while
 * the store was not a member (R5), one whose window had ended (R6), or an earlier one than the
 * latest qualifying click (R8). One misreading of the rules then reads as one cause, whether an
 * order shows it as credited at all or as credited to someone else. The clicks kept are those that
 * can still be in a window (windowDays, plus a day of calendar slack), at most
 * CLICKS_PER_BUYER_MAX per buyer, in columns (recent-clicks.ts): memory follows the live windows,
 * not the history.
 */
export class CreditedClicks {
  readonly #recent: RecentClicks;
  #sweptAtMs = Number.NEGATIVE_INFINITY;

  constructor(readonly policy: Policy) {
    this.#recent = new RecentClicks(CLICKS_PER_BUYER_MAX, (policy.windowDays + 1) * DAY_MS);
  }

  /** Buyers and clicks kept, and the bytes of their columns (the bench's figures). */
  get kept(): { readonly buyers: number; readonly clicks: number; readonly bytes: number } {
    return { buyers: this.#recent.buyers, clicks: this.#recent.clicks, bytes: this.#recent.bytes };
  }

  click(buyerId: string, click: SeenClick): void {
    this.#recent.add(buyerId, click);
    // Once a window's length, drop the buyers whose clicks have all expired.
    if (click.atMs - this.#sweptAtMs >= this.#recent.horizonMs) {
      this.#sweptAtMs = click.atMs;
      this.#recent.dropIdleBuyers(click.atMs);
    }
  }

  /** The cause, when the platform credits an affiliate the model does not and one of the buyer's clicks says why. */
  cause(
    order: { readonly storeId: string; readonly buyerId: string; readonly createdAtMs: number },
    model: DecisionJson | null,
    platform: DecisionJson | null,
  ): ViolationCause | undefined {
    const credited = platform?.attributed ? platform.affiliateId : null;
    if (credited === null || credited === undefined) return undefined;
    if (model?.attributed && model.affiliateId === credited) return undefined;
    const T = order.createdAtMs;
    const theirs = this.#recent.of(order.buyerId).filter((c) => c.affiliateId === credited && c.atMs <= T);
    const open = (c: SeenClick) => c.qualifying && T < spanEndMs(c.atMs, this.policy.windowDays, this.policy);
    const inStore = theirs.filter((c) => c.storeId === order.storeId);
    const latest = inStore[inStore.length - 1];
    // The explanation the buyer's clicks support best: a click of this store that the rules would
    // credit but for its order among clicks (R8); else an open window of another store (R7); else
    // this store's click that never qualified (R5) or whose window had ended (R6).
    const field = 'credited click';
    const said = (rule: string, text: string): ViolationCause => ({ kind: 'field', rule, field, text });
    if (latest !== undefined && open(latest) && model?.attributed && model.affiliateId !== null)
      return said(
        'R8',
        `the platform credits ${credited} for click ${latest.id}, not the click the model credits (${model.affiliateId}, ${this.policy.credit})`,
      );
    const other = theirs.filter((c) => c.storeId !== order.storeId && open(c)).pop();
    if (other !== undefined)
      return said(
        'R7',
        `the platform credits ${credited} for ${order.buyerId}'s click ${other.id} into ${other.storeId}, another store: windows are per (buyer, store)`,
      );
    if (latest === undefined) return undefined;
    if (!latest.qualifying)
      return said(
        'R5',
        `the platform credits ${credited} for click ${latest.id}, made while ${order.storeId} was not a member: it does not qualify`,
      );
    // Under first-click credit the credited click may be older than its window (the chain's latest
    // keeps it open), so an ended window says nothing there.
    if (this.policy.credit === 'last-click' && !open(latest))
      return said(
        'R6',
        `the platform credits ${credited} for click ${latest.id}, whose window ended at ${formatInstant(spanEndMs(latest.atMs, this.policy.windowDays, this.policy))}, before the order`,
      );
    return undefined;
  }
}
