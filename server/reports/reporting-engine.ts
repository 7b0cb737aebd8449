import type { AffEvent } from '../../sim/domain/events.js';
import {
  type BookAnswer,
  type BookLimits,
  DEFAULT_BOOK_LIMITS,
  ReportBook,
  type ReportBookState,
} from '../../sim/domain/reports/index.js';
import type { Engine } from '../engine/engine.js';
import type { Answer } from '../engine/outcome.js';

/** An engine that keeps the seller's and affiliate's report book beside its state (docs/reports.md). */
export interface ReportingEngine extends Engine {
  readonly reports: ReportBook;
}

export function hasReports(engine: Engine): engine is ReportingEngine {
  return (engine as Partial<ReportingEngine>).reports instanceof ReportBook;
}

/**
 * Wraps an engine so every event it answers also goes into a report book, whatever path it came
 * by (a route, the batch endpoint, a journal replay, a preload). A repeat (R17), a capacity
 * refusal and a late event of an expired pair changed nothing and are not applied. The book reads
 * decisions from the engine right after the event, so its figures are the engine's decisions; it
 * is bounded by `limits` (DEFAULT_BOOK_LIMITS) beside the engine's own capacity.
 */
export function withReports(
  inner: Engine,
  limits: BookLimits = DEFAULT_BOOK_LIMITS,
  /** A snapshot's book, taken with the state `inner` was restored from (engine.ts `restoreEngine`). */
  state?: ReportBookState,
): ReportingEngine {
  if (hasReports(inner)) return inner;
  const reports = new ReportBook(inner.policy.timeZone, limits, state);
  const decisionOf = (orderId: string) => inner.decision(orderId);
  const snapshotOf = inner.snapshot?.bind(inner);
  return {
    // The book's state beside the engine's, in the same snapshot: they were fed the same events.
    ...(snapshotOf ? { snapshot: () => ({ ...snapshotOf(), reports: reports.state() }) } : {}),
    policy: inner.policy,
    capacity: inner.capacity,
    reports,
    submit(event: AffEvent): Answer {
      const answer = inner.submit(event);
      // A capacity refusal or a late event of an expired pair (R17: its id not kept) applied nothing either.
      if (answer.outcome !== undefined && !answer.repeat)
        reports.apply(event, bookAnswer(answer.outcome), decisionOf);
      return answer;
    },
    decision: (orderId) => inner.decision(orderId),
    decisions: () => inner.decisions(),
    whatIf: (query) => inner.whatIf(query),
    hasAffiliate: (affiliateId) => inner.hasAffiliate(affiliateId),
    orderStoreId: (orderId) => inner.orderStoreId(orderId),
    storeCatalogue: (storeId) => inner.storeCatalogue(storeId),
    stats: () => inner.stats(),
  };
}

function bookAnswer(outcome: NonNullable<Answer['outcome']>): BookAnswer {
  if (outcome.kind === 'rejected') return { kind: 'rejected', rule: outcome.rule, message: outcome.message };
  return outcome.effect.type === 'click'
    ? { kind: 'accepted', qualifying: outcome.effect.qualifying }
    : { kind: 'accepted' };
}
