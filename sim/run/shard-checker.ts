import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { ReferenceModel } from '../model/reference-model.js';
import type { Outcome } from '../model/state.js';
import { AnswerComparison, type RecordViolation } from './answer-comparison.js';
import { AnswerFaults } from './answer-faults.js';
import type { CheckerOptions } from './checker-options.js';
import { ColumnChains } from './column-chains.js';
import { CompactIdLedger } from './compact-id-ledger.js';
import { CreditedClicks } from './credited-click.js';
import { compareDecision, type DecisionComparison } from './decision-comparison.js';
import {
  DECISION_FIELDS,
  type DecisionField,
  type EventAnswer,
  type PartialDecisionJson,
} from './define-target.js';
import type { HistorySubject } from './history-superset.js';
import { finalizedTooEarly, OpenOrders } from './open-orders.js';
import { PairChannels } from './pair-channels.js';
import type { ResultAccumulator } from './result-accumulator.js';
import type { SellerAnswerViolation, ViolationGroup } from './run-result.js';
import { SellerAnswerList } from './seller-answer-violations.js';
import type { Traced } from './traced-violation.js';
import { type KeptViolation, ViolationBook } from './violation-book.js';

/**
 * The reference model's side of a shard, and the comparisons with the platform's answers: a pure
 * unit (no HTTP, no files). It is fed the events a platform was sent with the platform's answers,
 * and the decisions the platform gave; it traces every violation to its cause (the diverging
 * answer a decision follows from, or its first differing field), groups them by fingerprint, keeps
 * the first examples of each group, and feeds the shard's result counts. The model here is an
 * independent instance fed the same events in time order; it never sees the platform's state,
 * only its answers (a black-box checker).
 */
export type { CheckerOptions } from './checker-options.js';

export class ShardChecker {
  readonly accumulator: ResultAccumulator | undefined;
  readonly countsSellerEvents: boolean;
  /** The Decision fields compared (the target's `compare`, in DECISION_FIELDS' order; all by default). */
  readonly compared: readonly DecisionField[];
  readonly #model: ReferenceModel;
  readonly #ledger = new CompactIdLedger();
  /** The orders whose final comparison is still to come (open-orders.ts). */
  readonly #orders: OpenOrders;
  readonly #parties = { get: (orderId: string) => this.#model.orderParties(orderId) };
  /** Per (store, buyer): the chain's first and latest clicks' channels, to credit a channel (R8). */
  readonly #pairs: PairChannels;
  readonly #touched = new Set<string>();
  readonly #book: ViolationBook;
  /** The first diverging answer per store (seller events), per (store, buyer) (clicks) and per order. */
  readonly #faults = new AnswerFaults();
  /** Each answer against the model's outcome, a repeat's against the original's (R17). */
  readonly #answers: AnswerComparison;
  /** The buyers' recent clicks, to name the click a platform credits wrongly. */
  readonly #credited: CreditedClicks;
  /** A sharded run's seller-answer violations (event, group, day); undefined when not sharded. */
  readonly #sellerAnswers: SellerAnswerList | undefined;
  /** The parts a decision's comparison reads and writes (decision-comparison.ts). */
  readonly #decisions: DecisionComparison;

  constructor(
    readonly policy: Policy,
    options: CheckerOptions = {},
  ) {
    const compare = options.compare ?? DECISION_FIELDS;
    this.compared = DECISION_FIELDS.filter((f) => compare.includes(f));
    this.countsSellerEvents = options.countsSellerEvents ?? true;
    this.accumulator = options.accumulator;
    this.#model = new ReferenceModel(policy, new ColumnChains());
    this.#credited = new CreditedClicks(policy);
    this.#pairs = new PairChannels(policy);
    this.#orders = new OpenOrders(options.refundHorizonMs);
    this.#book = new ViolationBook(options.examplesPerGroup);
    this.#sellerAnswers = options.sharded ? new SellerAnswerList() : undefined;
    const record: RecordViolation = (traced, atMs, subject, sellerEventId) =>
      this.#record(traced, atMs, subject, sellerEventId);
    this.#answers = new AnswerComparison(this.#faults, this.#parties, record);
    this.#decisions = {
      model: this.#model,
      compared: this.compared,
      accumulator: this.accumulator,
      faults: this.#faults,
      credited: this.#credited,
      book: this.#book,
      record,
    };
  }

  /** Every violation found so far, kept or only counted. */
  get violationCount(): number {
    return this.#book.count;
  }

  /**
   * Applies a day to the model in time order (ties: seller events first, as they were sent) and
   * compares each of the platform's answers with the model's outcome.
   */
  day(
    sellerEvents: readonly AffEvent[],
    sellerAnswers: readonly EventAnswer[],
    buyerEvents: readonly AffEvent[],
    buyerAnswers: readonly EventAnswer[],
  ): void {
    let s = 0;
    let b = 0;
    while (s < sellerEvents.length || b < buyerEvents.length) {
      const seller = sellerEvents[s];
      const buyer = buyerEvents[b];
      if (seller !== undefined && (buyer === undefined || seller.at <= buyer.at)) {
        this.#event(seller, sellerAnswers[s] as EventAnswer, this.countsSellerEvents, true);
        s += 1;
      } else {
        this.#event(buyer as AffEvent, buyerAnswers[b] as EventAnswer, true, false);
        b += 1;
      }
    }
    this.#forget(Math.max(sellerEvents.at(-1)?.at ?? -Infinity, buyerEvents.at(-1)?.at ?? -Infinity));
  }

  /**
   * What no later event can need any more (issue 12: memory follows the live state), as of the
   * latest instant applied: the model's chains whose window has ended, the pairs' channels past
   * the result's click-to-order buckets (pair-channels.ts).
   */
  #forget(nowMs: number): void {
    if (nowMs === Number.NEGATIVE_INFINITY) return;
    this.#model.forgetEndedChains(nowMs);
    this.#pairs.sweep(nowMs);
  }

  /**
   * `counted`: false for the seller events of shards other than 0, which the result counts once
   * (shard 0's); their answers are compared all the same, each delivery being an answer.
   */
  #event(event: AffEvent, answer: EventAnswer, counted: boolean, seller: boolean): void {
    const counts = counted ? this.accumulator : undefined;
    // An event the target does not take (defineTarget's `unsupported`) was not sent: counted as
    // such, applied to the model, its marker answer not compared.
    if (answer.unsupported) counts?.unsupported();
    else counts?.answered(answer.accepted, answer.rule);
    const admission = this.#ledger.admit(event);
    if (admission.kind === 'repeat') {
      counts?.repeat();
      if (!answer.unsupported) this.#answers.repeat(event, answer, seller);
      return;
    }
    const outcome: Outcome =
      admission.kind === 'conflict'
        ? {
            kind: 'rejected',
            rule: 'R17',
            message: `event id ${event.id} was already used for another event`,
          }
        : this.#model.apply(event);
    if (!answer.unsupported) this.#answers.answer(event, outcome, answer, seller);
    if (outcome.kind !== 'accepted') {
      // The answer a repeat of this id must get again (R17); accepted ids are the default.
      if (admission.kind === 'new') this.#answers.refused(event.id, outcome.rule);
      return;
    }
    const effect = outcome.effect;
    if (event.type === 'click') {
      const qualifying = effect.type === 'click-qualifying';
      const { id, affiliateId, storeId, at: atMs } = event;
      this.#credited.click(event.buyerId, { id, affiliateId, storeId, atMs, qualifying });
      counts?.click(event.storeId, event.at, qualifying);
      if (effect.type === 'click-qualifying')
        this.#pairs.click(storeId, event.buyerId, event.channel, atMs, effect.chain === 'restarted');
    } else if (event.type === 'order.created' && effect.type === 'order-created') {
      const channels = this.#pairs.get(event.storeId, event.buyerId);
      // A chain the model forgot (its latest click at -Infinity) is one the pair's clicks outlived,
      // and a delay past them falls in the open-ended bucket (pair-channels.ts).
      if (effect.chain !== undefined)
        counts?.clickToOrder(event.at - (channels?.latestAtMs ?? effect.chain.latest.atMs));
      this.#orders.add(event.orderId, {
        storeId: event.storeId,
        buyerId: event.buyerId,
        createdAtMs: event.at,
        lastAtMs: event.at,
        completedAtMs: undefined,
        gmvCents: event.lines.reduce((sum, l) => sum + l.amountCents, 0),
        channel: channels && (this.policy.credit === 'first-click' ? channels.first : channels.latest),
        violated: undefined,
      });
      this.#touched.add(event.orderId);
    } else if (event.type.startsWith('order.') && 'orderId' in event) {
      const order = this.#orders.get(event.orderId);
      // The model accepted it, so the order was open: unless it was finalized, which a history
      // that keeps its refund horizon never lets happen (open-orders.ts).
      if (order === undefined) throw new Error(finalizedTooEarly(event, this.#orders.refundHorizonMs));
      order.lastAtMs = event.at;
      if (event.type === 'order.completed') order.completedAtMs = event.at;
      this.#touched.add(event.orderId);
    }
  }

  /** The orders created or changed since the last call, whose decisions are to be read back. */
  takeTouchedOrders(): string[] {
    const ids = [...this.#touched];
    this.#touched.clear();
    return ids;
  }

  /** Every order not finalized yet (`dueOrders`), in creation order: what the end of the run compares. */
  orderIds(): string[] {
    return this.#orders.ids();
  }

  /**
   * The open orders whose decision can no longer change at `nowMs` (open-orders.ts), for their
   * final comparison now rather than at the end of the run: `compareDecisions(…, true)` folds them
   * into the result and drops them.
   */
  dueOrders(nowMs: number): string[] {
    return this.#orders.due(nowMs, (orderId) => this.#model.orderOpen(orderId));
  }

  /** What the checker holds that grows with the traffic, counted (the bounded-state test, the bench). */
  get retained(): {
    orders: number;
    finalized: number;
    pairs: number;
    chains: number;
    forgottenChains: number;
    ids: number;
  } {
    const chains = this.#model.chainCount;
    return {
      orders: this.#orders.size,
      finalized: this.#orders.finalized,
      pairs: this.#pairs.size,
      chains: chains.live,
      forgottenChains: chains.forgotten,
      ids: this.#ledger.size,
    };
  }

  /**
   * Compares the platform's decisions (`platform[i]` for `orderIds[i]`, null when it has none)
   * with the model's, as read at `seenAtMs` (the end of a simulated day; Infinity at the end);
   * `final` also feeds the result's counts and drops the order: an order is compared finally and
   * reported once at most.
   */
  compareDecisions(
    orderIds: readonly string[],
    platform: readonly (PartialDecisionJson | null)[],
    final: boolean,
    seenAtMs = Number.POSITIVE_INFINITY,
  ): void {
    orderIds.forEach((orderId, i) => {
      const order = this.#orders.get(orderId);
      if (order === undefined) return;
      if (final) this.#orders.finalize(orderId);
      compareDecision(this.#decisions, orderId, order, platform[i] ?? null, final, seenAtMs);
    });
  }

  /** Every group of violations found, with counts, in reading order. */
  violationGroups(): ViolationGroup[] {
    return this.#book.groups();
  }

  /** The kept violations: the first examples of each group in canonical order, each with its history's subject. */
  keptViolations(): readonly KeptViolation[] {
    return this.#book.kept();
  }

  /** A sharded run's seller-answer violations, for the merge to count each once. */
  sellerAnswerViolations(): readonly SellerAnswerViolation[] | undefined {
    return this.#sellerAnswers?.list;
  }

  /** Returns the fingerprint of the group the violation went to; `sellerEventId` for a seller answer. */
  #record(traced: Traced, atMs: number, subject: HistorySubject, sellerEventId?: string): string {
    const day = this.accumulator?.violation(atMs);
    const fingerprint = this.#book.record(traced.violation, traced.group, subject);
    if (sellerEventId !== undefined && day !== undefined)
      this.#sellerAnswers?.add(sellerEventId, fingerprint, day);
    return fingerprint;
  }
}
