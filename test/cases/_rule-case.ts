import type { DecisionJson, RuleId } from '../../sim/domain/decision.js';

/**
 * What a case asserts about one order: only the fields named (a `lines` array is compared whole).
 * `null` asserts that the engine gives no decision for that order id (its creation was rejected).
 */
export type ExpectedDecision = Partial<DecisionJson> | null;

/** A history computed by hand from RULES.md, with the outcome the rule book demands. */
export interface RuleCase {
  readonly name: string;
  readonly rules: RuleId[];
  /** One line: why the expected outcome follows from the rules. */
  readonly why: string;
  /** EVENTS.md JSON Lines, optionally starting with a policy line. */
  readonly history: string;
  /** Extra `key=value` policy assignments, applied over the history's policy line. */
  readonly policy?: string[];
  readonly expect: {
    readonly decisions?: Record<string, ExpectedDecision>;
    /** The exact list of rejected events, in evaluation (time) order; omitted = not asserted. */
    readonly rejected?: { id: string; rule: RuleId }[];
  };
}
