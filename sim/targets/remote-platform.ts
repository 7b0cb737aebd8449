import type { Policy } from '../domain/policy.js';
import { TargetError } from '../run/target-error.js';
import { expectPlatformPolicy, fetchFailure } from './expect-platform-policy.js';
import type { PlatformSend } from './platform-send.js';
import { DEFAULT_REQUEST_TIMEOUT_MS as REQUEST_TIMEOUT_MS } from './target-context.js';

/**
 * A running platform at `baseUrl` that speaks affsim's API (`affsim serve`, or a service that
 * implements it), once it has said it runs `policy` (GET /policy): otherwise every difference
 * would be a false disagreement.
 */
export async function remotePlatform(
  baseUrl: string,
  policy: Policy,
  source: 'history' | 'scenario',
  /** The bearer token of every request (R18: the platform's ingestion token). */
  token?: string,
): Promise<PlatformSend> {
  await expectPlatformPolicy(baseUrl, policy, source);
  return async (path, init) => {
    const headers = new Headers(init?.headers);
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    try {
      return await fetch(new URL(path, baseUrl), {
        ...init,
        headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw new TargetError(`${init?.method ?? 'GET'} ${path}: ${fetchFailure(e, REQUEST_TIMEOUT_MS)}`);
    }
  };
}
