import type { AffEvent } from '../domain/events.js';
import type { Outcome } from '../model/state.js';
import type { AnswerFaults } from './answer-faults.js';
import type { EventAnswer } from './define-target.js';
import { type KnownOrders, scopeOf, subjectOf } from './event-scope.js';
import type { HistorySubject } from './history-superset.js';
import { type Traced, tracedAnswer, tracedRepeat } from './traced-violation.js';

/** Records a violation (`sellerEventId` for a seller event's answer); gives its group's fingerprint. */
export type RecordViolation = (
  traced: Traced,
  atMs: number,
  subject: HistorySubject,
  sellerEventId?: string,
) => string;

/**
 * Each answer of the platform against the model's outcome for its event, and a repeat's answer
 * against the original's (R17), for the shard checker (shard-checker.ts). A diverging answer is
 * remembered (answer-faults.ts), so a decision that follows from it is traced to it.
 */
export class AnswerComparison {
  /** The rule that refused each id the model refused: what a repeat of it must be answered (R17). */
  readonly #refused = new Map<string, string>();

  constructor(
    private readonly faults: AnswerFaults,
    private readonly orders: KnownOrders,
    private readonly record: RecordViolation,
  ) {}

  /** The model refused the event first sent with this id, by `rule`. */
  refused(eventId: string, rule: string): void {
    this.#refused.set(eventId, rule);
  }

  /**
   * Every shard is sent the seller timeline and compares each answer; a diverging one is
   * remembered, so a decision is traced to it on every shard alike, and recorded (a sharded run
   * lists the seller ones, which the merge counts once).
   */
  answer(event: AffEvent, outcome: Outcome, answer: EventAnswer, seller: boolean): void {
    const model = {
      accepted: outcome.kind === 'accepted',
      rule: outcome.kind === 'rejected' ? outcome.rule : undefined,
    };
    const sameRule = answer.accepted || answer.rule === undefined || answer.rule === model.rule;
    if (model.accepted === answer.accepted && sameRule) return;
    const traced = tracedAnswer(event, model, answer, this.faults.before(scopeOf(event, this.orders)));
    this.faults.remember(event, traced.fault);
    this.record(traced, event.at, subjectOf(event, this.orders), seller ? event.id : undefined);
  }

  /** A repeat (same id, same payload) must be answered as the original was (R17). */
  repeat(event: AffEvent, answer: EventAnswer, seller: boolean): void {
    const rule = this.#refused.get(event.id);
    const original = { accepted: rule === undefined, rule };
    const sameRule = answer.accepted || answer.rule === undefined || answer.rule === rule;
    if (original.accepted === answer.accepted && sameRule) return;
    // The retry arrived after events later than its own instant: its history keeps them all.
    const subject = { ...subjectOf(event, this.orders), untilMs: Number.POSITIVE_INFINITY };
    this.record(tracedRepeat(event, original, answer), event.at, subject, seller ? event.id : undefined);
  }
}
