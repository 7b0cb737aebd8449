import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled piscina entry point. From `dist/` it sits beside this module's tree; from the
 * sources (tests) the build's copy is used, since worker threads load JavaScript only.
 */
export function shardWorkerFile(): string {
  const candidates = [
    new URL('../../workers/shard-worker.js', import.meta.url),
    new URL('../../dist/workers/shard-worker.js', import.meta.url),
  ].map((u) => fileURLToPath(u));
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined)
    throw new Error(`the shard worker is not built (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}
