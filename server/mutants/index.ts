import type { Policy } from '../../sim/domain/policy.js';
import type { Capacity } from '../engine/capacity.js';
import type { Engine } from '../engine/engine.js';
import { IDEMPOTENCY_MUTANTS } from './idempotency-mutants.js';
import { LIFECYCLE_MUTANTS } from './lifecycle-mutants.js';
import { MEMBERSHIP_MUTANTS } from './membership-mutants.js';
import type { Mutant, MutantInfo } from './mutant.js';
import { RATE_MUTANTS } from './rate-mutants.js';
import { WINDOW_MUTANTS } from './window-mutants.js';

export type { MutantInfo } from './mutant.js';

/**
 * The mutant zoo's engines: variants of the platform engine that each break exactly one rule of
 * RULES.md the way real services do, for measuring whether the harness catches them (issue 11).
 * None is a correct platform. Each wraps real rule functions (server/engine/engine-rules.ts) or
 * decorates the Engine; server/engine itself holds no mutant code.
 */
const ALL: readonly Mutant[] = [
  ...MEMBERSHIP_MUTANTS,
  ...WINDOW_MUTANTS,
  ...RATE_MUTANTS,
  ...LIFECYCLE_MUTANTS,
  ...IDEMPOTENCY_MUTANTS,
];

const BY_NAME = new Map(ALL.map((m) => [m.name, m]));

/** Every mutant, in the order of their families (membership, windows, rates, lifecycle, R17). */
export const MUTANTS: readonly MutantInfo[] = Object.freeze(
  ALL.map(({ name, rule, summary }) => Object.freeze({ name, rule, summary })),
);

export function mutantNames(): string[] {
  return MUTANTS.map((m) => m.name);
}

export function findMutant(name: string): MutantInfo | undefined {
  return MUTANTS.find((m) => m.name === name);
}

/** A fresh engine of the mutant `name` (its own state); an unknown name throws, naming the valid ones. */
export function createMutantEngine(name: string, policy: Policy, capacity?: Capacity): Engine {
  const mutant = BY_NAME.get(name);
  if (mutant === undefined) {
    throw new Error(`unknown mutant ${JSON.stringify(name)}; the mutants are: ${mutantNames().join(', ')}`);
  }
  return mutant.create(policy, capacity);
}

/** The loud line a command prints when it runs a mutant. */
export function mutantBanner(info: MutantInfo): string {
  return `affsim: platform engine MUTANT ${info.name} (${info.rule}): ${info.summary} — for the zoo, not a correct platform`;
}
