import { compareRuns } from '../check/compare-runs.js';
import { toDecisionJson } from '../domain/decision.js';
import type { AffEvent } from '../domain/events.js';
import { IdLedger } from '../model/id-ledger.js';
import { ReferenceModel } from '../model/reference-model.js';
import type { Outcome } from '../model/state.js';
import type { Scenario } from '../scenario/define-scenario.js';
import { completeDecision, projectDecision } from './compared-decision.js';
import {
  DECISION_FIELDS,
  type DecisionField,
  type EventAnswer,
  type PartialDecisionJson,
} from './define-target.js';
import type { HistorySubject } from './minimal-history.js';
import { ResultAccumulator } from './result-accumulator.js';
import { compareViolations } from './result-order.js';
import type { Violation } from './run-result.js';
import { rulesOfFields } from './violation-rules.js';

/**
 * Violations kept in full (with a history file each); past it they are only counted. Each shard
 * keeps its first ones in the result's canonical order, so the run's kept set (the first of the
 * merge) is the same whatever the number of shards or workers.
 */
export const VIOLATIONS_KEPT_MAX = 50;

/** A kept violation (its `historyFile` and `replay` still empty) and what its minimal history is about. */
export interface KeptViolation {
  readonly violation: Violation;
  readonly subject: HistorySubject;
}

interface OrderBook {
  readonly storeId: string;
  readonly buyerId: string;
  readonly createdAtMs: number;
  lastAtMs: number;
  readonly gmvCents: number;
  readonly channel: string | undefined;
  violated: boolean;
}

/**
 * The reference model's side of a shard, and the comparisons with the platform's answers: a pure
 * unit (no HTTP, no files). It is fed the events a platform was sent with the platform's answers,
 * and the decisions the platform gave; it records every violation, keeps the first
 * VIOLATIONS_KEPT_MAX of them in canonical order, and feeds the shard's result counts. The model
 * here is an independent instance fed the same events in time order; it never sees the platform's
 * state, only its answers (a black-box checker).
 */
export class ShardChecker {
  readonly accumulator: ResultAccumulator;
  readonly #model: ReferenceModel;
  readonly #ledger = new IdLedger();
  readonly #orders = new Map<string, OrderBook>();
  /** Per (store, buyer): the channels of the chain's first and latest clicks, to credit a channel (R8). */
  readonly #chainChannels = new Map<string, { first: string; latest: string }>();
  readonly #touched = new Set<string>();
  #kept: KeptViolation[] = [];
  #violationCount = 0;

  /**
   * `countsSellerEvents`: every shard sends the seller timeline (R17 repeats after the first);
   * only shard 0 counts it, so the result's event counts are the history's whatever the number of
   * shards.
   */
  /** The Decision fields compared (the target's `compare`, in DECISION_FIELDS' order; all by default). */
  readonly compared: readonly DecisionField[];

  constructor(
    readonly scenario: Scenario,
    readonly countsSellerEvents: boolean,
    compare: readonly DecisionField[] = DECISION_FIELDS,
  ) {
    this.compared = DECISION_FIELDS.filter((f) => compare.includes(f));
    this.#model = new ReferenceModel(scenario.policy);
    this.accumulator = new ResultAccumulator(scenario);
  }

  /** Every violation found so far, kept or only counted. */
  get violationCount(): number {
    return this.#violationCount;
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
        this.#event(seller, sellerAnswers[s] as EventAnswer, this.countsSellerEvents);
        s += 1;
      } else {
        this.#event(buyer as AffEvent, buyerAnswers[b] as EventAnswer, true);
        b += 1;
      }
    }
  }

  /** `counted`: false for the seller events of shards other than 0, which check them only as model input. */
  #event(event: AffEvent, answer: EventAnswer, counted: boolean): void {
    // An event the target does not take (defineTarget's `unsupported`) was not sent: counted as
    // such, applied to the model, its marker answer not compared.
    if (counted && answer.unsupported) this.accumulator.unsupported();
    else if (counted) this.accumulator.answered(answer.accepted, answer.rule);
    const admission = this.#ledger.admit(event);
    if (admission.kind === 'repeat') {
      if (counted) this.accumulator.repeat();
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
    if (counted && !answer.unsupported) this.#compareAnswer(event, outcome, answer);
    if (outcome.kind !== 'accepted') return;
    const effect = outcome.effect;
    if (event.type === 'click') {
      const qualifying = effect.type === 'click-qualifying';
      this.accumulator.click(event.storeId, event.at, qualifying);
      if (effect.type === 'click-qualifying') {
        const key = `${event.storeId}\u0000${event.buyerId}`;
        const previous = this.#chainChannels.get(key);
        this.#chainChannels.set(key, {
          first: effect.chain === 'restarted' && previous ? previous.first : event.channel,
          latest: event.channel,
        });
      }
    } else if (event.type === 'order.created' && effect.type === 'order-created') {
      const channels = this.#chainChannels.get(`${event.storeId}\u0000${event.buyerId}`);
      if (effect.chain !== undefined) this.accumulator.clickToOrder(event.at - effect.chain.latest.atMs);
      this.#orders.set(event.orderId, {
        storeId: event.storeId,
        buyerId: event.buyerId,
        createdAtMs: event.at,
        lastAtMs: event.at,
        gmvCents: event.lines.reduce((sum, l) => sum + l.amountCents, 0),
        channel:
          channels && (this.scenario.policy.credit === 'first-click' ? channels.first : channels.latest),
        violated: false,
      });
      this.#touched.add(event.orderId);
    } else if (event.type.startsWith('order.') && 'orderId' in event) {
      const order = this.#orders.get(event.orderId);
      if (order) order.lastAtMs = event.at;
      this.#touched.add(event.orderId);
    }
  }

  #compareAnswer(event: AffEvent, outcome: Outcome, answer: EventAnswer): void {
    const modelAccepted = outcome.kind === 'accepted';
    const modelRule = outcome.kind === 'rejected' ? outcome.rule : undefined;
    const sameRule = answer.accepted || answer.rule === undefined || answer.rule === modelRule;
    if (modelAccepted === answer.accepted && sameRule) return;
    const view = (accepted: boolean, rule: string | undefined) =>
      accepted ? { outcome: 'accepted' } : { outcome: 'rejected', ...(rule ? { rule } : {}) };
    const fields = modelAccepted === answer.accepted ? ['rule'] : ['outcome'];
    const subject = subjectOf(event, this.#orders);
    this.#record(
      {
        rules: [...new Set([modelRule, answer.rule].filter((r): r is string => r !== undefined))].sort(),
        kind: 'answer',
        subject: event.id,
        fields,
        model: view(modelAccepted, modelRule),
        platform: view(answer.accepted, answer.rule),
        historyFile: '',
        replay: '',
      },
      event.at,
      subject,
    );
  }

  /** The orders created or changed since the last call, whose decisions are to be read back. */
  takeTouchedOrders(): string[] {
    const ids = [...this.#touched];
    this.#touched.clear();
    return ids;
  }

  /** Every order the model accepted, in creation order. */
  orderIds(): string[] {
    return [...this.#orders.keys()];
  }

  /**
   * Compares the platform's decisions (`platform[i]` for `orderIds[i]`, null when it has none)
   * with the model's; `final` also feeds the result's counts. An order is reported once at most.
   */
  compareDecisions(
    orderIds: readonly string[],
    platform: readonly (PartialDecisionJson | null)[],
    final: boolean,
  ): void {
    orderIds.forEach((orderId, i) => {
      const order = this.#orders.get(orderId) as OrderBook;
      const decided = this.#model.decision(orderId);
      const model = decided === undefined ? null : toDecisionJson(decided);
      // Fields the target does not answer are the model's, in the counts and in a violation.
      const given = platform[i] ?? null;
      const theirs = completeDecision(given, model);
      if (!final && order.violated) return;
      const [difference] = compareRuns(
        { decisions: model ? [projectDecision(model, this.compared, orderId)] : [], rejected: [] },
        { decisions: given ? [projectDecision(given, this.compared, orderId)] : [], rejected: [] },
      );
      const matched = difference?.kind !== 'decision';
      if (final) {
        const { storeId, createdAtMs, gmvCents, channel } = order;
        this.accumulator.order(storeId, createdAtMs, gmvCents, theirs, channel, model, matched);
      }
      if (order.violated || matched) return;
      order.violated = true;
      this.#record(
        {
          rules: rulesOfFields(difference.fields),
          kind: 'decision',
          subject: orderId,
          fields: difference.fields,
          model,
          platform: theirs,
          historyFile: '',
          replay: '',
        },
        order.lastAtMs,
        { storeId: order.storeId, buyerId: order.buyerId, orderId, untilMs: order.lastAtMs },
      );
    });
  }

  /** The kept violations: the first VIOLATIONS_KEPT_MAX in canonical order, each with its history's subject. */
  keptViolations(): readonly KeptViolation[] {
    this.#prune();
    return [...this.#kept];
  }

  #record(violation: Violation, atMs: number, subject: HistorySubject | undefined): void {
    this.#violationCount += 1;
    this.accumulator.violation(atMs);
    if (subject === undefined) return;
    this.#kept.push({ violation, subject });
    if (this.#kept.length >= 2 * VIOLATIONS_KEPT_MAX) this.#prune();
  }

  #prune(): void {
    this.#kept = this.#kept
      .sort((a, b) => compareViolations(a.violation, b.violation))
      .slice(0, VIOLATIONS_KEPT_MAX);
  }
}

/** The store, buyer and order an event's answer depends on. */
function subjectOf(event: AffEvent, orders: ReadonlyMap<string, OrderBook>): HistorySubject | undefined {
  switch (event.type) {
    case 'affiliate.registered':
      return undefined;
    case 'click':
      return { storeId: event.storeId, buyerId: event.buyerId, untilMs: event.at };
    case 'order.created':
      return { storeId: event.storeId, buyerId: event.buyerId, orderId: event.orderId, untilMs: event.at };
    case 'order.completed':
    case 'order.cancelled':
    case 'order.refunded': {
      const order = orders.get(event.orderId);
      return (
        order && { storeId: order.storeId, buyerId: order.buyerId, orderId: event.orderId, untilMs: event.at }
      );
    }
    default:
      return { storeId: event.storeId, untilMs: event.at };
  }
}
