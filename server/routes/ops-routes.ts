import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { z } from 'zod';
import { openApiDocument } from '../contract/openapi.js';
import type { RouteDeps } from '../http/deps.js';
import { makeProblem, ProblemError } from '../http/problem.js';

const TAG = 'Operations';

/** The docs page loads only these, served from the installed swagger-ui-dist so it works offline. */
const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>affsim platform API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });</script>
</body></html>`;

/** Health, metrics, policy, the OpenAPI document and its docs page, and a trivial endpoint to benchmark against. */
export function opsRoutes(app: Hono, deps: RouteDeps, version: string): void {
  const ok = z.object({ status: z.literal('ok') });
  deps.docs.add({
    method: 'get',
    path: '/healthz',
    tag: TAG,
    access: 'public',
    summary: 'Liveness',
    responses: { 200: { description: 'Up', schema: ok } },
  });
  app.get('/healthz', function healthz(c) {
    return c.json({ status: 'ok' });
  });

  deps.docs.add({
    method: 'get',
    path: '/ping',
    tag: TAG,
    access: 'public',
    summary: 'A trivial JSON answer (benchmark baseline)',
    responses: { 200: { description: 'pong' } },
  });
  app.get('/ping', function ping(c) {
    return c.json({ pong: true });
  });

  deps.docs.add({
    method: 'get',
    path: '/policy',
    tag: TAG,
    access: 'public',
    summary: 'The policy this platform applies (RULES.md, "Policy")',
    responses: { 200: { description: 'The policy' } },
  });
  app.get('/policy', function policy(c) {
    return c.json(deps.engine.policy);
  });

  deps.docs.add({
    method: 'get',
    path: '/metrics',
    tag: TAG,
    access: 'public',
    summary: 'Prometheus metrics: requests and latency by route, events by outcome and rule id',
    responses: { 200: { description: 'Prometheus text format', contentType: 'text/plain' } },
  });
  app.get('/metrics', async function metrics(c) {
    const text = await deps.metrics.registry.metrics();
    return c.body(text, 200, { 'content-type': deps.metrics.registry.contentType });
  });

  let document: Record<string, unknown> | undefined;
  deps.docs.add({
    method: 'get',
    path: '/openapi.json',
    tag: TAG,
    access: 'public',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  });
  app.get('/openapi.json', function openApi(c) {
    document ??= openApiDocument(deps.docs.routes, version);
    return c.json(document);
  });

  app.get('/docs', function docsPage(c) {
    return c.html(DOCS_HTML);
  });
  app.get('/docs/assets/:file', async function docsAsset(c) {
    const file = c.req.param('file');
    const contentType = Object.hasOwn(DOCS_ASSETS, file) ? DOCS_ASSETS[file] : undefined;
    if (contentType === undefined)
      throw new ProblemError(makeProblem('not-found', 404, `no docs asset ${file}`));
    const body = await readFile(join(swaggerUiDir(), file));
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'public, max-age=86400' });
  });
}

let swaggerDir: string | undefined;
function swaggerUiDir(): string {
  swaggerDir ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return swaggerDir;
}
