import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { type BookAnswer, ReportBook, UNBOUNDED_BOOK_LIMITS } from '../domain/reports/index.js';
import { type Evaluation, evaluateHistory } from '../model/evaluate-history.js';
import type { Outcome } from '../model/state.js';

/**
 * The reports of a history through the reference model (`affsim report`): the model evaluates it
 * (time order, RULES.md) and each answered event goes into the report book with the decision of
 * the order it names right after it. R17 repeats change nothing and are left out.
 */
export function modelReportBook(
  events: readonly AffEvent[],
  policy: Policy,
): { book: ReportBook; evaluation: Evaluation } {
  const book = new ReportBook(policy.timeZone, UNBOUNDED_BOOK_LIMITS);
  const evaluation = evaluateHistory(events, policy, ({ event }, outcome, model) => {
    if (outcome === 'repeat') return;
    book.apply(event, bookAnswer(outcome), (orderId) => model.decision(orderId));
  });
  return { book, evaluation };
}

export function bookAnswer(outcome: Outcome): BookAnswer {
  if (outcome.kind === 'rejected') return { kind: 'rejected', rule: outcome.rule, message: outcome.message };
  return outcome.effect.type === 'click-qualifying'
    ? { kind: 'accepted', qualifying: true }
    : outcome.effect.type === 'click-not-qualifying'
      ? { kind: 'accepted', qualifying: false }
      : { kind: 'accepted' };
}
