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

/**
 * Called for every event in evaluation order; a repeat (R17) is reported as `'repeat'`, with no
 * outcome of its own. `model` is the state right after the event (for reading a decision then).
 */
export type EvaluationObserver = (
  recorded: RecordedEvent,
  outcome: Outcome | 'repeat',
  model: Readonly<ReferenceModel>,
) => void;

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
  const order = timeOrder(events);

  const model = new ReferenceModel(policy);
  const rejected: Rejection[] = [];
  for (const index of order) {
    const event = events[index] as AffEvent;
    const admission = admissions[index];
    if (admission === 'repeat') {
      observe?.({ event, index }, 'repeat', model);
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
    observe?.({ event, index }, outcome, model);
  }
  return { decisions: [...model.decisions()], rejected, model };
}

/** Indices in evaluation order: by `at`, ties in recording order. Most histories are already in order. */
function timeOrder(events: readonly AffEvent[]): Uint32Array {
  const order = new Uint32Array(events.length);
  const ats = new Float64Array(events.length);
  let sorted = true;
  for (let i = 0; i < events.length; i += 1) {
    order[i] = i;
    const at = (events[i] as AffEvent).at;
    if (i > 0 && at < (ats[i - 1] as number)) sorted = false;
    ats[i] = at;
  }
  if (!sorted) order.sort((a, b) => (ats[a] as number) - (ats[b] as number) || a - b);
  return order;
}
