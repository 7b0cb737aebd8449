import type { MutantInfo } from '../../server/mutants/index.js';
import { type Io, UsageError } from './io.js';

/**
 * Checks `--mutant NAME` (an unknown name is a usage error listing the valid ones) and says loudly,
 * on stderr, that the platform is a mutant: a result from it must never pass for the real one's.
 * The zoo is imported only when the flag is given.
 */
export async function mutantFlag(name: string | undefined, io: Io): Promise<MutantInfo | undefined> {
  if (name === undefined) return undefined;
  const { findMutant, mutantBanner, mutantNames } = await import('../../server/mutants/index.js');
  const info = findMutant(name);
  if (info === undefined) {
    throw new UsageError(`--mutant ${name}: no such mutant; the mutants are: ${mutantNames().join(', ')}`);
  }
  io.stderr.write(`${mutantBanner(info)}\n`);
  return info;
}
