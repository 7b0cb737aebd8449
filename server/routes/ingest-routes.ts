import type { Hono } from 'hono';
import { BATCH_EVENTS_MAX } from '../../sim/domain/api-limits.js';
import { EVENT_RESPONSES } from '../contract/common-responses.js';
import * as s from '../contract/schemas.js';
import type { RouteDeps } from '../http/deps.js';
import type { RenderedAnswer } from '../http/event-answer.js';
import { parseEvent } from '../http/parse-event.js';
import { ProblemError } from '../http/problem.js';
import { parseOr400, readJson } from '../http/read-json.js';
import { sendAnswer, submitEvent } from '../http/submit-event.js';

const TAG = 'Ingestion';

/**
 * Events in their history form (EVENTS.md): one per request, or many in one batch, each answered
 * individually and in order, exactly as its own route would answer it. A batch that is not JSON,
 * not `{events: [...]}` or longer than BATCH_EVENTS_MAX is refused whole, before any event is applied.
 */
export function ingestRoutes(app: Hono, deps: RouteDeps): void {
  deps.docs.add({
    method: 'post',
    path: '/events',
    tag: TAG,
    access: 'ingest',
    summary: 'Submit one event of any type, in the history format of EVENTS.md',
    body: s.anyEventSchema,
    responses: EVENT_RESPONSES,
  });
  app.post('/events', async function ingestOne(c) {
    const parsed = parseEvent(await readJson(c), 'body');
    if (!parsed.ok) throw new ProblemError(parsed.problem);
    return sendAnswer(c, submitEvent(deps, parsed.event));
  });

  deps.docs.add({
    method: 'post',
    path: '/events/batch',
    tag: TAG,
    access: 'ingest',
    summary: `Submit up to ${BATCH_EVENTS_MAX} events; each is answered individually, in order`,
    description:
      'Each result holds the status and body the event would get from its own route; an invalid event gets its 400 problem and does not stop the others, and an event past a capacity limit its 507 (the events before it stay applied).',
    body: s.batchBody,
    responses: { 200: { description: 'One result per event, in order', schema: s.batchAnswerSchema } },
  });
  app.post('/events/batch', async function ingestBatch(c) {
    const { events } = parseOr400(s.batchBody, await readJson(c), 'body');
    const results: RenderedAnswer[] = events.map((value, index) => {
      const parsed = parseEvent(value, `body.events[${index}]`);
      return parsed.ok
        ? submitEvent(deps, parsed.event)
        : { status: 400, body: parsed.problem, repeat: false };
    });
    return c.json({ results });
  });
}
