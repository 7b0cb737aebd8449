/**
 * The `endpoint` tag of every request, which thresholds and the summary group by; `name` keeps
 * one metric series per route instead of one per URL (k6 tags each request with its URL otherwise).
 */
export const ENDPOINTS = {
  attribution: { endpoint: 'attribution', name: 'GET /orders/{orderId}/attribution' },
  ping: { endpoint: 'ping', name: 'GET /ping' },
  /** A user's service's trivial endpoint (its adapter's `k6.health`): the baseline in place of ping. */
  health: { endpoint: 'health', name: 'GET {health}' },
  events: { endpoint: 'events', name: 'POST /events' },
  orders: { endpoint: 'orders', name: 'POST /orders' },
  link: { endpoint: 'link', name: 'GET /r/{linkId}' },
  links: { endpoint: 'links', name: 'POST /affiliates/{affiliateId}/links' },
} as const;

export type Endpoint = keyof typeof ENDPOINTS;

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
