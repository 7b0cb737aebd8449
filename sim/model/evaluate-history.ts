import type { Decision, Rejection } from '../domain/decision.js';
import type { AffEvent } from '../domain/events.js';
import type { Policy } from '../domain/policy.js';
import { IdLedger } from './id-ledger.js';
import { ReferenceModel } from './reference-model.js';
import type { Outcome } from './state.js';

/** One event as recorded: `index` is its position among the history's events (recording order). */
export interface RecordedEvent {
  readonly event: AffEvent;
  readonly index: number;
}

export interface Evaluation {
  readonly decisions: Decision[];
  readonly rejected: Rejection[];
  readonly model: ReferenceModel;
}

/** Called for every event in evaluation order; a repeat (R17) is reported with `repeat: true` and no outcome of its own. */
export type EvaluationObserver = (recorded: RecordedEvent, outcome: Outcome | 'repeat') => void;

/**
 * Evaluates a whole history (RULES.md, "Order of evaluation"): ids are settled in recording order
 * (R17), then every event is applied in time order, ties in recording order.
 */
export function evaluateHistory(
  events: readonly AffEvent[],
  policy: Policy,
  observe?: EvaluationObserver,
): Evaluation {
  const ledger = new IdLedger();
  const admissions = events.map((event) => ledger.admit(event).kind);
  const order = events.map((_, index) => index);
  // Array.prototype.sort is stable, so equal instants keep their recording order.
  order.sort((a, b) => (events[a] as AffEvent).at - (events[b] as AffEvent).at);

  const model = new ReferenceModel(policy);
  const rejected: Rejection[] = [];
  for (const index of order) {
    const event = events[index] as AffEvent;
    const admission = admissions[index];
    if (admission === 'repeat') {
      observe?.({ event, index }, 'repeat');
      continue;
    }
    const outcome: Outcome =
      admission === 'conflict'
        ? {
            kind: 'rejected',
            rule: 'R17',
            message: `event id ${event.id} was already used for another event`,
          }
        : model.apply(event);
    if (outcome.kind === 'rejected')
      rejected.push({ id: event.id, rule: outcome.rule, message: outcome.message });
    observe?.({ event, index }, outcome);
  }
  return { decisions: [...model.decisions()], rejected, model };
}
