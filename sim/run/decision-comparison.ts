import { compareRuns } from '../check/compare-runs.js';
import { type DecisionJson, toDecisionJson } from '../domain/decision.js';
import type { ReferenceModel } from '../model/reference-model.js';
import type { RecordViolation } from './answer-comparison.js';
import type { AnswerFaults } from './answer-faults.js';
import { completeDecision, projectDecision } from './compared-decision.js';
import type { CreditedClicks } from './credited-click.js';
import type { DecisionField, PartialDecisionJson } from './define-target.js';
import type { OrderBook } from './open-orders.js';
import type { ResultAccumulator } from './result-accumulator.js';
import { tracedDecision } from './traced-violation.js';
import type { ViolationBook } from './violation-book.js';

/** What comparing a decision reads and writes: the shard checker's parts (shard-checker.ts). */
export interface DecisionComparison {
  readonly model: ReferenceModel;
  /** The Decision fields compared (the target's `compare`). */
  readonly compared: readonly DecisionField[];
  readonly accumulator: ResultAccumulator | undefined;
  readonly faults: AnswerFaults;
  readonly credited: CreditedClicks;
  readonly book: ViolationBook;
  readonly record: RecordViolation;
}

/**
 * One order's decision as the platform gave it (`given`, null when it has none) against the
 * model's, as read at `seenAtMs`. An order is reported once at most: a violation found earlier is
 * not traced again. `final` also feeds the result's counts and the violation's money at stake.
 * A violation is traced to the first diverging answer before it (answer-faults.ts), else to the
 * click the platform credited wrongly (credited-click.ts).
 */
export function compareDecision(
  c: DecisionComparison,
  orderId: string,
  order: OrderBook,
  given: PartialDecisionJson | null,
  final: boolean,
  seenAtMs: number,
): void {
  const decided = c.model.decision(orderId);
  const model = decided === undefined ? null : toDecisionJson(decided);
  // Fields the target does not answer are the model's, in the counts and in a violation.
  const theirs = completeDecision(given, model);
  if (!final && order.violated !== undefined) return;
  const [difference] = compareRuns(
    { decisions: model ? [projectDecision(model, c.compared, orderId)] : [], rejected: [] },
    { decisions: given ? [projectDecision(given, c.compared, orderId)] : [], rejected: [] },
  );
  const matched = difference?.kind !== 'decision';
  if (final) {
    const { storeId, createdAtMs, gmvCents, channel } = order;
    c.accumulator?.order(storeId, createdAtMs, gmvCents, theirs, channel, model, matched);
  }
  if (order.violated !== undefined || matched) {
    if (final && order.violated !== undefined) money(c.book, order.violated, model, theirs);
    return;
  }
  const fault = c.faults.before({ storeId: order.storeId, buyerId: order.buyerId, orderId }, seenAtMs);
  order.violated = c.record(
    tracedDecision(
      orderId,
      difference.fields,
      model,
      theirs,
      fault,
      fault ? undefined : c.credited.cause(order, model, theirs),
    ),
    order.lastAtMs,
    { storeId: order.storeId, buyerId: order.buyerId, orderId, untilMs: seenAtMs },
  );
  if (final) money(c.book, order.violated, model, theirs);
}

function money(
  book: ViolationBook,
  fingerprint: string,
  model: DecisionJson | null,
  platform: DecisionJson | null,
) {
  book.money(fingerprint, model?.commissionCents ?? 0, platform?.commissionCents ?? 0);
}
