import { expect } from 'vitest';
import { type DecisionJson, toDecisionJson } from '../../sim/domain/decision.js';
import type { AffEvent } from '../../sim/domain/events.js';
import type { Policy } from '../../sim/domain/policy.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import { inProcessPlatform } from '../../sim/targets/in-process-platform.js';
import { runHistoryOnPlatform } from '../../sim/targets/run-history-on-platform.js';
import { MUTANT_FROM_ENV } from './_mutant-from-env.js';

/**
 * Runs one arrival order through the platform (in-process, batch endpoint) and through the
 * reference model (which evaluates it in time order, ties in arrival order) and asserts that every
 * decision and the set of rejected events (id and rule) are the same. The platform's engine is a
 * mutant's under AFFSIM_MUTANT (_mutant-from-env.ts).
 */
export async function expectServerEqualsModel(arrival: readonly AffEvent[], policy: Policy): Promise<void> {
  const model = evaluateHistory(arrival, policy);
  const server = await runHistoryOnPlatform(arrival, inProcessPlatform(policy, MUTANT_FROM_ENV), {
    delivery: 'as-recorded',
  });
  expect(byOrder(server.decisions)).toEqual(byOrder(model.decisions.map(toDecisionJson)));
  expect(ruleList(server.rejected)).toEqual(ruleList(model.rejected));
}

/** The whole pipeline `affsim check --engine server` runs: any recording, delivered in time order. */
export async function expectTimeOrderedServerEqualsModel(
  recorded: readonly AffEvent[],
  policy: Policy,
): Promise<void> {
  const model = evaluateHistory(recorded, policy);
  const server = await runHistoryOnPlatform(recorded, inProcessPlatform(policy, MUTANT_FROM_ENV));
  expect(byOrder(server.decisions)).toEqual(byOrder(model.decisions.map(toDecisionJson)));
  expect(server.rejected.map(({ id, rule }) => ({ id, rule }))).toEqual(
    model.rejected.map(({ id, rule }) => ({ id, rule })),
  );
}

function byOrder(decisions: readonly DecisionJson[]): Record<string, DecisionJson> {
  return Object.fromEntries(decisions.map((d) => [d.orderId, d]));
}

function ruleList(rejected: readonly { id: string; rule: string }[]): string[] {
  return rejected.map((r) => `${r.id} ${r.rule}`).sort();
}
