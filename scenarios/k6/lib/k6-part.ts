import type { DecisionField, PartialDecisionJson } from '../../../sim/domain/decision-fields.js';
import type { JourneyClick, JourneyOrder } from './journey-events.js';

/**
 * A target adapter's k6 part (docs/k6.md, "Your own endpoint"), as the bundles see it. Null here,
 * in the default bundles (dist/k6): the scripts speak affsim's own API. In an adapter's bundle
 * (out/k6/bundles/<adapter>/), the driver replaces this module with one generated from the
 * adapter's functions (scenarios/k6/driver/bundle-adapter-script.ts).
 */
export interface K6PartBundle {
  /** The adapter's name, for messages. */
  readonly name: string;
  /** The adapter's `compare` list (every Decision field when the adapter has none). */
  readonly compare: readonly DecisionField[];
  /** The baseline endpoint; null: the run has no baseline scenario. */
  readonly health: { readonly path: string } | null;
  readonly attribution: {
    readonly path: (orderId: string) => string;
    readonly headers: () => Record<string, string>;
    readonly decision: (status: number, body: unknown) => PartialDecisionJson | null;
  };
  /** The write side (ingest.ts, mixed.ts); null: the adapter has none, so only attribution.ts runs. */
  readonly write: {
    readonly click: (event: JourneyClick) => K6Request;
    readonly order: (event: JourneyOrder) => K6Request;
  } | null;
}

/** A write request as the adapter builds it (sim/run/define-target.ts, K6Request). */
export interface K6Request {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export const K6_PART: K6PartBundle | null = null;
