import type { AffEvent } from '../sim/domain/events.js';
import type { Policy } from '../sim/domain/policy.js';
import { timeOrderDelivery } from '../sim/history/delivery-order.js';
import type { CapacityRefusal } from './engine/capacity.js';
import { createEngine, type Engine } from './engine/engine.js';
import { withReports } from './reports/reporting-engine.js';

export interface PreloadedEngine {
  readonly engine: Engine;
  /** Events applied (all of them unless `full`). */
  readonly events: number;
  /** The history passed a capacity limit of the engine at event `index` (recording order): applied up to before it. */
  readonly full?: CapacityRefusal & { readonly index: number };
  /** Events the rules refused (R3): part of any realistic history, listed by `affsim check`. */
  readonly rejected: number;
}

/**
 * An engine that already holds a recorded history, for load tests that read or extend it
 * (`affsim serve --preload`). Every event goes through `engine.submit`, exactly as the batch
 * endpoint applies it, minus the HTTP: a history of half a million events loads in about a
 * second instead of minutes of requests. Events are applied in time order (delivery-order.ts),
 * which keeps any recording inside the engine's ordering guarantee (server/README.md). `engine`: an
 * empty engine to fill (a mutant's, `affsim serve --mutant`); a fresh one for `policy` when absent.
 */
export function preloadEngine(
  events: readonly AffEvent[],
  policy: Policy,
  empty: Engine = createEngine(policy),
): PreloadedEngine {
  // The report book is fed as the events are applied (server/reports), so the preloaded reports are there.
  const engine = withReports(empty);
  let rejected = 0;
  let applied = 0;
  let full: PreloadedEngine['full'];
  for (const index of timeOrderDelivery(events)) {
    const answer = engine.submit(events[index] as AffEvent);
    if (answer.refused) {
      full = { ...answer.refused, index };
      break;
    }
    // A preload is sent in time order (timeOrderDelivery): nothing is late; were it, it is refused.
    if (answer.late !== undefined || (answer.outcome.kind === 'rejected' && !answer.repeat)) rejected += 1;
    applied += 1;
  }
  return { engine, events: applied, rejected, ...(full ? { full } : {}) };
}
