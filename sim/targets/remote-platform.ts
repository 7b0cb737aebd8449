import type { Policy } from '../domain/policy.js';
import { expectPlatformPolicy } from './expect-platform-policy.js';
import type { PlatformSend } from './platform-send.js';

/**
 * A running platform at `baseUrl` that speaks affsim's API (`affsim serve`, or a service that
 * implements it), once it has said it runs `policy` (GET /policy): otherwise every difference
 * would be a false disagreement.
 */
export async function remotePlatform(
  baseUrl: string,
  policy: Policy,
  source: 'history' | 'scenario',
): Promise<PlatformSend> {
  await expectPlatformPolicy(baseUrl, policy, source);
  return (path, init) => fetch(new URL(path, baseUrl), init);
}
