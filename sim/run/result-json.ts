import type { RunResult } from './run-result.js';
import { runResultSchema } from './run-result-schema.js';

/**
 * The canonical form of a result: validated, fields in the schema's order, open maps sorted by
 * key, lists in their defined order (run-result-schema.ts). Two equal results have the same
 * canonical JSON byte for byte, which is what "same seed, same result.json" is checked on.
 * A result that fails validation here is a bug in whoever built it, so the zod error is thrown as is.
 */
export function canonicalResult(result: RunResult): RunResult {
  return runResultSchema.parse(result);
}

/** The text of `result.json`: canonical, two-space indented, with a final newline. */
export function resultJson(result: RunResult): string {
  return `${JSON.stringify(canonicalResult(result), null, 2)}\n`;
}
