import type { Policy } from '../domain/policy.js';
import type { TargetDefinition } from '../run/define-target.js';
import type { Replayer } from '../run/replay-history.js';
import { affsimTarget } from './affsim-target.js';
import { expectPlatformPolicy } from './expect-platform-policy.js';
import { guardTarget } from './guard-target.js';
import { loadTarget } from './load-target.js';
import { createTargetContext } from './target-context.js';

/**
 * Replayers of running services (sim/run/replay-history.ts): a history replayed from a clean
 * start on a user's service through its adapter (`affsim check|explain --target-adapter`, and a
 * run's shrinking), or on a platform that speaks affsim's API.
 */

/** A Replayer of a service reached over HTTP; `resets` false when it cannot be emptied (it must start empty). */
export interface ServiceReplayer extends Replayer {
  readonly resets: boolean;
}

/**
 * A user's `--target-adapter` file, loaded and checked by defineTarget (UserModuleError,
 * TargetDefinitionError), then guarded: what its functions throw is an AdapterError naming the file.
 */
export async function loadAdapter(file: string): Promise<TargetDefinition> {
  return guardTarget(await loadTarget(file), file);
}

/**
 * The service at `baseUrl` through `target`, on a keep-alive client (target-context.ts); `reset`
 * is the adapter's `reset(ctx)`, or nothing when it has none.
 */
export function serviceReplayer(
  target: TargetDefinition,
  baseUrl: string,
  policy: Policy,
  timeoutMs?: number,
  connections?: number,
  /** The bearer token of every request (R18). */
  token?: string,
): ServiceReplayer {
  const { ctx, close } = createTargetContext(
    baseUrl,
    policy,
    timeoutMs === undefined ? {} : { requestTimeoutMs: timeoutMs },
    undefined,
    connections,
    token,
  );
  const reset = target.reset;
  return {
    target,
    ctx,
    resets: reset !== undefined,
    reset: async () => {
      if (reset !== undefined) await reset(ctx);
    },
    close,
  };
}

/**
 * A running platform that speaks affsim's API, once it has said it runs `policy` (GET /policy;
 * TargetMismatchError otherwise). affsim cannot empty it, so it must start empty.
 */
export async function affsimApiReplayer(
  baseUrl: string,
  policy: Policy,
  source: 'history' | 'scenario' = 'history',
  timeoutMs?: number,
  token?: string,
): Promise<ServiceReplayer> {
  await expectPlatformPolicy(baseUrl, policy, source, timeoutMs);
  return serviceReplayer(guardTarget(affsimTarget), baseUrl, policy, timeoutMs, undefined, token);
}
