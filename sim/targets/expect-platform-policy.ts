import { describePolicy, type Policy } from '../domain/policy.js';

/** A platform that cannot be asked for its policy, or runs another one: a setup problem, not a finding. */
export class TargetMismatchError extends Error {}

/**
 * A remote affsim platform must run the policy its input was made for (a history's, a scenario's),
 * or every difference would be a false disagreement. Asks `GET /policy` and compares.
 */
export async function expectPlatformPolicy(
  target: string,
  policy: Policy,
  source: 'history' | 'scenario',
): Promise<void> {
  let remote: string;
  try {
    const response = await fetch(new URL('/policy', target));
    if (!response.ok) throw new Error(`GET /policy answered ${response.status}`);
    remote = describePolicy((await response.json()) as Policy);
  } catch (e) {
    throw new TargetMismatchError(`${(e as Error).message} (is ${target} an affsim platform?)`);
  }
  const expected = describePolicy(policy);
  if (remote !== expected) {
    throw new TargetMismatchError(
      `the platform at ${target} runs another policy:\n  platform: ${remote}\n  ${`${source}:`.padEnd(9)} ${expected}\nstart it with the ${source}'s policy (affsim serve --policy key=value …)`,
    );
  }
}
