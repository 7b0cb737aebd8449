import { existsSync, readFileSync, statSync } from 'node:fs';
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
    // ts-node's compile errors come back from the loader thread as an empty object: say what it was.
    const message = e instanceof Error ? e.message : await syntaxError(absolute);
    throw new UserModuleError(`${what} ${path} could not be loaded: ${message}`);
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
  // Resolved from affsim's own install, not the user's folder: it may have no node_modules of its own.
  register('ts-node/esm', import.meta.url);
  tsNodeRegistered = true;
}

/** The first syntax error of a TypeScript file, as `line 3:14: ',' expected`, found by TypeScript itself. */
async function syntaxError(file: string): Promise<string> {
  try {
    const ts = (await import('typescript')).default;
    const source = readFileSync(file, 'utf8');
    const { diagnostics } = ts.transpileModule(source, { reportDiagnostics: true, fileName: file });
    const first = diagnostics?.[0];
    if (first !== undefined) {
      const text = ts.flattenDiagnosticMessageText(first.messageText, ' ');
      if (first.file === undefined || first.start === undefined) return `syntax error: ${text}`;
      const { line, character } = first.file.getLineAndCharacterOfPosition(first.start);
      return `syntax error at line ${line + 1}:${character + 1}: ${text}`;
    }
  } catch {
    // No TypeScript to ask: the generic message below.
  }
  return 'a syntax or compile error';
}
