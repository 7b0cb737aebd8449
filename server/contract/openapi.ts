import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './media-types.js';
import type { Access, RouteDoc } from './route-docs.js';
import { problemSchema } from './schemas.js';

/**
 * The OpenAPI 3.1 document, generated from the zod schemas of the routes (zod's JSON Schema output
 * is draft 2020-12, the dialect of OpenAPI 3.1). Request schemas are described as input (what a
 * client sends), response schemas as output.
 */
export function openApiDocument(routes: readonly RouteDoc[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'affsim platform',
      version,
      description:
        'A reference platform for the affiliate rule book (RULES.md R1–R18): seller backend, affiliate portal, buyer traffic, orders, batch ingestion and attribution. Event time comes from each request (`at`). Errors are RFC 9457 problem details.',
    },
    paths,
    components: {
      schemas: { Problem: schemaOf(problemSchema, 'output') },
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            "R18: the ingestion token (`affsim serve` prints it, or $AFFSIM_INGEST_TOKEN), or a seller's or affiliate's token from its registration. Paste it with Authorize.",
        },
      },
    },
  };
}

function operation(route: RouteDoc): Record<string, unknown> {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    const contentType = r.contentType ?? 'application/json';
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { [contentType]: { schema: schemaOf(r.schema, 'output') } } } : {}),
    };
  }
  // Every route with a body refuses any other media type (server/http/json-only.ts).
  if (route.body && responses['415'] === undefined) {
    responses['415'] = {
      description: 'The body is not `application/json` (text/plain, a form, or no Content-Type)',
    };
  }
  responses['4XX'] = {
    description: 'Problem details (RFC 9457): field paths in `errors`, the refusing rule in `rule`',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  for (const [status, description] of Object.entries(ACCESS_RESPONSES[route.access])) {
    responses[status] ??= { description };
  }
  return {
    tags: [route.tag],
    summary: route.summary,
    // R18: who may call it; `x-affsim-access` is the class the guard enforces (route-docs.ts Access).
    security: SECURITY[route.access],
    'x-affsim-access': route.access,
    ...(route.description ? { description: route.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

const BEARER = [{ bearer: [] }];
const SECURITY: Record<Access, unknown[]> = {
  public: [],
  // Anonymous (the buyer of the cookie) or the ingestion token.
  buyer: [{}, ...BEARER],
  ingest: BEARER,
  seller: BEARER,
  affiliate: BEARER,
  'order-seller': BEARER,
  tenant: BEARER,
};

const UNAUTHORIZED = 'R18: no credential, or one that is not valid here';
const NOT_YOURS = "R18: another tenant's object, answered as absent";
const ACCESS_RESPONSES: Record<Access, Record<string, string>> = {
  public: {},
  buyer: {
    401: 'R18: a bearer token that is not valid here',
    403: 'R18: `buyerId` or `at` without the ingestion token',
  },
  ingest: { 401: UNAUTHORIZED, 403: 'R18: a token other than the ingestion token' },
  seller: { 401: UNAUTHORIZED, 403: 'R18: `at` without the ingestion token', 404: NOT_YOURS },
  affiliate: { 401: UNAUTHORIZED, 404: NOT_YOURS },
  'order-seller': { 401: UNAUTHORIZED, 403: 'R18: `at` without the ingestion token', 404: NOT_YOURS },
  tenant: { 401: UNAUTHORIZED },
};

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): unknown[] {
  if (schema === undefined) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: where,
    required: where === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: schemaOf(field as z.ZodType, 'input'),
  }));
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return json;
}
