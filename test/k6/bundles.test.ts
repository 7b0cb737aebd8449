import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type Node, parse } from 'acorn';
import { simple } from 'acorn-walk';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleK6Scripts, K6_SCRIPTS } from '../../scenarios/k6/driver/bundle-scripts.js';
import { FIXTURE_FILES } from '../../sim/fixtures/fixture-format.js';

// Why: the bundles must run on any k6 from v0.48 on, offline: so they may import nothing but k6's
// own modules, read nothing but the fixture files, and use no syntax newer than old k6 parses.

const K6_MODULE = /^k6(\/[a-z0-9-]+)*$/;
const FIXTURE_NAMES: readonly string[] = Object.values(FIXTURE_FILES);

interface BundleFacts {
  readonly imports: string[];
  readonly dynamicImports: number;
  readonly requires: number;
  readonly opens: number;
  /** String literals that look like file names. */
  readonly fileNames: string[];
}

/** Parses a bundle as an ES2017 module (acorn refuses newer syntax) and collects what it reaches for. */
function bundleFacts(code: string): BundleFacts {
  const ast = parse(code, { ecmaVersion: 2017, sourceType: 'module' });
  const facts = {
    imports: [] as string[],
    dynamicImports: 0,
    requires: 0,
    opens: 0,
    fileNames: [] as string[],
  };
  const source = (node: { source?: { value?: unknown } | null }) => {
    if (typeof node.source?.value === 'string') facts.imports.push(node.source.value);
  };
  simple(ast, {
    ImportDeclaration: source,
    ExportNamedDeclaration: source,
    ExportAllDeclaration: source,
    ImportExpression() {
      facts.dynamicImports += 1;
    },
    CallExpression(node) {
      const callee = (node as Node & { callee: { type: string; name?: string } }).callee;
      if (callee.type === 'Identifier' && callee.name === 'require') facts.requires += 1;
      if (callee.type === 'Identifier' && callee.name === 'open') facts.opens += 1;
    },
    Literal(node) {
      const value = (node as Node & { value: unknown }).value;
      if (typeof value === 'string' && /^[\w.-]+\.(json|jsonl|csv|txt|js)$/.test(value))
        facts.fileNames.push(value);
    },
  });
  return facts;
}

let bundles: string[];
beforeAll(async () => {
  bundles = await bundleK6Scripts(mkdtempSync(join(tmpdir(), 'affsim-bundles-')));
}, 60_000);

describe('k6 bundles (esbuild, ES2017)', () => {
  it('are one plain ES module per script', () => {
    expect(bundles.map((b) => basename(b))).toEqual(K6_SCRIPTS.map((s) => `${s}.js`));
  });

  it.each(K6_SCRIPTS)('%s imports only k6 and k6/*, and reads only the fixture files it names', (script) => {
    const code = readFileSync(bundles[K6_SCRIPTS.indexOf(script)] as string, 'utf8');
    const facts = bundleFacts(code);
    expect(facts.imports.length).toBeGreaterThan(0);
    expect(facts.imports.filter((m) => !K6_MODULE.test(m))).toEqual([]);
    expect(facts.dynamicImports).toBe(0);
    expect(facts.requires).toBe(0);
    // One `open`, in the fixture loader, which takes a FIXTURE_FILES name; no other file is named.
    expect(facts.opens).toBe(1);
    expect(facts.fileNames.filter((f) => !FIXTURE_NAMES.includes(f))).toEqual([]);
    expect(facts.fileNames).toContain(FIXTURE_FILES.manifest);
  });

  it('export the k6 entry points: options, the scenario functions, handleSummary', async () => {
    const exported = (script: string) => {
      const code = readFileSync(bundles[K6_SCRIPTS.indexOf(script as never)] as string, 'utf8');
      const names: string[] = [];
      simple(parse(code, { ecmaVersion: 2017, sourceType: 'module' }), {
        ExportNamedDeclaration(node) {
          const specifiers = (node as Node & { specifiers: { exported: { name: string } }[] }).specifiers;
          names.push(...specifiers.map((s) => s.exported.name));
        },
      });
      return names.sort();
    };
    // `health` is the baseline of an adapter's bundle (its k6.health); the default bundle's is `ping`.
    expect(exported('attribution')).toEqual([
      'handleSummary',
      'health',
      'options',
      'ping',
      'readAttribution',
    ]);
    expect(exported('ingest')).toEqual(['handleSummary', 'ingest', 'options', 'setup']);
    expect(exported('mixed')).toEqual([
      'blackFriday',
      'browse',
      'checkout',
      'handleSummary',
      'options',
      'readAttribution',
      'setup',
    ]);
  });
});
