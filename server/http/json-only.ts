import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { excerpt } from '../../sim/domain/excerpt.js';
import { makeProblem, problemResponse } from './problem.js';

/** The one media type every request body of the API is. */
export const JSON_MEDIA_TYPE = 'application/json';

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request that may carry a body (POST, PUT, DELETE) must say it is JSON, or it is refused
 * with 415 before its body is read. Why: a web page can make a browser send `text/plain`, form and
 * multipart bodies to any site without asking (no CORS preflight), but never `application/json`;
 * refusing the others means no page a seller visits can post events in their name. A missing
 * Content-Type is refused too (it is how such a body can arrive). Parameters are allowed
 * (`; charset=utf-8`), any other charset is not: bodies are read as UTF-8.
 *
 * Runs only when a handler matched, so an unknown path stays 404 and a wrong method 405.
 */
export function jsonBodiesOnly(): MiddlewareHandler {
  return async function jsonOnlyMiddleware(c, next) {
    if (BODYLESS_METHODS.has(c.req.method) || !hasHandler(c)) return next();
    const header = c.req.header('content-type');
    const refusal = header === undefined ? 'has no Content-Type' : unacceptable(header);
    if (refusal === undefined) return next();
    return problemResponse(
      c,
      makeProblem(
        'unsupported-media-type',
        415,
        `the request body ${refusal}; expected Content-Type: ${JSON_MEDIA_TYPE}`,
      ),
    );
  };
}

function unacceptable(header: string): string | undefined {
  const [type = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== JSON_MEDIA_TYPE) return `is ${JSON.stringify(excerpt(type, 60))}`;
  const charset = params.find((p) => p.startsWith('charset='));
  if (charset !== undefined && charset.replace(/^charset="?|"$/g, '') !== 'utf-8') {
    return `is in ${JSON.stringify(excerpt(charset, 60))}`;
  }
  return undefined;
}

/** Middleware is registered for method ALL; a route's handler for its own method. */
function hasHandler(c: Parameters<MiddlewareHandler>[0]): boolean {
  return matchedRoutes(c).some((route) => route.method !== 'ALL');
}
