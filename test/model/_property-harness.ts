import {
  type Decision,
  type DecisionJson,
  type Rejection,
  toDecisionJson,
} from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY, type Policy, withOverrides } from '../../sim/domain/policy.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { type Evaluation, evaluateHistory, IdLedger, ReferenceModel } from '../../sim/model/index.js';
import type { Outcome } from '../../sim/model/state.js';
import { type History, toJsonl } from '../arbitraries/index.js';

/** A generated history as the checker reads it: through its JSONL file, so every property also checks the events parse. */
export function readGenerated(history: History): { policy: Policy; events: AffEvent[] } {
  const read = parseHistoryText(toJsonl(history));
  if (!read.ok) throw new Error(`generated history does not parse: ${JSON.stringify(read.errors)}`);
  return { policy: withOverrides(DEFAULT_POLICY, read.history.policy), events: read.history.events };
}

/** One event as the model saw it, in evaluation order; `repeat` for an R17 repeat. */
export interface TraceStep {
  readonly event: AffEvent;
  /** The event's position in recording order. */
  readonly index: number;
  readonly outcome: Outcome | 'repeat';
}

export interface Traced {
  readonly policy: Policy;
  readonly events: readonly AffEvent[];
  readonly evaluation: Evaluation;
  readonly steps: readonly TraceStep[];
}

export function evaluateGenerated(history: History): Traced {
  const { policy, events } = readGenerated(history);
  const steps: TraceStep[] = [];
  const evaluation = evaluateHistory(events, policy, ({ event, index }, outcome) =>
    steps.push({ event, index, outcome }),
  );
  return { policy, events, evaluation, steps };
}

/** The decisions as RULES.md writes them, by order id (order-insensitive comparisons). */
export function decisionsById(evaluation: Pick<Evaluation, 'decisions'>): Map<string, DecisionJson> {
  return new Map(evaluation.decisions.map((d) => [d.orderId, toDecisionJson(d)]));
}

export function decisionsJson(evaluation: Pick<Evaluation, 'decisions'>): DecisionJson[] {
  return evaluation.decisions.map(toDecisionJson);
}

/** Rejections without their messages (which quote instants) and without repeated entries. */
export function rejectionKeys(rejected: readonly Rejection[]): string[] {
  return [...new Set(rejected.map((r) => `${r.id} ${r.rule}`))];
}

/**
 * Replays a history through the reference model one event at a time, as `evaluateHistory` does
 * (ids in recording order, events in time order), and shows each applied event with the decision
 * of the order it names before and after it: for properties about a single event's effect.
 */
export function replayOrders(
  history: History,
  visit: (
    event: AffEvent,
    outcome: Outcome,
    before: Decision | undefined,
    after: Decision | undefined,
  ) => void,
): void {
  const { policy, events } = readGenerated(history);
  const ledger = new IdLedger();
  const admissions = events.map((e) => ledger.admit(e).kind);
  const order = events
    .map((_, i) => i)
    .sort((a, b) => (events[a] as AffEvent).at - (events[b] as AffEvent).at || a - b);
  const model = new ReferenceModel(policy);
  for (const i of order) {
    if (admissions[i] !== 'new') continue;
    const event = events[i] as AffEvent;
    const orderId = 'orderId' in event ? event.orderId : undefined;
    const before = orderId === undefined ? undefined : model.decision(orderId);
    const outcome = model.apply(event);
    visit(event, outcome, before, orderId === undefined ? undefined : model.decision(orderId));
  }
}
