import { DEFAULT_POLICY, type Policy, policyFromAssignments, withOverrides } from '../domain/policy.js';
import { formatInputError } from '../history/input-error.js';
import { type History, readHistory } from '../history/read-history.js';
import { UsageError } from './io.js';

/**
 * Reads a history file and settles its policy: the file's policy line over the defaults, then
 * `--policy key=value` flags over both. Any problem is a UsageError naming the line, field or flag.
 */
export async function loadHistory(
  file: string,
  policyAssignments: readonly string[],
): Promise<{ history: History; policy: Policy }> {
  const flags = policyFromAssignments(policyAssignments);
  if (!flags.ok) throw new UsageError(flags.message);
  const read = await readHistory(file);
  if (!read.ok) throw new UsageError(read.errors.map((e) => formatInputError(e, file)).join('\n'));
  const policy = withOverrides(withOverrides(DEFAULT_POLICY, read.history.policy), flags.overrides);
  return { history: read.history, policy };
}
