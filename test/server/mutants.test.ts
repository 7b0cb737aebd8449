import { describe, expect, test } from 'vitest';
import { createMutantEngine, findMutant, MUTANTS, mutantNames } from '../../server/mutants/index.js';
import { type DecisionJson, toDecisionJson } from '../../sim/domain/decision.js';
import {
  assignmentsToRaw,
  DEFAULT_POLICY,
  type Policy,
  policyOverridesSchema,
  withOverrides,
} from '../../sim/domain/policy.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { evaluateHistory } from '../../sim/model/evaluate-history.js';
import { inProcessPlatform } from '../../sim/targets/in-process-platform.js';
import { runHistoryOnPlatform } from '../../sim/targets/run-history-on-platform.js';
import { MUTANT_WITNESSES, type MutantWitness } from '../cases/mutant-witnesses.js';
import { mutantFromEnv } from './_mutant-from-env.js';

/**
 * Why: the zoo measures the harness by whether it catches each mutant, which means nothing for a
 * mutant that behaves like the platform. Every mutant gets a witness history (mutant-witnesses.ts)
 * on which the real platform agrees with the reference model and the mutant does not; the loop is
 * over MUTANTS, so a mutant added without a witness fails here.
 */

interface Seen {
  readonly decisions: Record<string, DecisionJson>;
  readonly rejected: string[];
}

function read(witness: MutantWitness) {
  const parsed = parseHistoryText(witness.history);
  if (!parsed.ok) throw new Error(`witness history does not parse: ${JSON.stringify(parsed.errors)}`);
  const raw = assignmentsToRaw([]);
  if (!raw.ok) throw new Error(raw.message);
  const policy = withOverrides(
    withOverrides(DEFAULT_POLICY, parsed.history.policy),
    policyOverridesSchema.parse(raw.raw),
  );
  return { events: parsed.history.events, policy };
}

const seen = (
  decisions: readonly DecisionJson[],
  rejected: readonly { id: string; rule: string }[],
): Seen => ({
  decisions: Object.fromEntries(decisions.map((d) => [d.orderId, d])),
  rejected: rejected.map((r) => `${r.id} ${r.rule}`).sort(),
});

async function onPlatform(witness: MutantWitness, policy: Policy, mutant?: string): Promise<Seen> {
  const { events } = read(witness);
  const send = inProcessPlatform(policy, { mutant });
  const run = await runHistoryOnPlatform(events, send, { delivery: witness.delivery ?? 'time-order' });
  return seen(run.decisions, run.rejected);
}

describe('the mutant zoo', () => {
  test('at least 22 mutants, with unique kebab-case names, a rule id and a one-line summary', () => {
    const names = mutantNames();
    expect(names.length).toBeGreaterThanOrEqual(22);
    expect(new Set(names).size).toBe(names.length);
    for (const m of MUTANTS) {
      expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(m.rule).toMatch(/^R([1-9]|1[0-8])$/);
      expect(m.summary).not.toMatch(/\n/);
      expect(findMutant(m.name)).toEqual(m);
    }
  });

  test('an unknown name: findMutant says undefined, createMutantEngine and AFFSIM_MUTANT throw naming the valid ones', () => {
    expect(findMutant('no-such-mutant')).toBeUndefined();
    expect(() => createMutantEngine('no-such-mutant', DEFAULT_POLICY)).toThrow(/window-end-inclusive/);
    expect(() => mutantFromEnv('no-such-mutant')).toThrow(/window-end-inclusive/);
    expect(mutantFromEnv(undefined)).toEqual({});
  });

  test('every witness names a mutant', () => {
    expect(Object.keys(MUTANT_WITNESSES).filter((name) => findMutant(name) === undefined)).toEqual([]);
  });

  describe.each(MUTANTS.map((m) => [m.name, m] as const))('%s', (name, mutant) => {
    test(`[${mutant.rule}] is live: on its witness the platform agrees with the model and the mutant does not`, async () => {
      const witness = MUTANT_WITNESSES[name];
      expect(witness, `mutant ${name} has no witness in test/cases/mutant-witnesses.ts`).toBeDefined();
      const w = witness as MutantWitness;
      const { events, policy } = read(w);
      const evaluation = evaluateHistory(events, policy);
      const model = seen(evaluation.decisions.map(toDecisionJson), evaluation.rejected);
      expect(await onPlatform(w, policy), `the real platform on the witness of ${name}`).toEqual(model);
      expect(await onPlatform(w, policy, name), `${name}: ${w.why}`).not.toEqual(model);
    });
  });
});
