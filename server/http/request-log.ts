import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** One structured line per request (method, path, status, latency): debug level, so `--log` shows problems only at info. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLogMiddleware(c, next) {
    if (!logger.isLevelEnabled('debug')) return next();
    const started = performance.now();
    await next();
    logger.debug(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: +(performance.now() - started).toFixed(3),
      },
      'request',
    );
  };
}
