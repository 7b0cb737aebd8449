import type { Hono } from 'hono';
import type { z } from 'zod';
import type { AffEvent } from '../../sim/domain/events.js';
import { EVENT_RESPONSES } from '../contract/common-responses.js';
import type { RouteDoc } from '../contract/route-docs.js';
import type { RouteDeps } from './deps.js';
import { parseOr400, readJson } from './read-json.js';
import { sendAnswer, submitEvent } from './submit-event.js';

export interface EventRouteSpec<P extends z.ZodObject, B extends z.ZodObject> {
  readonly method: 'post' | 'put' | 'delete';
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params: P;
  readonly body: B;
  /** The event the request stands for: the body plus what the URL names (R18: the URL scopes it). */
  readonly toEvent: (body: z.output<B>, params: z.output<P>) => AffEvent;
}

/** A route that turns one request into one event of EVENTS.md: validate params and body, submit, answer. */
export function eventRoute<P extends z.ZodObject, B extends z.ZodObject>(
  app: Hono,
  deps: RouteDeps,
  spec: EventRouteSpec<P, B>,
): void {
  const doc: RouteDoc = {
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    params: spec.params,
    body: spec.body,
    responses: EVENT_RESPONSES,
    ...(spec.description ? { description: spec.description } : {}),
  };
  deps.docs.add(doc);
  app.on(spec.method.toUpperCase(), spec.path, async function eventHandler(c) {
    const params = parseOr400(spec.params, c.req.param(), 'params');
    const body = parseOr400(spec.body, await readJson(c), 'body');
    return sendAnswer(c, submitEvent(deps, spec.toEvent(body, params)));
  });
}
