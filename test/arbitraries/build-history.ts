import { HistoryBuilder } from './_history-builder.js';
import type { HistoryPlan } from './history-plan.js';
import type { History } from './raw-event.js';

/**
 * Turns a plan into a history, one step at a time, keeping a rough picture of the world (who is a
 * member since when, where each (buyer, store) window ends, what is left of each order line) only
 * to aim timestamps at boundaries and to make refunds and completions land on real orders. The
 * picture is never an oracle: properties ask the model, and a wrong guess here only wastes a step.
 *
 * Deterministic, and a prefix of the steps builds a prefix of the events (properties append steps).
 * Events come out in time order, except repeats (R17), which are recorded late with their old `at`.
 */
export function buildHistory(plan: HistoryPlan): History {
  const builder = new HistoryBuilder(plan);
  for (const step of plan.steps) if (!plan.disabled.includes(step.kind)) builder.apply(step);
  return { policy: plan.policy, events: builder.events };
}
