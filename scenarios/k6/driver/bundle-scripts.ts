import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** The k6 scripts, by name: `scenarios/k6/<name>.ts`, bundled to `dist/k6/<name>.js`. */
export const K6_SCRIPTS = ['attribution', 'ingest', 'mixed'] as const;
export type K6Script = (typeof K6_SCRIPTS)[number];

/**
 * The JavaScript k6 v0.48 understands: it parses scripts with an old Babel (no object spread, no
 * optional chaining, no class fields), which later releases accept too. Tested by running the
 * bundles under v0.48 (test/k6).
 */
export const K6_TARGET = 'es2017';

export const bundleDir = (): string => join(packageRoot(), 'dist', 'k6');
export const bundlePath = (script: K6Script): string => join(bundleDir(), `${script}.js`);

/**
 * Bundles the TypeScript scripts into plain ES modules that import only k6's own modules (`k6`,
 * `k6/*` stay external; our libraries, dequal and the vendored k6-summary are inlined), so any k6
 * from v0.48 on runs them without its own TypeScript support (v0.57+). esbuild is a runtime
 * dependency (an adapter's k6 part is bundled at run time); without it, the bundles in dist/k6 serve.
 */
export async function bundleK6Scripts(outDir: string = bundleDir()): Promise<string[]> {
  const root = packageRoot();
  const outPath = (script: K6Script) => join(outDir, `${script}.js`);
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    if (K6_SCRIPTS.every((s) => existsSync(outPath(s)))) return K6_SCRIPTS.map(outPath);
    throw new Error(
      'esbuild is not installed and dist/k6 holds no bundles: run npm install in the affsim folder',
    );
  }
  await esbuild.build({
    ...K6_BUILD_OPTIONS,
    entryPoints: K6_SCRIPTS.map((s) => scriptSource(root, s)),
    outdir: outDir,
  });
  return K6_SCRIPTS.map(outPath);
}

export const scriptSource = (root: string, script: K6Script): string =>
  join(root, 'scenarios', 'k6', `${script}.ts`);

/** What every k6 bundle is built with (the default ones here, an adapter's in bundle-adapter-script.ts). */
export const K6_BUILD_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  target: K6_TARGET,
  external: ['k6', 'k6/*'],
  banner: {
    js: '// Bundled by affsim from scenarios/k6 (esbuild); edit the TypeScript sources, not this file.',
  },
  logLevel: 'silent',
} as const satisfies import('esbuild').BuildOptions;
