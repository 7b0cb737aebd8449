import type { Context } from 'hono';
import type { AffEvent } from '../../sim/domain/events.js';
import { capacityMessage } from '../engine/capacity.js';
import type { RouteDeps } from './deps.js';
import { lateMessage, type RenderedAnswer, renderAnswer } from './event-answer.js';
import { boundedProblem, PROBLEM_CONTENT_TYPE, type Problem, requestPath } from './problem.js';
import { type EventScope, scopedEvent } from './tenant-scope.js';

const INGEST_SCOPE: EventScope = { kind: 'ingest' };

/**
 * Applies one valid event and renders its answer: the single path from any route into the engine.
 * Its id is kept in the R17 ledger of `scope` (tenant-scope.ts); the answer names the id sent.
 */
export function submitEvent(
  deps: RouteDeps,
  event: AffEvent,
  scope: EventScope = INGEST_SCOPE,
): RenderedAnswer {
  const answer = deps.engine.submit(scopedEvent(event, scope));
  deps.metrics.countEvent(event, answer);
  if (answer.refused) {
    deps.logger.warn(
      { eventId: event.id, type: event.type, ...answer.refused },
      capacityMessage(answer.refused),
    );
  } else if (answer.late) {
    deps.logger.warn(
      { eventId: event.id, type: event.type, ...answer.late },
      lateMessage(event, answer.late),
    );
  } else if (answer.outcome.kind === 'rejected' && !answer.repeat) {
    deps.logger.info(
      { eventId: event.id, type: event.type, rule: answer.outcome.rule },
      answer.outcome.message,
    );
  }
  return renderAnswer(event, answer);
}

/** Writes an event's answer; a repeat (R17) carries the original answer and says so in a header. */
export function sendAnswer(c: Context, rendered: RenderedAnswer): Response {
  const headers: Record<string, string> = {
    'content-type': rendered.status === 200 ? 'application/json' : PROBLEM_CONTENT_TYPE,
  };
  if (rendered.repeat) headers['idempotent-replayed'] = 'true';
  const body =
    rendered.status === 200
      ? rendered.body
      : boundedProblem({ ...(rendered.body as Problem), instance: requestPath(c) });
  return c.body(JSON.stringify(body), rendered.status, headers);
}
