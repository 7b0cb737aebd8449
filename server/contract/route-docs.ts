import type { z } from 'zod';

/**
 * What the OpenAPI document says about one route. Each route module registers its handler and its
 * doc side by side, with the same schemas, so the served document describes what is enforced.
 */
/**
 * Who may call a route (R18), declared where the route is: the guard that enforces it is installed
 * by `RouteDocs.add` (app.ts), and the OpenAPI document states it per operation (`security`,
 * `x-affsim-access`), so a route cannot be served without a declared access.
 *
 * - `public`: anyone; no credential needed (a credential sent must still be valid).
 * - `buyer`: a buyer without a credential (the buyer from the signed cookie, the server's time) or
 *   the ingestion token (any buyer, a simulated `at`).
 * - `ingest`: the ingestion token only (any event, any store, simulated time).
 * - `seller`: the seller token of the path's `:storeId` (or the ingestion token); another store's is 404.
 * - `affiliate`: the affiliate token of the path's `:affiliateId` (or the ingestion token); another's is 404.
 * - `order-seller`: the seller token of the store the path's `:orderId` was placed at (or ingestion); else 404.
 * - `tenant`: any valid credential; the handler answers only what the tenant may see (others' objects as absent).
 */
export type Access = 'public' | 'buyer' | 'ingest' | 'seller' | 'affiliate' | 'order-seller' | 'tenant';

export interface RouteDoc {
  /** Who may call it (R18); see Access. */
  readonly access: Access;
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

  /** `onAdd` runs as each route is declared, before its handler is registered: the app installs the route's access guard there. */
  constructor(private readonly onAdd: (doc: RouteDoc) => void = () => {}) {}

  add(doc: RouteDoc): void {
    this.#routes.push(doc);
    this.onAdd(doc);
  }

  get routes(): readonly RouteDoc[] {
    return this.#routes;
  }
}
