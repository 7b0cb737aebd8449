import type { MiddlewareHandler } from 'hono';

/**
 * The durability point of a request: after its handler has applied its events (one, or a whole
 * batch) and before its answer leaves, the journal commits them in one transaction. Every route
 * that submits events goes through here, so no answer is ever sent for an event that is not
 * stored. A failing commit throws (a 503 through the app's error path) instead of the answer.
 */
export function commitBeforeAnswer(commit: () => void): MiddlewareHandler {
  return async function commitJournal(_c, next) {
    await next();
    commit();
  };
}
