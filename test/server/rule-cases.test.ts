import {
  assignmentsToRaw,
  DEFAULT_POLICY,
  policyOverridesSchema,
  withOverrides,
} from '../../sim/domain/policy.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { inProcessPlatform } from '../../sim/targets/in-process-platform.js';
import { runHistoryOnPlatform } from '../../sim/targets/run-history-on-platform.js';
import { describeRuleCases, type HistoryEvaluator } from '../cases/history-evaluator.js';
import { MUTANT_FROM_ENV } from './_mutant-from-env.js';

/**
 * Why: the hand-computed rule cases hold the platform to RULES.md directly, not only to the model.
 * The history is delivered in time order (R17 identity kept) to an in-process platform, as
 * `affsim check --engine server` does; rejections come back in evaluation (time) order. Under
 * AFFSIM_MUTANT the platform runs that mutant (_mutant-from-env.ts), and the cases must catch it.
 */
const serverEvaluator: HistoryEvaluator = {
  name:
    MUTANT_FROM_ENV.mutant === undefined
      ? 'the platform server (in-process)'
      : `the platform server (in-process, MUTANT ${MUTANT_FROM_ENV.mutant})`,
  async evaluate(historyText, policyAssignments) {
    const read = parseHistoryText(historyText);
    if (!read.ok) throw new Error(`case history does not parse: ${JSON.stringify(read.errors)}`);
    const raw = assignmentsToRaw(policyAssignments);
    if (!raw.ok) throw new Error(raw.message);
    const flags = policyOverridesSchema.parse(raw.raw);
    const policy = withOverrides(withOverrides(DEFAULT_POLICY, read.history.policy), flags);
    return runHistoryOnPlatform(read.history.events, inProcessPlatform(policy, MUTANT_FROM_ENV));
  },
};

describeRuleCases(serverEvaluator);
