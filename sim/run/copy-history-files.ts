import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { LoadedResult } from './read-result-dirs.js';
import type { Violation } from './run-result.js';

/**
 * Copies the history file of each violation the merged result keeps (`kept`: its examples, up to
 * `examplesPerGroup` per group) from the output directory of the shard that found it into the
 * merged one, at the same relative path, so the merged result.json (equal to the unsharded run's)
 * and the merged report's links point at files that exist. The shards' other examples are not
 * copied: the merge dropped them. Returns a warning per file it could not copy; a path that would
 * land outside `outDir` (a hand-edited result) is never written.
 */
export async function copyHistoryFiles(
  loaded: readonly LoadedResult[],
  kept: readonly Violation[],
  outDir: string,
): Promise<string[]> {
  const warnings: string[] = [];
  const root = resolve(outDir);
  const key = (v: Violation) => JSON.stringify([v.kind, v.subject, v.fingerprint, v.historyFile]);
  // The first input that holds each kept violation (the seller timeline's answers may be in several).
  const from = new Map<string, LoadedResult>();
  for (const l of loaded) {
    for (const v of l.result.violations) if (!from.has(key(v))) from.set(key(v), l);
  }
  const copied = new Set<string>();
  for (const v of kept) {
    const source = from.get(key(v));
    if (source === undefined) {
      warnings.push(
        `history file ${JSON.stringify(v.historyFile)} is in none of the merged results; not copied`,
      );
      continue;
    }
    const to = resolve(root, v.historyFile);
    const inside = relative(root, to);
    if (isAbsolute(v.historyFile) || inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      warnings.push(
        `${source.file}: history file ${JSON.stringify(v.historyFile)} is not inside the output directory; not copied`,
      );
      continue;
    }
    if (copied.has(to)) continue;
    copied.add(to);
    const at = resolve(source.dir, v.historyFile);
    if (at === to) continue;
    try {
      await mkdir(dirname(to), { recursive: true });
      await copyFile(at, to);
    } catch (e) {
      warnings.push(`${source.file}: could not copy ${v.historyFile}: ${(e as Error).message}`);
    }
  }
  return warnings;
}
