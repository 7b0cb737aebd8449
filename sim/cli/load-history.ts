import {
  assignmentsToRaw,
  DEFAULT_POLICY,
  type Policy,
  policyOverridesSchema,
  withOverrides,
} from '../domain/policy.js';
import { formatInputError, formatPath } from '../history/input-error.js';
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
  const flagOverrides = parseAssignments(policyAssignments);
  const read = await readHistory(file);
  if (!read.ok) throw new UsageError(read.errors.map((e) => formatInputError(e, file)).join('\n'));
  const policy = withOverrides(withOverrides(DEFAULT_POLICY, read.history.policy), flagOverrides);
  return { history: read.history, policy };
}

function parseAssignments(assignments: readonly string[]) {
  const raw = assignmentsToRaw(assignments);
  if (!raw.ok) throw new UsageError(raw.message);
  const parsed = policyOverridesSchema.safeParse(raw.raw);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((i) => `--policy ${formatPath(i.path)}: ${i.message}`).join('\n'),
    );
  }
  return parsed.data;
}
