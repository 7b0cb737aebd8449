import { type Dispatcher, Pool } from 'undici';
import type { Policy } from '../domain/policy.js';
import type { HttpAnswer, TargetContext } from '../run/define-target.js';
import { LatencyHistogram } from '../run/latency-histogram.js';
import { TargetError } from '../run/target-error.js';
import type { AttemptFault, RequestFaults } from './fault-injector.js';

/** Connections per worker to the platform: enough to overlap requests, few enough to stay polite. */
export const CONNECTIONS_PER_WORKER = 4;

/** How long to wait for a connection and for an answer, and how often to ask again. */
export interface TargetTimeouts {
  /** An answer's headers, and then each chunk of its body, must arrive within this (`--target-timeout`). */
  readonly requestTimeoutMs?: number;
  /** A connection must open within this. */
  readonly connectTimeoutMs?: number;
  /** Tries per request, the first included: connection errors, timeouts and 5xx are tried again. */
  readonly attempts?: number;
  /** The wait before the second try; doubled before each next one. */
  readonly backoffMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_ATTEMPTS = 3;
const DEFAULT_BACKOFF_MS = 100;
/** A request timeout below this is kept by a signal as well as by undici's timers (1-second ticks). */
const SIGNAL_BELOW_MS = 10_000;
const BODY_EXCERPT_CHARS = 200;

/**
 * A keep-alive HTTP client for one worker (undici Pool), with every request's latency recorded
 * (in a histogram: its memory does not grow with the requests) for the run's latency figures. A platform that cannot be reached, does not answer
 * in time or answers 5xx is asked again with the same request (same event ids: R17 makes a repeat
 * harmless), with backoff; past the last try the request fails with a TargetError naming it.
 * With `faults` (`affsim run --faults`), each attempt may be dropped, duplicated, timed out or
 * delayed on its way, here on the client side of any target, and retried as a real failure is.
 */
export function createTargetContext(
  baseUrl: string,
  policy: Policy,
  timeouts: TargetTimeouts = {},
  faults?: RequestFaults,
  /** More for a client that keeps many requests in flight (`affsim fixtures --concurrency`). */
  connections = CONNECTIONS_PER_WORKER,
  /** The bearer token every request carries (R18: affsim's ingestion token); none when absent. */
  token?: string,
): { ctx: TargetContext; latency: LatencyHistogram; close(): Promise<void> } {
  const requestTimeoutMs = timeouts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const connectTimeoutMs =
    timeouts.connectTimeoutMs ?? Math.min(requestTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
  const attempts = Math.max(1, timeouts.attempts ?? DEFAULT_ATTEMPTS);
  const backoffMs = timeouts.backoffMs ?? DEFAULT_BACKOFF_MS;
  const pool = new Pool(baseUrl, {
    connections,
    pipelining: 1,
    connectTimeout: connectTimeoutMs,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
  });
  const latency = LatencyHistogram.empty();
  // Made once: a request's options are built on every event of a run.
  const auth = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const jsonHeaders = { 'content-type': 'application/json', ...auth };
  const once = async (method: Method, path: string, json: string | undefined) => {
    const started = performance.now();
    const options: Dispatcher.RequestOptions = {
      method,
      path,
      headers: json === undefined ? auth : jsonHeaders,
    };
    if (json !== undefined) options.body = json;
    // undici's own timeouts tick once a second; the signal holds a short --target-timeout to its
    // word. A timer a request costs ~5–9 µs of a worker's time, so a long timeout goes without.
    if (requestTimeoutMs < SIGNAL_BELOW_MS) options.signal = AbortSignal.timeout(requestTimeoutMs);
    const response = await pool.request(options);
    const text = await response.body.text();
    latency.record(performance.now() - started);
    return { status: response.statusCode, headers: response.headers, text };
  };
  const ctx: TargetContext = {
    baseUrl,
    policy,
    async request(method, path, body) {
      const json = body === undefined ? undefined : JSON.stringify(body);
      let failure = '';
      let injected = false;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        if (attempt > 1) {
          faults?.retried();
          // The backoff gives a struggling platform time; an injected fault was not the platform's.
          if (!injected) await sleep(backoffMs * 2 ** (attempt - 2));
        }
        const plan = faults?.attempt(attempt < attempts);
        const fault = plan?.fault;
        injected = false;
        try {
          if (plan !== undefined && plan.delayMs > 0) await sleep(plan.delayMs);
          if (fault?.kind === 'drop-before' || (fault?.kind === 'timeout' && !fault.applied)) {
            [failure, injected] = [injectedFailure(fault), true];
            continue;
          }
          const { status, headers, text } = await once(method, path, json);
          // The network delivers it again; the client never sees that answer (a repeat, R17).
          if (fault?.kind === 'dup') await once(method, path, json).catch(() => undefined);
          if (fault?.kind === 'drop-after' || fault?.kind === 'timeout') {
            [failure, injected] = [injectedFailure(fault), true];
            continue;
          }
          if (status >= 500) {
            failure = `answered ${status}${text === '' ? '' : `: ${excerpt(text)}`}`;
            continue;
          }
          let parsed: unknown = text;
          try {
            parsed = text === '' ? null : JSON.parse(text);
          } catch {
            // Not JSON: the adapter sees the text.
          }
          return { status, headers, body: parsed } satisfies HttpAnswer;
        } catch (e) {
          failure = networkFailure(e, { requestTimeoutMs, connectTimeoutMs });
        }
      }
      const ids = idsOf(body);
      throw new TargetError(
        `${method} ${path}${ids ? ` (${ids})` : ''}: ${failure} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`,
      );
    },
  };
  return { ctx, latency, close: () => pool.close() };
}

type Method = Parameters<TargetContext['request']>[0];

function injectedFailure(fault: AttemptFault): string {
  if (fault.kind === 'drop-before') return 'dropped before the platform saw it (injected fault)';
  if (fault.kind === 'timeout') return 'no answer in time (injected timeout)';
  return 'the answer was lost (injected fault)';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…` : flat;
}

/** undici's and Node's network errors, said briefly: `connect ECONNREFUSED`, `no answer within 200 ms`. */
export function networkFailure(
  e: unknown,
  t: { requestTimeoutMs: number; connectTimeoutMs: number },
): string {
  const error = e as Error & { code?: string; syscall?: string; cause?: unknown };
  switch (error.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connect timed out after ${t.connectTimeoutMs} ms`;
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'ABORT_ERR':
      return `no answer within ${t.requestTimeoutMs} ms`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `the answer stalled for ${t.requestTimeoutMs} ms`;
  }
  if (error.name === 'TimeoutError') return `no answer within ${t.requestTimeoutMs} ms`;
  if (error.syscall !== undefined && error.code !== undefined) return `${error.syscall} ${error.code}`;
  return error.code === undefined ? error.message : `${error.code}: ${error.message}`;
}

/** Which events or orders a request was about, so a failure can be traced in the run's history. */
function idsOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const b = body as { id?: unknown; events?: unknown; orderIds?: unknown };
  if (typeof b.id === 'string') return `event ${b.id}`;
  const list = (name: string, ids: readonly string[]) =>
    ids.length === 0
      ? undefined
      : ids.length === 1
        ? `${name} ${ids[0]}`
        : `${ids.length} ${name}s ${ids[0]} … ${ids[ids.length - 1]}`;
  if (Array.isArray(b.events))
    return list(
      'event',
      b.events.map((e: { id?: unknown }) => String(e?.id)),
    );
  if (Array.isArray(b.orderIds)) return list('order', b.orderIds.map(String));
  return undefined;
}
