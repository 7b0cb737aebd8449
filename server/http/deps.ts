import type { Logger } from 'pino';
import type { ReportBook } from '../../sim/domain/reports/index.js';
import type { RouteDocs } from '../contract/route-docs.js';
import type { Engine } from '../engine/engine.js';
import type { AppMetrics } from './metrics.js';

/** What every route module gets: the engine it acts on, and where it reports. */
export interface RouteDeps {
  readonly engine: Engine;
  /** The seller's and affiliate's reports, fed by the engine's answers (server/reports); absent when the app keeps none. */
  readonly reports?: ReportBook;
  readonly metrics: AppMetrics;
  readonly logger: Logger;
  readonly docs: RouteDocs;
}
