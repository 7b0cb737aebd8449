import type { Endpoint } from './endpoint.js';

export interface LatencyBudget {
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/**
 * Latency budgets per endpoint, as an attribution service's SLO would state them: an order page
 * and a checkout wait on these calls. The platform answers in a few milliseconds on one machine;
 * the headroom is for a shared CI machine that runs k6, the server and other tests on two cores.
 */
export const BUDGETS: Readonly<Record<Endpoint, LatencyBudget>> = {
  attribution: { p95Ms: 100, p99Ms: 250 },
  ping: { p95Ms: 100, p99Ms: 250 },
  health: { p95Ms: 100, p99Ms: 250 },
  events: { p95Ms: 150, p99Ms: 300 },
  orders: { p95Ms: 150, p99Ms: 300 },
  link: { p95Ms: 150, p99Ms: 300 },
  links: { p95Ms: 500, p99Ms: 1000 },
};
