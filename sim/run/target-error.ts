/**
 * The two ways a run can fail that are not findings (issue 10): the platform under test failed
 * (unreachable, timed out, 5xx past the retries: exit 3), or a user's target adapter threw (their
 * mistake, like a ReferenceError in a sender: exit 2). Neither is a violation.
 */

/** The platform under test failed to answer: names the request and, when there was one, the answer. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** A user's `--target-adapter` file could not be loaded, or one of its functions threw. */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
}

/**
 * The run would send more events than `--max-events` allows: it stops before sending the day that
 * passes the limit (a usage limit of the run, exit 2; not the platform's failure, not a finding).
 */
export class EventLimitError extends Error {
  override readonly name = 'EventLimitError';
}

const TAGS = {
  TargetError: '[affsim:target] ',
  AdapterError: '[affsim:adapter] ',
  EventLimitError: '[affsim:event-limit] ',
} as const;

/**
 * Errors thrown in a piscina worker reach the main thread structured-cloned: the message survives,
 * the class and the name do not. So a worker tags the kind into the message (`toWorkerError`) and
 * the coordinator turns it back into its class (`fromWorkerError`); any other error passes as is.
 */
export function toWorkerError(e: unknown): unknown {
  if (e instanceof TargetError || e instanceof AdapterError || e instanceof EventLimitError)
    return new Error(`${TAGS[e.name]}${e.message}`);
  return e;
}

export function fromWorkerError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  if (e.message.startsWith(TAGS.TargetError))
    return new TargetError(e.message.slice(TAGS.TargetError.length));
  if (e.message.startsWith(TAGS.AdapterError))
    return new AdapterError(e.message.slice(TAGS.AdapterError.length));
  if (e.message.startsWith(TAGS.EventLimitError))
    return new EventLimitError(e.message.slice(TAGS.EventLimitError.length));
  return e;
}

/** A message on one line, so a multi-line loader or schema error stays one line of stderr. */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}

/**
 * Why a run stopped at `--max-events`: where it was and what to change. `more`: the events of the
 * day not sent (a worker's stop); absent when the workers together passed the limit.
 */
export function maxEventsMessage(max: number, sent: number, day: number, more?: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const where =
    more === undefined
      ? `${n(sent)} events sent by all workers`
      : `${n(sent)} events sent, the day brings ${n(more)} more`;
  return `--max-events ${n(max)}: the simulation passes it on day ${day + 1} (${where}); stopped there. Make the run smaller (--buyers, --days) or raise --max-events`;
}
