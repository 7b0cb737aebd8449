import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * affsim's own directory, found from this file whether it runs from source (tests) or from dist/:
 * the scripts' sources and bundles are found from it, not from the working directory.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'affsim'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('affsim: cannot find its own package.json above the k6 driver');
    dir = parent;
  }
}
