import { toDecisionJson } from '../../sim/domain/decision.js';
import {
  DEFAULT_POLICY,
  type PolicyOverrides,
  policyFromAssignments,
  withOverrides,
} from '../../sim/domain/policy.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import type { HistoryEvaluator } from '../cases/history-evaluator.js';

/**
 * The reference model behind the shared case contract. The policy is settled as `affsim check`
 * settles it (sim/cli/load-history.ts): defaults ← the history's policy line ← the assignments.
 */
export const referenceModelEvaluator: HistoryEvaluator = {
  name: 'the reference model',
  async evaluate(historyText, policyAssignments) {
    const read = parseHistoryText(historyText);
    if (!read.ok) {
      throw new Error(`bad history: ${read.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
    }
    const policy = withOverrides(
      withOverrides(DEFAULT_POLICY, read.history.policy),
      flagOverrides(policyAssignments),
    );
    const { decisions, rejected } = evaluateHistory(read.history.events, policy);
    return {
      decisions: decisions.map(toDecisionJson),
      rejected: rejected.map(({ id, rule, message }) => ({ id, rule, message })),
    };
  },
};

function flagOverrides(assignments: readonly string[]): PolicyOverrides {
  const flags = policyFromAssignments(assignments);
  if (!flags.ok) throw new Error(flags.message);
  return flags.overrides;
}
