import type { Logger } from 'pino';
import type { ReportBook } from '../../sim/domain/reports/index.js';
import type { RouteDocs } from '../contract/route-docs.js';
import type { Engine } from '../engine/engine.js';
import type { AuthState } from './auth.js';
import type { AppMetrics } from './metrics.js';

/** What every route module gets: the engine it acts on, where it reports, and the credentials (R18). */
export interface RouteDeps {
  readonly engine: Engine;
  /** The seller's and affiliate's reports, fed by the engine's answers (server/reports); absent when the app keeps none. */
  readonly reports?: ReportBook;
  readonly metrics: AppMetrics;
  readonly logger: Logger;
  readonly docs: RouteDocs;
  readonly auth: AuthState;
  /** The server's clock (UTC ms): the `at` of every event a tenant other than ingestion sends. */
  readonly now: () => number;
}
