import { test } from 'vitest';

/**
 * The fresh-machine rule for tests that need a program npm does not install (Chromium, k6):
 * - the tool is there: the tests run;
 * - locally (CI is not 'true') it is missing: the tests are skipped, with one loud line saying how to
 *   run them;
 * - under CI=true it is missing, or a path the user named explicitly is not there: it is required, and
 *   a failing test names the missing binary.
 */
export type ToolDecision = 'run' | 'skip' | 'fail';

export interface ToolLookup {
  /** Where the tool was found, or undefined. */
  readonly path: string | undefined;
  /** One line: what is missing, naming the binary looked for (used when `path` is undefined). */
  readonly missing: string;
  /** True when the user named the binary (AFFSIM_CHROMIUM, K6_BIN): a missing one is then an error. */
  readonly explicit: boolean;
}

export function toolDecision(lookup: ToolLookup, env: NodeJS.ProcessEnv = process.env): ToolDecision {
  if (lookup.path !== undefined) return 'run';
  return env.CI === 'true' || lookup.explicit ? 'fail' : 'skip';
}

/**
 * Applies the rule for one test file: returns true when its tests can run. When they cannot, it
 * either prints the loud line (skip) or registers a failing test naming what is missing (fail); the
 * caller skips its own tests either way (`describe.skipIf(!available)`).
 */
export function requireTool(
  tests: string,
  lookup: ToolLookup,
  howToRun: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const decision = toolDecision(lookup, env);
  if (decision === 'run') return true;
  if (decision === 'skip') {
    console.warn(
      `*** SKIPPED ${tests}: ${lookup.missing.replace(/\.$/, '')}. To run them: ${howToRun} (under CI=true they are required) ***`,
    );
  } else {
    const why = env.CI === 'true' ? 'CI=true requires it' : 'it was named explicitly';
    test(`${tests} need a binary that is missing (${why})`, () => {
      throw new Error(`${lookup.missing.replace(/\.$/, '')}. To run them: ${howToRun}`);
    });
  }
  return false;
}
