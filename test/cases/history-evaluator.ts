import { describe, expect, test } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import { RULE_CASES, type RuleCase } from './rule-cases.js';

/**
 * What the shared case suite needs from an engine: evaluate a whole history (EVENTS.md text) under
 * the policy defaults ← the history's policy line ← `policyAssignments`, and answer with the
 * decisions and rejections. The reference model and the server engine both satisfy it.
 */
export interface HistoryEvaluator {
  name: string;
  evaluate(
    historyText: string,
    policyAssignments: string[],
  ): Promise<{ decisions: DecisionJson[]; rejected: { id: string; rule: string; message: string }[] }>;
}

/** Registers one vitest test per case; a failure prints the case's history and how to replay it. */
export function describeRuleCases(
  evaluator: HistoryEvaluator,
  cases: readonly RuleCase[] = RULE_CASES,
): void {
  describe(`rule cases against ${evaluator.name}`, () => {
    for (const ruleCase of cases) {
      test(`[${ruleCase.rules.join(' ')}] ${ruleCase.name}`, async () => {
        const result = await evaluator.evaluate(ruleCase.history, ruleCase.policy ?? []);
        const { actual, expected } = compared(ruleCase, result);
        expect(actual, replayText(ruleCase)).toEqual(expected);
      });
    }
  });
}

/** The asserted fields only, side by side, so vitest's diff shows exactly what differs. */
function compared(ruleCase: RuleCase, result: Awaited<ReturnType<HistoryEvaluator['evaluate']>>) {
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  const { decisions, rejected } = ruleCase.expect;
  if (decisions !== undefined) {
    const byId = new Map<string, DecisionJson[]>();
    for (const d of result.decisions) byId.set(d.orderId, [...(byId.get(d.orderId) ?? []), d]);
    actual.decisions = Object.fromEntries(
      Object.entries(decisions).map(([orderId, want]) => [orderId, projected(byId.get(orderId) ?? [], want)]),
    );
    expected.decisions = decisions;
  }
  if (rejected !== undefined) {
    actual.rejected = result.rejected.map(({ id, rule }) => ({ id, rule }));
    expected.rejected = rejected;
  }
  return { actual, expected };
}

function projected(found: DecisionJson[], want: Partial<DecisionJson> | null): unknown {
  if (found.length > 1) return `${found.length} decisions for one order`;
  const [decision] = found;
  if (want === null) return decision === undefined ? null : decision;
  if (decision === undefined) return 'no decision';
  return Object.fromEntries(Object.keys(want).map((key) => [key, decision[key as keyof DecisionJson]]));
}

function replayText(ruleCase: RuleCase): string {
  const policyFlags = (ruleCase.policy ?? []).map((p) => ` --policy ${p}`).join('');
  return [
    `${ruleCase.name} [${ruleCase.rules.join(' ')}]`,
    `why: ${ruleCase.why}`,
    'replay:',
    "cat > /tmp/affsim-case.jsonl <<'EOF'",
    ruleCase.history.trimEnd(),
    'EOF',
    `./bin/affsim.js check /tmp/affsim-case.jsonl --json${policyFlags}`,
  ].join('\n');
}
