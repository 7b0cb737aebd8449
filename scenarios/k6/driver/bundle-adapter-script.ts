import { join } from 'node:path';
import { K6_BUILD_OPTIONS, type K6Script, scriptSource } from './bundle-scripts.js';
import { packageRoot } from './package-root.js';

/** The module of the scripts that an adapter's bundle replaces (scenarios/k6/lib/k6-part.ts). */
const K6_PART_IMPORT = /(^|\/)k6-part\.js$/;
const NAMESPACE = 'affsim-k6-part';

/** Where an adapter's bundles go: beside, never into, the default bundles of dist/k6. */
export const adapterBundleDir = (adapterName: string): string =>
  join('out', 'k6', 'bundles', adapterName.replace(/[^A-Za-z0-9._-]+/g, '_'));

/**
 * Bundles one script with an adapter's k6 part in place of the default (null) one: the same
 * sources and options as dist/k6, with the generated module (sim/targets/k6-part-source.ts)
 * standing in for lib/k6-part.ts, so the script reads the user's service the adapter's way.
 */
export async function bundleAdapterScript(
  script: K6Script,
  partModule: string,
  outDir: string,
): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error(
      "esbuild is not installed: bundling an adapter's k6 part needs it (run npm install in the affsim folder)",
    );
  }
  const outfile = join(outDir, `${script}.js`);
  await esbuild.build({
    ...K6_BUILD_OPTIONS,
    entryPoints: [scriptSource(packageRoot(), script)],
    outfile,
    plugins: [
      {
        name: NAMESPACE,
        setup(build) {
          build.onResolve({ filter: K6_PART_IMPORT }, () => ({ path: 'k6-part', namespace: NAMESPACE }));
          build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
            contents: partModule,
            loader: 'js',
          }));
        },
      },
    ],
  });
  return outfile;
}
