import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { LoadedResult } from './read-result-dirs.js';

/**
 * Copies each violation's history file from its shard's output directory into the merged one, at
 * the same relative path, so the merged result.json (equal to the unsharded run's) and the merged
 * report's links point at files that exist. Returns a warning per file it could not copy; a path
 * that would land outside `outDir` (a hand-edited result) is never written.
 */
export async function copyHistoryFiles(loaded: readonly LoadedResult[], outDir: string): Promise<string[]> {
  const warnings: string[] = [];
  const root = resolve(outDir);
  for (const { dir, file, result } of loaded) {
    for (const v of result.violations) {
      const from = resolve(dir, v.historyFile);
      const to = resolve(root, v.historyFile);
      const inside = relative(root, to);
      if (isAbsolute(v.historyFile) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
        warnings.push(
          `${file}: history file ${JSON.stringify(v.historyFile)} is not inside the output directory; not copied`,
        );
        continue;
      }
      if (from === to) continue;
      try {
        await mkdir(dirname(to), { recursive: true });
        await copyFile(from, to);
      } catch (e) {
        warnings.push(`${file}: could not copy ${v.historyFile}: ${(e as Error).message}`);
      }
    }
  }
  return warnings;
}
