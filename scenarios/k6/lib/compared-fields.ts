import type { DecisionJson } from '../../../sim/domain/decision.js';
import type { DecisionField, PartialDecisionJson } from '../../../sim/domain/decision-fields.js';

/**
 * The Decision fields an adapter compares, grouped the way the default checks are (one k6 check
 * per group, so the summary says which part broke): only groups with a compared field are checked.
 * Pure and free of k6, so Node tests it too.
 */
export interface FieldGroup {
  readonly check: string;
  readonly fields: readonly DecisionField[];
}

const GROUPS: readonly FieldGroup[] = [
  { check: 'status', fields: ['status'] },
  { check: 'affiliate', fields: ['attributed', 'affiliateId', 'reason'] },
  { check: 'window', fields: ['clickAt', 'windowEndsAt'] },
  { check: 'commission', fields: ['commissionCents', 'lines[].commissionCents'] },
  { check: 'tiers', fields: ['lines[].tier', 'lines[].rateBps'] },
  { check: 'lines', fields: ['lines[].productId', 'lines[].amountCents', 'lines[].refundedCents'] },
];

/** The groups of `compare`, each with only its compared fields. */
export function fieldGroups(compare: readonly DecisionField[]): FieldGroup[] {
  const groups: FieldGroup[] = [];
  for (const g of GROUPS) {
    const fields = g.fields.filter((f) => compare.indexOf(f) !== -1);
    if (fields.length > 0) groups.push({ check: g.check, fields });
  }
  return groups;
}

/**
 * Whether the answered decision has the model's value in every one of `fields`. A field the
 * answer leaves out differs (null included), and a compared line field compares the number of
 * lines too (as affsim run does, sim/run/compared-decision.ts).
 */
export function sameFields(
  got: PartialDecisionJson,
  want: DecisionJson,
  fields: readonly DecisionField[],
): boolean {
  for (const field of fields) {
    if (field.indexOf('lines[].') === 0) {
      const key = field.slice('lines[].'.length) as keyof DecisionJson['lines'][number];
      const lines = got.lines;
      if (!Array.isArray(lines) || lines.length !== want.lines.length) return false;
      for (let i = 0; i < lines.length; i += 1) {
        const line = lines[i] as Record<string, unknown> | undefined;
        if (line === undefined || line === null || !(key in line)) return false;
        if (line[key] !== (want.lines[i] as DecisionJson['lines'][number])[key]) return false;
      }
    } else {
      const key = field as keyof PartialDecisionJson & keyof DecisionJson;
      if (!(key in got) || got[key] !== want[key]) return false;
    }
  }
  return true;
}

/** The model's decision cut to the compared fields: what a mismatch message shows beside the answer. */
export function comparedPart(want: DecisionJson, compare: readonly DecisionField[]): Record<string, unknown> {
  const out: Record<string, unknown> = { orderId: want.orderId };
  const lineKeys: string[] = [];
  for (const field of compare) {
    if (field.indexOf('lines[].') === 0) lineKeys.push(field.slice('lines[].'.length));
    else out[field] = want[field as keyof DecisionJson];
  }
  if (lineKeys.length > 0)
    out.lines = want.lines.map((line) => {
      const part: Record<string, unknown> = {};
      for (const k of lineKeys) part[k] = line[k as keyof typeof line];
      return part;
    });
  return out;
}
