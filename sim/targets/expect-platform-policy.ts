import { request } from 'undici';
import { describePolicy, type Policy } from '../domain/policy.js';
import { TargetError } from '../run/target-error.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, networkFailure } from './target-context.js';

/** A platform that cannot be asked for its policy, or runs another one: a setup problem, not a finding. */
export class TargetMismatchError extends Error {}

/**
 * A remote affsim platform must run the policy its input was made for (a history's, a scenario's),
 * or every difference would be a false disagreement. Asks `GET /policy` and compares.
 */
export async function expectPlatformPolicy(
  target: string,
  policy: Policy,
  source: 'history' | 'scenario',
  timeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
): Promise<void> {
  let remote: string;
  let status: number;
  let text: string;
  try {
    const response = await request(new URL('/policy', target), {
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    status = response.statusCode;
    text = await response.body.text();
  } catch (e) {
    // Nothing listening, or no answer: the platform failed (exit 3), not the user's input.
    const connectTimeoutMs = Math.min(timeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
    throw new TargetError(
      `GET /policy: ${networkFailure(e, { requestTimeoutMs: timeoutMs, connectTimeoutMs })}`,
    );
  }
  if (status >= 500) {
    throw new TargetError(`GET /policy: answered ${status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
  try {
    if (status < 200 || status > 299) throw new Error(`GET /policy answered ${status}`);
    remote = describePolicy(JSON.parse(text) as Policy);
  } catch (e) {
    throw new TargetMismatchError(`${(e as Error).message} (is ${target} an affsim platform?)`);
  }
  const expected = describePolicy(policy);
  if (remote !== expected) {
    throw new TargetMismatchError(
      `the platform at ${target} runs another policy:\n  platform: ${remote}\n  ${`${source}:`.padEnd(9)} ${expected}\nstart it with the ${source}'s policy (affsim serve --policy key=value …)`,
    );
  }
}

/** fetch's `TypeError: fetch failed` hides the reason in its cause: `connect ECONNREFUSED`, a timeout. */
export function fetchFailure(e: unknown, timeoutMs: number): string {
  const error = e as Error & { cause?: { code?: string; syscall?: string; message?: string } };
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error.cause;
  if (cause?.syscall !== undefined && cause.code !== undefined) return `${cause.syscall} ${cause.code}`;
  if (cause?.code !== undefined) return `${cause.code}: ${cause.message ?? error.message}`;
  return cause?.message === undefined ? error.message : `${error.message} (${cause.message})`;
}
