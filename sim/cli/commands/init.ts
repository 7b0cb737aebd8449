import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExitCode, type Io, UsageError } from '../io.js';
import { parseFlags } from '../parse-flags.js';

export const INIT_USAGE = `Usage: affsim init target [name] [--out FILE] [--force]
       affsim init scenario [name] [--out FILE] [--force]

Writes a commented starting file into the current directory:
  target [name]     <name>.target.ts (default my-service): a target adapter, defineTarget({...}),
                    that tells affsim how to talk to your service. As written it speaks affsim's
                    own API, so it runs against 'affsim serve' at once; then change its routes.
  scenario [name]   <name>.scenario.ts (default my-scenario): a scenario, defineScenario({...}):
                    a small world with the most useful knobs, run with 'affsim run ./<file>'.

A name has letters, digits, - and _ (at most 60). The file imports 'affsim': write it in a
project that has affsim installed (npm install --save-dev affsim) and "type": "module".

Options:
      --out FILE    write FILE (a .ts or .mts file, or into a directory) instead
      --force       overwrite FILE if it exists
  -h, --help        show this help

Exit status: 0 written, 2 bad usage (an unknown kind, a bad name, a file that exists).`;

interface Kind {
  /** The template's file under sim/cli/templates/, which is also the default file name. */
  readonly template: string;
  readonly defaultName: string;
  readonly suffix: string;
  /** The template's `name:` line, replaced by the user's name. */
  readonly nameLine: (name: string) => string;
  readonly nextSteps: (file: string, docs: (page: string) => string) => string[];
}

const KINDS: Record<string, Kind> = {
  target: {
    template: 'my-service.target.ts',
    defaultName: 'my-service',
    suffix: '.target.ts',
    nameLine: (name) => `name: '${name}',`,
    nextSteps: (file, docs) => [
      `wrote ${file}: a target adapter (defineTarget) that speaks affsim's own API, as a start.`,
      '',
      'Next steps:',
      "  1. Try it against affsim's own platform. In another terminal: npx affsim serve --port 8080",
      `       npx affsim run baseline --days 10 --buyers 300 --workers 1 --target http://127.0.0.1:8080 --target-adapter ${file}`,
      '     It ends with 0 violations: the adapter works.',
      '  2. Point --target at your service and make the adapter speak its API, one part at a time,',
      '     running the same command after each: the routes in `send`, the rule ids in `refusedBy`,',
      '     the Decision fields in `toDecision`, then `COMPARE` and `UNSUPPORTED` for what it does not do.',
      `  3. Read more: the events in ${docs('EVENTS.md')}, the rules and the Decision in ${docs('RULES.md')},`,
      `     the results in ${docs('results.md')}; 'npx affsim run --help' for the options.`,
    ],
  },
  scenario: {
    template: 'my-scenario.scenario.ts',
    defaultName: 'my-scenario',
    suffix: '.scenario.ts',
    nameLine: (name) => `name: '${kebabCase(name)}',`,
    nextSteps: (file, docs) => [
      `wrote ${file}: a scenario (defineScenario) with a small world and the most useful knobs.`,
      '',
      'Next steps:',
      `  1. Run it: npx affsim run ${file}`,
      `  2. Change its knobs: every one, with its unit and default, is in ${docs('scenario-knobs.md')};`,
      `     the policy keys are in ${docs('policy.md')}. A bad value is named, with exit status 2.`,
      `  3. Run it against your service: npx affsim run ${file} --target URL --target-adapter FILE`,
      "     ('npx affsim init target' writes an adapter to start from).",
    ],
  },
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      out: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    INIT_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${INIT_USAGE}\n`);
    return 0;
  }
  const [kindArg, nameArg, ...rest] = positionals;
  if (kindArg === undefined) throw new UsageError('expected what to write: target or scenario', INIT_USAGE);
  const kind = Object.hasOwn(KINDS, kindArg) ? KINDS[kindArg] : undefined;
  if (kind === undefined)
    throw new UsageError(`unknown kind ${JSON.stringify(kindArg)}: expected target or scenario`, INIT_USAGE);
  if (rest.length > 0) throw new UsageError(`unexpected argument(s): ${rest.join(' ')}`, INIT_USAGE);
  if (nameArg !== undefined && !NAME.test(nameArg)) {
    throw new UsageError(
      `bad name ${JSON.stringify(nameArg)}: expected letters, digits, - and _, starting with a letter or digit, at most 60`,
      INIT_USAGE,
    );
  }

  const file = outputFile(values.out, nameArg ?? kind.defaultName, kind);
  // Without a name, `--out holiday.scenario.ts` names the definition too (when that is a valid name).
  const name = nameArg ?? nameFromFile(file, kind) ?? kind.defaultName;
  const root = packageRoot();
  const template = readFileSync(join(root, 'sim', 'cli', 'templates', kind.template), 'utf8');
  const nameLine = `name: '${kind.defaultName}',`;
  if (!template.includes(nameLine)) throw new Error(`affsim init: ${kind.template} has no line ${nameLine}`);
  const text = template
    .replace(nameLine, () => kind.nameLine(name))
    .replaceAll(kind.template, () => basename(file));
  writeNew(file, text, values.force === true);

  const docs = (page: string) => shownPath(join(root, 'docs', page));
  io.stdout.write(`${kind.nextSteps(shownPath(file), docs).join('\n')}\n`);
  const notes = projectNotes(file);
  if (notes.length > 0) io.stdout.write(`\n${notes.join('\n')}\n`);
  return 0;
}

/** The file to write: --out as given (a directory gets the default file name), else ./<name><suffix>. */
function outputFile(out: string | undefined, name: string, kind: Kind): string {
  if (out === undefined) return resolve(`${name}${kind.suffix}`);
  if (/[\p{Cc}]/u.test(out))
    throw new UsageError('--out: a file name without control characters', INIT_USAGE);
  const path = resolve(out);
  const isDirectory = /[/\\]$/.test(out) || (existsSync(path) && statSync(path).isDirectory());
  if (isDirectory) return join(path, `${name}${kind.suffix}`);
  if (!/\.[cm]?ts$/.test(path)) {
    throw new UsageError(`--out ${out}: expected a .ts file (or .mts), or a directory`, INIT_USAGE);
  }
  return path;
}

/** `holiday.scenario.ts` → `holiday`, when that is a valid name. */
function nameFromFile(file: string, kind: Kind): string | undefined {
  const stem = basename(file)
    .replace(/\.[cm]?ts$/, '')
    .replace(new RegExp(`\\.${kind.suffix.split('.')[1]}$`), '');
  return NAME.test(stem) ? stem : undefined;
}

/** Writes `text` to a new file (or over one with `force`); a file in the way is a usage error. */
function writeNew(file: string, text: string, force: boolean): void {
  const shown = shownPath(file);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`${shown} is a directory`);
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError(`${shown} already exists; pass --force to overwrite it`, INIT_USAGE);
    }
    if (code !== undefined) throw new UsageError(`cannot write ${shown}: ${(e as Error).message}`);
    throw e;
  }
}

/**
 * What would stop the file from loading where it was written: `import ... from 'affsim'` must
 * resolve from its folder, and a .ts file is an ES module only in a "type": "module" package.
 */
function projectNotes(file: string): string[] {
  const notes: string[] = [];
  const dir = dirname(file);
  try {
    createRequire(join(dir, 'noop.js')).resolve('affsim/package.json');
  } catch {
    notes.push(
      `note: 'affsim' does not resolve from ${shownPath(dir)}, and the file imports it: install it there (npm install --save-dev affsim).`,
    );
  }
  if (/\.ts$/.test(file)) {
    const pkg = nearestPackageJson(dir);
    if (pkg?.type !== 'module') {
      notes.push(
        `note: ${pkg ? `${shownPath(pkg.path)} has no "type": "module"` : `no package.json above ${shownPath(dir)}`}, so affsim cannot load the file as the ES module it is: add "type": "module" to package.json, or name the file .mts (--out ${basename(file).replace(/\.ts$/, '.mts')}).`,
      );
    }
  }
  return notes;
}

function nearestPackageJson(from: string): { path: string; type?: unknown } | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      try {
        return { path, type: (JSON.parse(readFileSync(path, 'utf8')) as { type?: unknown }).type };
      } catch {
        return { path };
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** affsim's own folder (where its templates and docs are), from this file in sim/ or in dist/sim/. */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'affsim'
    )
      return dir;
    if (dirname(dir) === dir) throw new Error('affsim init: cannot find the affsim package folder');
  }
}

/** A path as a user would type it from here: ./relative when below the current directory, else absolute. */
function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  const outside = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  const shown = outside ? path : `./${rel}`;
  return /^[\w./@+-]+$/.test(shown) ? shown : `'${shown.replaceAll("'", "'\\''")}'`;
}

/** `My_Scenario` → `my-scenario`: a scenario's `name` is kebab-case. */
function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[-_]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
}
