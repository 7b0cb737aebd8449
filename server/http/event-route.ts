import type { Hono } from 'hono';
import { z } from 'zod';
import type { AffEvent } from '../../sim/domain/events.js';
import { EVENT_RESPONSES } from '../contract/common-responses.js';
import type { Access, RouteDoc } from '../contract/route-docs.js';
import { forbidden } from './auth.js';
import type { IssuedTenant, Tenant } from './credentials.js';
import type { RouteDeps } from './deps.js';
import type { AcceptedJson } from './event-answer.js';
import { parseOr400, readJson } from './read-json.js';
import { sendAnswer, submitEvent } from './submit-event.js';

export interface EventRouteSpec<P extends z.ZodObject, B extends z.ZodObject> {
  readonly method: 'post' | 'put' | 'delete';
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  /** Who may send it (R18; contract/route-docs.ts `Access`): the guard runs before the body is read. */
  readonly access: Access;
  readonly params: P;
  readonly body: B;
  /** The event the request stands for: the body plus what the URL names (R18: the URL scopes it). */
  readonly toEvent: (body: z.output<B>, params: z.output<P>) => AffEvent;
  /** A registration: the tenant an accepted event creates, whose new bearer token the answer carries. */
  readonly issues?: (params: z.output<P>) => IssuedTenant;
}

/** The body a tenant sends: `at` optional, as only the ingestion token may set it (the server's time otherwise). */
function tenantBody(body: z.ZodObject): z.ZodObject {
  return 'at' in body.shape ? body.partial({ at: true }) : body;
}

/**
 * A route that turns one request into one event of EVENTS.md: validate params and body, submit,
 * answer. The event's instant is the body's `at` only for the ingestion token (a simulator
 * replays months in seconds); any other tenant's events happen now, by the server's clock, and an
 * `at` from them is 403 (R18: nobody else may place an event in the past or future).
 */
export function eventRoute<P extends z.ZodObject, B extends z.ZodObject>(
  app: Hono,
  deps: RouteDeps,
  spec: EventRouteSpec<P, B>,
): void {
  const body = tenantBody(spec.body);
  const doc: RouteDoc = {
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    access: spec.access,
    params: spec.params,
    body: 'at' in body.shape ? body.extend({ at: AT_DOC }) : body,
    responses: spec.issues ? { ...EVENT_RESPONSES, 200: REGISTERED } : EVENT_RESPONSES,
    ...(spec.description ? { description: spec.description } : {}),
  };
  deps.docs.add(doc);
  app.on(spec.method.toUpperCase(), spec.path, async function eventHandler(c) {
    const params = parseOr400(spec.params, c.req.param(), 'params');
    const tenant = c.get('tenant');
    // The ingestion token must say when its event happened (a simulated history has no "now").
    const schema = tenant.kind === 'ingest' ? spec.body : body;
    const parsed = parseOr400(schema, await readJson(c), 'body') as z.output<B> & { at?: number };
    const at = eventInstant(tenant, parsed.at, deps);
    const event = spec.toEvent({ ...parsed, at } as z.output<B>, params);
    const rendered = submitEvent(deps, event, tenant);
    if (spec.issues === undefined || rendered.status !== 200) return sendAnswer(c, rendered);
    // The new tenant's credential, handed out once, to whoever registered it (R18).
    const token = deps.auth.tokens.issue(spec.issues(params));
    return sendAnswer(c, { ...rendered, body: { ...(rendered.body as AcceptedJson), token } });
  });
}

const AT_DOC = z
  .unknown()
  .optional()
  .describe(
    'ISO-8601 UTC instant or epoch ms; only with the ingestion token (otherwise the server time, R18)',
  );

const REGISTERED = {
  description:
    'Registered: the answer carries `token`, the bearer token of the new seller or affiliate (R18); a repeat (R17) issues another',
};

/** The instant of a tenant's event: the body's for the ingestion token, the server's for anyone else (R18). */
export function eventInstant(tenant: Tenant, at: number | undefined, deps: RouteDeps): number {
  if (tenant.kind === 'ingest') return at ?? deps.now(); // `at` is required of it where parsed
  if (at !== undefined) {
    throw forbidden(
      'R18: body.at: only the ingestion token may set an event instant; leave it out (the server time is used)',
      'body.at',
    );
  }
  return deps.now();
}
