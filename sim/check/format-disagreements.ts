import { type Column, tableLines } from '../text/format-table.js';
import { type Disagreement, flatten } from './compare-runs.js';

/** The model's and the server's answers side by side, only where they differ. */
export function* disagreementLines(
  disagreements: readonly Disagreement[],
  serverName: string,
): Generator<string> {
  yield `${disagreements.length} disagreement(s) between the reference model and ${serverName}:\n`;
  for (const d of disagreements) {
    if (d.kind === 'decision') {
      yield `\norder ${d.orderId}\n`;
      const m = d.model ? flatten(d.model) : new Map<string, string>();
      const s = d.server ? flatten(d.server) : new Map<string, string>();
      const rows = d.fields.map((field) => ({
        field,
        model: d.model ? (m.get(field) ?? '(absent)') : '(no such order)',
        server: d.server ? (s.get(field) ?? '(absent)') : '(no such order)',
      }));
      const columns: Column<(typeof rows)[number]>[] = [
        { header: 'field', cell: (r) => r.field },
        { header: 'model', cell: (r) => r.model },
        { header: serverName, cell: (r) => r.server },
      ];
      yield* tableLines(columns, rows, '  ');
    } else {
      const words = (rules: readonly string[]) =>
        rules.length === 0 ? 'accepted' : `rejected ${rules.join(', ')}`;
      yield `\nevent ${d.eventId}\n  model: ${words(d.model)}\n  ${serverName}: ${words(d.server)}\n`;
    }
  }
}

/**
 * A disagreement found by replaying a history on a service through its adapter (`affsim check
 * --target-adapter`, `affsim explain --target`), traced to its cause like a run's violation. Only
 * the Decision fields the adapter compares are shown.
 */
export type TracedDisagreement =
  | {
      readonly kind: 'answer';
      readonly eventId: string;
      readonly eventType: string;
      readonly model: AnswerView;
      readonly platform: AnswerView;
      readonly cause: TracedCause;
    }
  | {
      readonly kind: 'decision';
      readonly orderId: string;
      /** The compared field paths that differ (`lines[0].tier`). */
      readonly fields: readonly string[];
      /** Each side's decision, its compared fields only (a field the platform left out is absent). */
      readonly model: ComparedDecision | null;
      readonly platform: ComparedDecision | null;
      readonly cause: TracedCause;
    };

/** What a side did with an event: `accepted`, or `rejected` with the rule it named. */
export interface AnswerView {
  readonly outcome: string;
  readonly rule?: string;
}

/** The first place the platform departs from the model (a run's ViolationCause). */
export interface TracedCause {
  readonly kind: 'answer' | 'field';
  readonly rule: string;
  readonly text: string;
  readonly eventId?: string;
  readonly field?: string;
}

export type ComparedDecision = Readonly<Record<string, unknown>>;

/** A decision cut down to the `compared` fields (DECISION_FIELDS names, `lines[].x` for a line's), in their order. */
export function projectCompared(
  decision: object | null,
  compared: readonly string[],
): ComparedDecision | null {
  if (decision === null) return null;
  const source = decision as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const lineKeys: string[] = [];
  for (const field of compared) {
    if (field.startsWith('lines[].')) lineKeys.push(field.slice('lines[].'.length));
    else if (source[field] !== undefined) out[field] = source[field];
  }
  if (lineKeys.length > 0 && Array.isArray(source.lines)) {
    out.lines = (source.lines as Record<string, unknown>[]).map((line) =>
      Object.fromEntries(lineKeys.filter((k) => line[k] !== undefined).map((k) => [k, line[k]])),
    );
  }
  return out;
}

/** `accepted`, `rejected R4`, or `rejected (no rule named)`. */
export function answerWords(a: AnswerView): string {
  if (a.outcome === 'accepted') return 'accepted';
  return a.rule === undefined ? 'rejected (no rule named)' : `rejected ${a.rule}`;
}

/** Every traced disagreement, the model's side beside the platform's, each with its cause. */
export function* tracedDisagreementLines(
  disagreements: readonly TracedDisagreement[],
  serverName: string,
): Generator<string> {
  yield `\n${disagreements.length} disagreement(s) between the reference model and ${serverName}:\n`;
  for (const d of disagreements) {
    if (d.kind === 'decision') {
      yield `\norder ${d.orderId}\n`;
      const m = d.model ? flatten(d.model) : undefined;
      const s = d.platform ? flatten(d.platform) : undefined;
      const rows = d.fields.map((field) => ({
        field,
        model: valueAt(m, field),
        server: valueAt(s, field),
      }));
      const columns: Column<(typeof rows)[number]>[] = [
        { header: 'field', cell: (r) => r.field },
        { header: 'model', cell: (r) => r.model },
        { header: serverName, cell: (r) => r.server },
      ];
      yield* tableLines(columns, rows, '  ');
    } else {
      yield `\nevent ${d.eventId} (${d.eventType})\n  model: ${answerWords(d.model)}\n  ${serverName}: ${answerWords(d.platform)}\n`;
    }
    yield `  cause: ${d.cause.text}\n`;
  }
}

/**
 * Every compared field of one order's decision, a line each: field, the model's value, the
 * platform's, and `≠` where they differ.
 */
export function* sideBySideLines(
  model: ComparedDecision | null,
  platform: ComparedDecision | null,
  indent = '',
): Generator<string> {
  const m = model ? flatten(model) : undefined;
  const s = platform ? flatten(platform) : undefined;
  const paths = [...new Set([...(m?.keys() ?? []), ...(s?.keys() ?? [])])];
  if (paths.length === 0) paths.push('(decision)');
  const rows = paths.map((field) => {
    const a = valueAt(m, field);
    const b = valueAt(s, field);
    return { field, model: a, platform: b, differs: a !== b };
  });
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'field', cell: (r) => r.field },
    { header: 'model', cell: (r) => r.model },
    { header: 'platform', cell: (r) => r.platform },
    { header: '', cell: (r) => (r.differs ? '≠' : '') },
  ];
  yield* tableLines(columns, rows, indent);
}

/** A flattened field's value; `(absent)` when that side left it out, `(no such order)` when it has no decision. */
function valueAt(flat: Map<string, string> | undefined, field: string): string {
  if (flat === undefined) return '(no such order)';
  return flat.get(field) ?? '(absent)';
}
