import {
  CAPACITY_PROBLEM_TYPE,
  CAPACITY_STATUS,
  LATE_PROBLEM_TYPE,
  LATE_STATUS,
} from '../domain/api-limits.js';
import { TargetError } from '../run/target-error.js';

interface EventResult {
  readonly status: number;
  readonly body: {
    readonly type?: string;
    readonly detail?: string;
    readonly limit?: string;
    readonly max?: number;
    readonly flag?: string;
    readonly lag?: string;
  };
}

/**
 * A batch result that says the platform is at a capacity limit (507, api-limits.ts): the platform
 * failed to take the event, not a rule refusal and not a finding, so the run stops as a failure of
 * the target (exit 3) naming the limit and how to raise it. Undefined for any other result.
 */
export function capacityFailure(eventId: string | undefined, result: EventResult): TargetError | undefined {
  const { status, body } = result;
  if (status !== CAPACITY_STATUS && body.type !== CAPACITY_PROBLEM_TYPE) return undefined;
  const limit =
    body.limit === undefined ? 'a capacity limit' : `its capacity limit ${body.limit}=${body.max}`;
  const raise = body.flag === undefined ? '' : `; raise it (affsim serve ${body.flag}) or send less traffic`;
  return new TargetError(
    `the platform refused event ${eventId} (${status}): it is at ${limit}${raise}. ${body.detail ?? ''}`.trim(),
  );
}

/**
 * A batch result that says the event came later than the platform's pair expiry lag allows (410,
 * api-limits.ts): the platform could not decide it, so, as at capacity, the run stops as a failure
 * of the target (exit 3) naming the lag. Undefined for any other result.
 */
export function lateFailure(eventId: string | undefined, result: EventResult): TargetError | undefined {
  const { status, body } = result;
  if (status !== LATE_STATUS || body.type !== LATE_PROBLEM_TYPE) return undefined;
  const raise = body.flag === undefined ? '' : ` (start it with ${body.flag}, or off)`;
  return new TargetError(
    `the platform refused event ${eventId} (${status}): it arrived later than its pair expiry lag ${body.lag ?? ''} allows${raise}. ${body.detail ?? ''}`.trim(),
  );
}
