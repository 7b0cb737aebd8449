import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { createPlatform } from '../../server/app.js';
import type { Durability } from '../../server/durable/journal.js';
import { type DurablePlatform, openDataDir } from '../../server/durable/open-data-dir.js';
import { DEFAULT_SNAPSHOT_EVERY, type SnapshotSchedule } from '../../server/durable/snapshot-writer.js';
import type { Capacity } from '../../server/engine/capacity.js';
import { DEFAULT_CAPACITY } from '../../server/engine/capacity.js';
import { createEngine, restoreEngine } from '../../server/engine/engine.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { createLogger } from '../../server/http/logger.js';
import type { Policy } from '../../sim/domain/policy.js';

/** The month example as raw history lines (EVENTS.md form, what the ingest routes take), policy line dropped. */
export function monthEvents(): Record<string, unknown>[] {
  const path = fileURLToPath(new URL('../../scenarios/examples/marketplace-month.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((value) => value.type !== 'policy');
}

export function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'affsim-durable-')), 'data');
}

/** A platform on a data dir, as `affsim serve --data-dir` builds it, without a socket. */
export function durableApp(
  dir: string,
  policy?: Policy,
  capacity?: Capacity,
  durability: Durability = 'process',
  pairExpiry: { lagMs: number | undefined; asked: boolean } = { lagMs: undefined, asked: false },
  /** `--snapshot-every` (0: none), its default when absent; or a whole schedule (with its report). */
  snapshots: number | SnapshotSchedule = DEFAULT_SNAPSHOT_EVERY,
): { app: Hono; durable: DurablePlatform } {
  const durable = openDataDir({
    dir,
    durability,
    policy,
    engineName: 'real',
    pairExpiry,
    createEngine: (p, pairExpiryLagMs) => createEngine(p, undefined, capacity, { pairExpiryLagMs }),
    snapshots: {
      schedule: typeof snapshots === 'number' ? { every: snapshots } : snapshots,
      restore: (p, pairExpiryLagMs, snapshot) =>
        restoreEngine(p, capacity ?? DEFAULT_CAPACITY, { pairExpiryLagMs }, snapshot),
    },
  });
  const { app } = createPlatform({
    auth: NO_AUTH,
    engine: durable.engine,
    policy: durable.policy,
    logger: createLogger('silent'),
    commit: () => durable.engine.commit(),
  });
  return { app, durable };
}

export interface Sent {
  readonly status: number;
  readonly body: unknown;
  readonly repeat: boolean;
}

export async function post(app: Hono, path: string, body: unknown): Promise<Sent> {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: await res.json(),
    repeat: res.headers.get('idempotent-replayed') === 'true',
  };
}
