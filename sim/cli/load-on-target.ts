import { resolve } from 'node:path';
import { adapterBundleDir, bundleAdapterScript } from '../../scenarios/k6/driver/bundle-adapter-script.js';
import type { K6Script } from '../../scenarios/k6/driver/bundle-scripts.js';
import { readManifest } from '../fixtures/read-manifest.js';
import { type TargetDefinition, TargetDefinitionError } from '../run/define-target.js';
import { UserModuleError } from '../run/load-user-module.js';
import { oneLine } from '../run/target-error.js';
import { missingK6PartMessage, missingWriteMessage } from '../targets/k6-part-snippet.js';
import { K6PartError, k6PartModule } from '../targets/k6-part-source.js';
import { loadTarget } from '../targets/load-target.js';
import { type Io, TargetFailure, UsageError } from './io.js';

/**
 * `affsim load --target URL [--target-adapter FILE]` (issue 15): k6 against a running service
 * instead of a platform affsim starts. With an adapter, its k6 part is bundled into the script;
 * without one, the service speaks affsim's API and the default bundles serve.
 */
export interface TargetLoad {
  readonly baseUrl: string;
  /** The bundle of each script to run, when not the default one of dist/k6. */
  readonly bundles: ReadonlyMap<K6Script, string>;
}

/** The scripts that write: through an adapter, they need its k6 part's write side. */
const WRITING: readonly K6Script[] = ['ingest', 'mixed'];

export async function prepareTargetLoad(
  url: string,
  adapterFile: string | undefined,
  scripts: readonly K6Script[],
  fixturesDir: string,
  io: Io,
  usage: string,
): Promise<TargetLoad> {
  if (!/^https?:\/\/[^/\s]+\/?$/.test(url))
    throw new UsageError(`--target ${url}: expected an origin like http://127.0.0.1:8090`, usage);
  const baseUrl = url.replace(/\/+$/, '');
  await expectLoadedFixtures(fixturesDir, baseUrl, adapterFile, io);
  const bundles = new Map<K6Script, string>();
  if (adapterFile !== undefined) {
    const target = await adapterWithK6(adapterFile);
    if (target.k6 === undefined) throw new UsageError(missingK6PartMessage(target, adapterFile));
    const writing = scripts.filter((s) => WRITING.includes(s));
    if (writing.length > 0 && target.k6.write === undefined)
      throw new UsageError(missingWriteMessage(target, adapterFile, writing, url));
    let module: string;
    try {
      module = k6PartModule(target, adapterFile);
    } catch (e) {
      if (e instanceof K6PartError) throw new UsageError(e.message);
      throw e;
    }
    const outDir = resolve(adapterBundleDir(target.name));
    for (const script of scripts) bundles.set(script, await bundleAdapterScript(script, module, outDir));
    io.stdout.write(
      target.k6.health === undefined
        ? `no baseline scenario: the k6 part of ${adapterFile} has no health (add health: { path: '/healthz' }, a trivial endpoint of the service)\n`
        : `baseline: GET ${target.k6.health.path} at the same rate (the adapter's k6.health)\n`,
    );
  }
  await expectReachable(baseUrl);
  return { baseUrl, bundles };
}

/** The adapter as defined (k6 part included: the guarded adapter of `check` has no k6 part). */
async function adapterWithK6(file: string): Promise<TargetDefinition> {
  try {
    return await loadTarget(file);
  } catch (e) {
    if (e instanceof UserModuleError || e instanceof TargetDefinitionError)
      throw new UsageError(oneLine(e.message));
    throw e;
  }
}

/**
 * The fixtures must already be in the service (affsim writes nothing into it here). Missing ones
 * are a usage error; a manifest that does not say they were loaded into this URL is a warning.
 */
async function expectLoadedFixtures(dir: string, url: string, adapterFile: string | undefined, io: Io) {
  const read = await readManifest(dir);
  const adapter = adapterFile === undefined ? '' : ` --target-adapter ${adapterFile}`;
  if (!read.ok)
    throw new UsageError(
      `FIXTURES=${dir}: ${read.message}; with --target the service must already hold them: write them (affsim fixtures --out ${dir}) and load their history into it (affsim check ${dir}/history.jsonl --target ${url}${adapter})`,
    );
  const loadedInto = (read.manifest as { loadedInto?: { url?: string } }).loadedInto?.url?.replace(
    /\/+$/,
    '',
  );
  if (loadedInto !== url)
    io.stderr.write(
      `warning: ${dir}/manifest.json ${loadedInto === undefined ? 'does not say its history was loaded into any service' : `says its history was loaded into ${loadedInto}`}, not ${url}: unless ${url} holds it, every read is a wrong answer\n`,
    );
}

/** One request before k6 starts: an unreachable service is exit 3, not thousands of failed requests. */
async function expectReachable(baseUrl: string): Promise<void> {
  try {
    const res = await fetch(baseUrl, { signal: AbortSignal.timeout(10_000) });
    await res.body?.cancel();
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new TargetFailure(
      `--target ${baseUrl} is unreachable: ${cause?.code ?? cause?.message ?? String(e)}`,
    );
  }
}
