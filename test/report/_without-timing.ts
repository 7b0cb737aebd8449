import type { RunResult } from '../../sim/run/run-result.js';

export type UntimedResult = Omit<RunResult, 'timing'>;

/**
 * A result without its wall-clock fields: what two runs with the same seed (or a merge of shards
 * and the unsharded run) must agree on exactly (issue 5, "Done when").
 */
export function withoutTiming(result: RunResult): UntimedResult {
  const { timing: _timing, ...rest } = result;
  return rest;
}
