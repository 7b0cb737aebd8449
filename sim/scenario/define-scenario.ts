import type { z } from 'zod';
import { DAY_MS, formatInstant, INSTANT_MAX_MS } from '../domain/instant.js';
import { DEFAULT_POLICY, type Policy, type PolicyOverrides, withOverrides } from '../domain/policy.js';
import { formatPath } from '../history/input-error.js';
import { type ScenarioKnobs, type ScenarioSpec, scenarioSchema } from './scenario-schema.js';

export type { ScenarioSpec };

/** A validated, fully defaulted and frozen scenario: what the world and traffic generators read. */
export type Scenario = DeepReadonly<
  Omit<ScenarioKnobs, 'start' | 'policy'> & {
    /** First instant of day 0 (UTC epoch ms); day d is `[startMs + d·DAY, startMs + (d+1)·DAY)`. */
    startMs: number;
    /** End of the simulated period (exclusive): events after it are not generated. */
    endMs: number;
    /** The overrides as written, for a history's policy line and the platform's configuration. */
    policyOverrides: PolicyOverrides;
    /** The full policy the run is checked under (RULES.md defaults plus the overrides). */
    policy: Policy;
  }
> & {
  /** The spec as written, so a variant (other sizes, other days) goes through `defineScenario` again. */
  readonly spec: ScenarioSpec;
};

type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export interface ScenarioIssue {
  /** The field, like `buyers.conversion` or `bursts[0].fromDay`. */
  readonly path: string;
  readonly message: string;
}

/** A scenario that does not validate; the message names every field at fault. */
export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];

  constructor(name: string, issues: readonly ScenarioIssue[]) {
    super(
      `invalid scenario${name ? ` "${name}"` : ''}:\n${issues.map((i) => `  ${i.path || '(scenario)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/**
 * Validates a scenario file's spec and returns it frozen with every default filled in; throws a
 * ScenarioError naming each bad field. Built-in and user scenarios go through this same door.
 */
export function defineScenario(spec: ScenarioSpec): Scenario {
  const parsed = scenarioSchema.safeParse(spec);
  const name = typeof (spec as { name?: unknown })?.name === 'string' ? (spec as { name: string }).name : '';
  if (!parsed.success) throw new ScenarioError(name, parsed.error.issues.flatMap(toIssues));
  const { start, policy: overrides, ...knobs } = parsed.data;
  const endMs = start + knobs.days * DAY_MS;
  if (endMs > INSTANT_MAX_MS) {
    throw new ScenarioError(name, [
      { path: 'days', message: `the run would end after ${formatInstant(INSTANT_MAX_MS)}` },
    ]);
  }
  return deepFreeze({
    spec: structuredClone(spec),
    ...knobs,
    startMs: start,
    endMs,
    policyOverrides: overrides,
    policy: withOverrides(DEFAULT_POLICY, overrides),
  });
}

function toIssues(issue: z.core.$ZodIssue): ScenarioIssue[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'unknown field (a typo, or a knob of another section?)',
    }));
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
