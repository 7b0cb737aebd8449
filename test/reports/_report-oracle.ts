import { modelReportBook } from '../../sim/check/model-report-book.js';
import type { Decision } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { type ReportBook, type ReportResult, type Row, runReport } from '../../sim/domain/reports/index.js';
import type { History } from '../arbitraries/index.js';
import { evaluateGenerated, type Traced } from '../model/_property-harness.js';

/**
 * The naive side of the report oracle: what each figure must be, computed straight from the
 * model's trace (each event with its outcome, in evaluation order) and its final decisions,
 * with the local day from Intl (not the book's Temporal cache). Nothing here is incremental.
 */
export interface Oracle {
  readonly traced: Traced;
  readonly book: ReportBook;
  /** Accepted events in evaluation order, each with whether it was a qualifying click. */
  readonly accepted: readonly { event: AffEvent; qualifying: boolean | null }[];
  readonly decisions: ReadonlyMap<string, Decision>;
  /** order id → its accepted order.created event. */
  readonly created: ReadonlyMap<string, Extract<AffEvent, { type: 'order.created' }>>;
  readonly day: (ms: number) => string;
}

export function oracleOf(history: History): Oracle {
  const traced = evaluateGenerated(history);
  const { book } = modelReportBook(traced.events, traced.policy);
  const accepted: { event: AffEvent; qualifying: boolean | null }[] = [];
  const created = new Map<string, Extract<AffEvent, { type: 'order.created' }>>();
  for (const step of traced.steps) {
    if (step.outcome === 'repeat' || step.outcome.kind !== 'accepted') continue;
    const effect = step.outcome.effect.type;
    accepted.push({
      event: step.event,
      qualifying: step.event.type === 'click' ? effect === 'click-qualifying' : null,
    });
    if (step.event.type === 'order.created') created.set(step.event.orderId, step.event);
  }
  const decisions = new Map(traced.evaluation.decisions.map((d) => [d.orderId, d]));
  return { traced, book, accepted, decisions, created, day: localDateOf(traced.policy.timeZone) };
}

export function localDateOf(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (ms) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
    return `${parts.year}-${parts.month}-${parts.day}`;
  };
}

/** Every row of a report, read page by page through its cursors (`limit` rows a page). */
export function allPages(
  book: ReportBook,
  scope: 'store' | 'affiliate',
  id: string,
  report: string,
  query: Record<string, string | undefined> = {},
  limit = 1000,
): { rows: Row[]; first: ReportResult } {
  const rows: Row[] = [];
  let cursor: string | undefined;
  let first: ReportResult | undefined;
  for (let pages = 0; pages < 100_000; pages += 1) {
    const answer = runReport(book, scope, id, report, { ...query, limit: String(limit), cursor });
    if (!answer.ok) throw new Error(`${scope} ${id} ${report}: ${answer.message}`);
    first ??= answer.result;
    rows.push(...answer.result.rows);
    if (answer.result.nextCursor === null) return { rows, first };
    cursor = answer.result.nextCursor;
  }
  throw new Error('paging never ended');
}

export function storesOf(o: Oracle): string[] {
  return o.accepted.flatMap(({ event: e }) => (e.type === 'store.registered' ? [e.storeId] : []));
}

export function affiliatesOf(o: Oracle): string[] {
  return o.accepted.flatMap(({ event: e }) => (e.type === 'affiliate.registered' ? [e.affiliateId] : []));
}

/** The local dates any event of the history falls on, for drawing periods. */
export function datesOf(o: Oracle): string[] {
  return [...new Set(o.traced.events.map((e) => o.day(e.at)))].sort();
}

/** Adds `days` to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function within(date: string, from: string | undefined, to: string | undefined): boolean {
  return (from === undefined || date >= from) && (to === undefined || date <= to);
}
