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

const TAGS = { TargetError: '[affsim:target] ', AdapterError: '[affsim:adapter] ' } as const;

/**
 * Errors thrown in a piscina worker reach the main thread structured-cloned: the message survives,
 * the class and the name do not. So a worker tags the kind into the message (`toWorkerError`) and
 * the coordinator turns it back into its class (`fromWorkerError`); any other error passes as is.
 */
export function toWorkerError(e: unknown): unknown {
  if (e instanceof TargetError || e instanceof AdapterError) return new Error(`${TAGS[e.name]}${e.message}`);
  return e;
}

export function fromWorkerError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  if (e.message.startsWith(TAGS.TargetError))
    return new TargetError(e.message.slice(TAGS.TargetError.length));
  if (e.message.startsWith(TAGS.AdapterError))
    return new AdapterError(e.message.slice(TAGS.AdapterError.length));
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
