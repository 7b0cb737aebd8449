import type { DecisionJson } from './decision.js';

// In a module of their own, importing only types, so the k6 scripts can use them without the rest
// of define-target.ts (re-exported from there).

/**
 * The Decision fields a target can be compared on (`compare`): the field names of RULES.md, and
 * `lines[].x` for a field of every line (the number of lines is compared when any line field is).
 */
export const DECISION_FIELDS = [
  'attributed',
  'reason',
  'affiliateId',
  'clickAt',
  'windowEndsAt',
  'status',
  'commissionCents',
  'lines[].productId',
  'lines[].amountCents',
  'lines[].refundedCents',
  'lines[].rateBps',
  'lines[].tier',
  'lines[].commissionCents',
] as const;
export type DecisionField = (typeof DECISION_FIELDS)[number];

type DecisionLineJson = DecisionJson['lines'][number];
/** A decision as a target with a `compare` list may answer it: the fields it does not compare may be absent. */
export type PartialDecisionJson = Partial<Omit<DecisionJson, 'lines'>> & {
  lines?: Partial<DecisionLineJson>[];
};
