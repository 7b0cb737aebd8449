import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A user's file (scenario, target adapter) that cannot be loaded: a usage error, not a crash. */
export class UserModuleError extends Error {}

let tsNodeRegistered = false;

/**
 * Imports a user's `.ts` or `.js` file at run time and returns its default export. TypeScript goes
 * through ts-node's ESM loader (registered once per thread, transpile-only: a scenario is checked
 * by its schema, and type errors are the editor's job), so no build step stands between a user and
 * their scenario.
 */
export async function loadUserModule(path: string, what: string): Promise<unknown> {
  const absolute = resolve(path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new UserModuleError(`${what} ${path}: no such file`);
  }
  if (/\.[cm]?tsx?$/.test(absolute)) registerTsNode();
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (e) {
    const error = e as Error;
    throw new UserModuleError(`${what} ${path} could not be loaded: ${error.message}`);
  }
  if (module.default === undefined) {
    throw new UserModuleError(`${what} ${path} has no default export`);
  }
  return module.default;
}

function registerTsNode(): void {
  if (tsNodeRegistered) return;
  // Read by ts-node when its loader starts: a user's folder may have no tsconfig of its own.
  process.env.TS_NODE_TRANSPILE_ONLY ??= 'true';
  process.env.TS_NODE_COMPILER_OPTIONS ??= JSON.stringify({
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
  });
  register('ts-node/esm', pathToFileURL(`${process.cwd()}/`));
  tsNodeRegistered = true;
}
