import type { Context, Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import { excerpt } from '../../sim/domain/excerpt.js';
import { makeProblem, problemResponse } from './problem.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/**
 * The answer for a request no handler matched: 405 with `Allow` when the path exists for other
 * methods (RFC 9110 §15.5.6), else 404. Both are problem+json. Hono itself knows only "no match",
 * so the routes (not the middleware, which is registered for ALL) are put in a router of their
 * own, built on the first unmatched request, when every route is registered.
 */
export function unmatchedHandler(app: Hono): (c: Context) => Response {
  let router: TrieRouter<string> | undefined;
  const routerOf = () => {
    if (router === undefined) {
      router = new TrieRouter<string>();
      for (const route of app.routes) {
        if (route.method === 'ALL') continue;
        router.add(route.method, route.path, route.method);
        // Hono answers HEAD with the GET handler.
        if (route.method === 'GET') router.add('HEAD', route.path, 'HEAD');
      }
    }
    return router;
  };
  return function unmatched(c) {
    const path = c.req.path;
    const r = routerOf();
    const allowed = METHODS.filter((m) => r.match(m, path)[0].length > 0);
    const named = `${excerpt(c.req.method, 20)} ${excerpt(path)}`;
    if (allowed.length === 0) {
      return problemResponse(c, makeProblem('not-found', 404, `no route ${named}`));
    }
    c.header('allow', allowed.join(', '));
    return problemResponse(
      c,
      makeProblem('method-not-allowed', 405, `${named}: this path allows ${allowed.join(', ')}`),
    );
  };
}
