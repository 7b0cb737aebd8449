import { Pool } from 'undici';
import type { Policy } from '../domain/policy.js';
import type { HttpAnswer, TargetContext } from '../run/define-target.js';

/** Connections per worker to the platform: enough to overlap requests, few enough to stay polite. */
export const CONNECTIONS_PER_WORKER = 4;

/**
 * A keep-alive HTTP client for one worker (undici Pool), with every request's latency recorded
 * for the run's throughput and latency figures.
 */
export function createTargetContext(
  baseUrl: string,
  policy: Policy,
): { ctx: TargetContext; latenciesMs: number[]; close(): Promise<void> } {
  const pool = new Pool(baseUrl, { connections: CONNECTIONS_PER_WORKER, pipelining: 1 });
  const latenciesMs: number[] = [];
  const ctx: TargetContext = {
    baseUrl,
    policy,
    async request(method, path, body) {
      const started = performance.now();
      const response = await pool.request({
        method,
        path,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.body.text();
      latenciesMs.push(performance.now() - started);
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // Not JSON: the adapter sees the text.
      }
      return { status: response.statusCode, headers: response.headers, body: parsed } satisfies HttpAnswer;
    },
  };
  return { ctx, latenciesMs, close: () => pool.close() };
}
