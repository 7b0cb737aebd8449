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

/**
 * Why: the hand-computed rule cases hold the platform to RULES.md directly, not only to the model.
 * The history is delivered in time order (R17 identity kept) to an in-process platform, as
 * `affsim check --engine server` does; rejections come back in evaluation (time) order.
 */
const serverEvaluator: HistoryEvaluator = {
  name: 'the platform server (in-process)',
  async evaluate(historyText, policyAssignments) {
    const read = parseHistoryText(historyText);
    if (!read.ok) throw new Error(`case history does not parse: ${JSON.stringify(read.errors)}`);
    const raw = assignmentsToRaw(policyAssignments);
    if (!raw.ok) throw new Error(raw.message);
    const flags = policyOverridesSchema.parse(raw.raw);
    const policy = withOverrides(withOverrides(DEFAULT_POLICY, read.history.policy), flags);
    return runHistoryOnPlatform(read.history.events, inProcessPlatform(policy));
  },
};

describeRuleCases(serverEvaluator);
