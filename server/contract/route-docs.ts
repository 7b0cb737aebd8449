import type { z } from 'zod';

/**
 * What the OpenAPI document says about one route. Each route module registers its handler and its
 * doc side by side, with the same schemas, so the served document describes what is enforced.
 */
export interface RouteDoc {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** Hono form: `/sellers/:storeId/join`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<string, ResponseDoc>>;
}

export interface ResponseDoc {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly contentType?: string;
}

export class RouteDocs {
  readonly #routes: RouteDoc[] = [];

  add(doc: RouteDoc): void {
    this.#routes.push(doc);
  }

  get routes(): readonly RouteDoc[] {
    return this.#routes;
  }
}
