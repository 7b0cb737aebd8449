import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DECISION_FIELDS } from '../../sim/run/define-target.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { BIN, type CliResult } from './run-cli.js';

// Why: `affsim init` is a user's first step, so what it writes must work where a user writes it:
// in a project of their own that has affsim installed, importing 'affsim' by name, type-checked
// under strict settings, and loaded by `affsim run` through ts-node. The project here is a temp
// folder with a package.json ("type": "module") and node_modules/affsim linked to this repo (its
// built dist/), beside ts-node, as npm would install affsim's dependency next to it.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'affsim-init-'));

/** The built bin, run in `cwd` as a user would run `npx affsim …` there. */
function affsimIn(cwd: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** The strict settings a user's project may have; 'affsim' resolves through node_modules, as for them. */
function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    types: [],
    skipLibCheck: true,
    noEmit: true,
  });
  // The package's declarations, reached by name: not a path into this repo's sources.
  expect(program.getSourceFiles().some((f) => /dist\/sim\/index\.d\.ts$/.test(f.fileName))).toBe(true);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const load = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;

/** A usage error: exit 2, one `affsim init:` line naming the problem, then the usage; never a stack. */
function expectUsageError(r: CliResult, problem: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.split('\n')[0]).toMatch(problem);
  expect(r.stderr).toContain('Usage: affsim init target [name]');
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

/** A fresh `affsim serve --port 0` for `use`, stopped after it. */
async function withServe<T>(use: (url: string) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout.on('data', (c) => {
        text += c;
        const m = /listening on (\S+)/.exec(text);
        if (m) resolve(m[1] as string);
      });
      child.stderr.on('data', (c) => {
        text += c;
      });
      child.once('exit', (code) =>
        reject(new Error(`affsim serve exited (${code}) before listening:\n${text}`)),
      );
    });
    return await use(url);
  } finally {
    child.kill('SIGTERM');
  }
}

/** The brief's run: a small baseline through `adapter` against a fresh affsim serve. */
function runAdapter(adapter: string, out: string): Promise<CliResult> {
  return withServe((url) =>
    affsimIn(
      project,
      'run',
      'baseline',
      ...['--days', '10', '--buyers', '300', '--workers', '1'],
      ...['--target', url, '--target-adapter', adapter, '--out', out],
    ),
  );
}

let target: CliResult;
let scenario: CliResult;

beforeAll(async () => {
  writeFileSync(
    join(project, 'package.json'),
    '{ "name": "user-project", "private": true, "type": "module" }\n',
  );
  mkdirSync(join(project, 'node_modules'));
  symlinkSync(ROOT, join(project, 'node_modules', 'affsim'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', 'ts-node'), join(project, 'node_modules', 'ts-node'), 'dir');
  [target, scenario] = await Promise.all([
    affsimIn(project, 'init', 'target'),
    affsimIn(project, 'init', 'scenario'),
  ]);
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('affsim init (built CLI, in a user project)', () => {
  test('init target writes my-service.target.ts, which type-checks, and prints the next steps', () => {
    expect(target.code, target.stderr).toBe(0);
    expect(target.stdout).toContain('wrote ./my-service.target.ts');
    expect(target.stdout).toContain('Next steps:');
    expect(target.stdout).toContain(
      'npx affsim run baseline --days 10 --buyers 300 --workers 1 --target http://127.0.0.1:8080 --target-adapter ./my-service.target.ts',
    );
    // Nothing in the way here: affsim resolves and the project is an ES module one.
    expect(target.stdout).not.toContain('note:');
    const text = readFileSync(join(project, 'my-service.target.ts'), 'utf8');
    expect(text).toMatch(/^import \{[^}]*\bdefineTarget\b[^}]*\} from 'affsim';$/m);
    expect(text).toContain("name: 'my-service',");
    for (const field of DECISION_FIELDS) expect(text).toContain(field);
    expect(typeErrors(join(project, 'my-service.target.ts'))).toEqual([]);
  });

  test('the adapter, as written, runs against affsim serve with 0 violations', async () => {
    const out = join(project, 'out-target');
    const r = await runAdapter('./my-service.target.ts', out);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const result = load(out);
    expect(result.violations).toEqual([]);
    expect(result.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.compared).toEqual([...DECISION_FIELDS]);
    expect(result.events.sent).toBeGreaterThan(100);
    expect(result.orders.total).toBeGreaterThan(0);
  });

  test('its optional sendBatch and readDecisions, once added to the definition, work too', async () => {
    const text = readFileSync(join(project, 'my-service.target.ts'), 'utf8');
    const batched = text.replace(
      '  unsupported: UNSUPPORTED,\n',
      '  unsupported: UNSUPPORTED,\n  sendBatch,\n  readDecisions,\n',
    );
    expect(batched).not.toBe(text);
    writeFileSync(join(project, 'batched.target.ts'), batched);
    const out = join(project, 'out-batched');
    const r = await runAdapter('./batched.target.ts', out);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(load(out).violations).toEqual([]);
    expect(load(out).events.sent).toBeGreaterThan(100);
  });

  test('init scenario writes my-scenario.scenario.ts, which type-checks and runs with exit 0', async () => {
    expect(scenario.code, scenario.stderr).toBe(0);
    expect(scenario.stdout).toContain('wrote ./my-scenario.scenario.ts');
    expect(scenario.stdout).toContain('npx affsim run ./my-scenario.scenario.ts');
    const file = join(project, 'my-scenario.scenario.ts');
    expect(readFileSync(file, 'utf8')).toMatch(/^import \{ defineScenario \} from 'affsim';$/m);
    expect(typeErrors(file)).toEqual([]);
    const out = join(project, 'out-scenario');
    const r = await affsimIn(project, 'run', './my-scenario.scenario.ts', '--workers', '1', '--out', out);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    const result = load(out);
    expect(result.scenario.name).toBe('my-scenario');
    expect(result.violations).toEqual([]);
    expect(result.orders.total).toBeGreaterThan(0);
  });

  test('a name names the file and the definition; a scenario name is made kebab-case', async () => {
    const dir = join(project, 'named');
    const [t, s] = await Promise.all([
      affsimIn(project, 'init', 'target', 'Shop_API', '--out', 'named/'),
      affsimIn(project, 'init', 'scenario', 'BlackWeek_2', '--out', 'named/'),
    ]);
    expect([t.code, s.code], `${t.stderr}${s.stderr}`).toEqual([0, 0]);
    expect(t.stdout).toContain('wrote ./named/Shop_API.target.ts');
    expect(readFileSync(join(dir, 'Shop_API.target.ts'), 'utf8')).toContain("name: 'Shop_API',");
    expect(readFileSync(join(dir, 'BlackWeek_2.scenario.ts'), 'utf8')).toContain("name: 'black-week-2',");
  });

  test('an existing file is refused without --force and replaced with it', async () => {
    const file = join(project, 'taken.target.ts');
    writeFileSync(file, '// mine\n');
    expectUsageError(
      await affsimIn(project, 'init', 'target', 'taken'),
      /^affsim init: \.\/taken\.target\.ts already exists; pass --force to overwrite it$/,
    );
    expect(readFileSync(file, 'utf8')).toBe('// mine\n');
    const forced = await affsimIn(project, 'init', 'target', 'taken', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("name: 'taken',");
  });

  test('a bad name, an unknown kind, no kind, a bad flag: exit 2, one line and the usage', async () => {
    const [badName, unknownKind, noKind, badOut, badFlag, help] = await Promise.all([
      affsimIn(project, 'init', 'target', 'my service!'),
      affsimIn(project, 'init', 'adapter'),
      affsimIn(project, 'init'),
      affsimIn(project, 'init', 'scenario', '--out', 'scenario.js'),
      affsimIn(project, 'init', 'target', '--frobnicate'),
      affsimIn(project, 'init', '--help'),
    ]);
    expectUsageError(badName, /^affsim init: bad name "my service!": expected letters, digits, - and _/);
    expectUsageError(unknownKind, /^affsim init: unknown kind "adapter": expected target or scenario$/);
    expectUsageError(noKind, /^affsim init: expected what to write: target or scenario$/);
    expectUsageError(badOut, /^affsim init: --out scenario\.js: expected a \.ts file/);
    expectUsageError(badFlag, /^affsim init: Unknown option '--frobnicate'/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: affsim init target [name]');
  });

  test('outside an ES module project with affsim installed, the file is written with what to fix', async () => {
    const bare = mkdtempSync(join(tmpdir(), 'affsim-init-bare-'));
    const r = await affsimIn(bare, 'init', 'scenario');
    rmSync(bare, { recursive: true, force: true });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("note: 'affsim' does not resolve from");
    expect(r.stdout).toMatch(
      /note: (no package\.json above|\S+package\.json has no "type": "module").*\.mts/,
    );
  });
});
