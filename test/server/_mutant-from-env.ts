import { findMutant, type InProcessOptions, mutantNames } from '../../sim/targets/in-process-platform.js';

/**
 * The platform tests' engine: the real one, or with AFFSIM_MUTANT=<name> a mutant of the zoo, so
 * `AFFSIM_MUTANT=<name> npx vitest run test/server/model-comparison.test.ts test/server/rule-cases.test.ts`
 * runs the property suite and the rule cases against that mutant (they must fail: the mutant is caught).
 * An unknown name throws at import, naming the valid ones, so a typo never passes as the real engine.
 */
export const MUTANT_FROM_ENV: InProcessOptions = mutantFromEnv(process.env.AFFSIM_MUTANT);

export function mutantFromEnv(name: string | undefined): InProcessOptions {
  if (name === undefined || name === '') return {};
  if (findMutant(name) === undefined) {
    throw new Error(`AFFSIM_MUTANT=${name}: no such mutant; the mutants are: ${mutantNames().join(', ')}`);
  }
  return { mutant: name };
}
