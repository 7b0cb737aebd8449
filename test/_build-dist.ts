import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * vitest globalSetup: workers and the end-to-end tests run dist/, so a `npx vitest` after editing a
 * source would otherwise test an old build. Rebuilds dist/ (tsc -p tsconfig.build.json, one line
 * printed) when any source that goes into it is newer than its output, or its output is missing;
 * a build that fails stops the run. Fresh: only mtimes are compared.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = join(ROOT, 'tsconfig.build.json');
/** Left in dist/ by a failed build (tsc emits despite type errors): the next run builds again. */
const FAILED = join(ROOT, 'dist', '.build-failed');

export default function setup(): void {
  pruneOrphans();
  const why = staleness();
  if (why === undefined) return;
  const started = Date.now();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', CONFIG], { cwd: ROOT, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    mkdirSync(dirname(FAILED), { recursive: true });
    writeFileSync(FAILED, output);
    throw new Error(
      `dist/ is stale (${why}) and rebuilding it failed (tsc -p tsconfig.build.json):\n${output}`,
    );
  }
  rmSync(FAILED, { force: true });
  console.log(
    `dist/ was stale (${why}): rebuilt with tsc -p tsconfig.build.json in ${Date.now() - started} ms`,
  );
}

/** Why dist/ is out of date, or undefined when every output is at least as new as its source. */
export function staleness(): string | undefined {
  if (existsSync(FAILED)) return 'the last build failed';
  const parsed = ts.getParsedCommandLineOfConfigFile(
    CONFIG,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${CONFIG}`);
  const outDir = parsed.options.outDir ?? join(ROOT, 'dist');
  const rootDir = parsed.options.rootDir ?? ROOT;
  const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : undefined);
  const outputOf = (source: string) =>
    join(outDir, relative(rootDir, source)).replace(/\.([cm]?)ts$/, '.$1js');

  let oldestOutput = Number.POSITIVE_INFINITY;
  const check = (source: string, required: boolean): string | undefined => {
    const out = mtime(outputOf(source));
    if (out === undefined) return required ? `${relative(ROOT, outputOf(source))} is missing` : undefined;
    oldestOutput = Math.min(oldestOutput, out);
    if ((mtime(source) ?? 0) > out) return `${relative(ROOT, source)} is newer than its output`;
    return undefined;
  };
  // Every file the build config names…
  for (const source of parsed.fileNames) {
    if (source.endsWith('.d.ts')) continue;
    const why = check(source, true);
    if (why) return why;
  }
  // …and every file the build pulled in through imports (test/ helpers of the benchmarks): any
  // output in dist/ whose source is still there.
  for (const out of walk(outDir)) {
    const source = join(rootDir, relative(outDir, out)).replace(/\.([cm]?)js$/, '.$1ts');
    if (!existsSync(source)) continue;
    const why = check(source, false);
    if (why) return why;
  }
  for (const config of [CONFIG, join(ROOT, 'tsconfig.json')]) {
    if ((mtime(config) ?? 0) > oldestOutput) return `${relative(ROOT, config)} changed since the last build`;
  }
  return undefined;
}

/**
 * Outputs whose source was moved or deleted: tsc never removes them, and a stale module left in
 * dist/ can still be imported by another stale one. Removes the .js with its .d.ts and maps.
 */
function pruneOrphans(): void {
  const outDir = join(ROOT, 'dist');
  for (const out of walk(outDir)) {
    const stem = join(ROOT, relative(outDir, out)).replace(/\.([cm]?)js$/, '');
    const ext = out.match(/\.([cm]?)js$/)?.[1] ?? '';
    if (existsSync(`${stem}.${ext}ts`) || existsSync(`${stem}.${ext}js`)) continue;
    const base = out.replace(/\.([cm]?)js$/, '');
    for (const path of [out, `${out}.map`, `${base}.d.${ext}ts`, `${base}.d.${ext}ts.map`]) {
      rmSync(path, { force: true });
    }
  }
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (/\.[cm]?js$/.test(entry.name)) yield path;
  }
}
