import type { DecisionJson } from '../domain/decision.js';
import type { DecisionField, PartialDecisionJson } from './define-target.js';

/**
 * A platform's decision seen through the adapter's `compare` list (issue 10, "Adapters that fit
 * real services"): a service answers only some Decision fields, so only those are compared, and a
 * compared field it leaves out is a difference.
 */
/** A platform's decision with the fields it left out taken from the model's (null when it has none). */
export function completeDecision(
  theirs: PartialDecisionJson | null,
  model: DecisionJson | null,
): DecisionJson | null {
  if (theirs === null) return null;
  if (model === null) return theirs as DecisionJson;
  const lines = theirs.lines?.map((l, i) => ({ ...model.lines[i], ...l }) as DecisionJson['lines'][number]);
  return { ...model, ...theirs, lines: lines ?? model.lines };
}

/** Only the compared fields of a decision, for compareRuns: a compared field left out differs. */
export function projectDecision(
  d: PartialDecisionJson,
  fields: readonly DecisionField[],
  orderId: string,
): DecisionJson {
  const out: Record<string, unknown> = { orderId };
  const lineFields: string[] = [];
  for (const f of fields) {
    if (f.startsWith('lines[].')) lineFields.push(f.slice('lines[].'.length));
    else out[f] = orAbsent(d[f as keyof PartialDecisionJson]);
  }
  if (lineFields.length > 0)
    out.lines = (d.lines ?? []).map((l) =>
      Object.fromEntries(lineFields.map((k) => [k, orAbsent(l[k as keyof typeof l])])),
    );
  return out as unknown as DecisionJson;
}

/** A field the platform left out is no value of the model's (null included). */
const orAbsent = (v: unknown) => (v === undefined ? '(absent)' : v);
