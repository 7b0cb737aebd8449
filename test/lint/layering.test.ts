import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise, type IForbiddenRuleType, type IReporterOutput } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

// Why: a lint rule that never fires passes every tree. Each wrong-way import below is planted in a
// throwaway tree and must be refused by the rule that names it, with the project's own rule set.

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as {
  forbidden: IForbiddenRuleType[];
};
const dir = mkdtempSync(join(tmpdir(), 'affsim-layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

async function violations(entry: string): Promise<string[]> {
  const previous = process.cwd();
  process.chdir(dir);
  try {
    const result = (await cruise([entry], {
      ruleSet: { forbidden: config.forbidden },
      validate: true,
      tsPreCompilationDeps: true,
      enhancedResolveOptions: { extensions: ['.ts'] },
    })) as IReporterOutput;
    const summary = (
      result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } }
    ).summary;
    return summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    process.chdir(previous);
  }
}

const leaf = 'export const x = 1;\n';

describe('the layering rule (.dependency-cruiser.cjs, npm run lint)', () => {
  tree({
    'sim/domain/policy.ts': leaf,
    'sim/model/ledger.ts': "import { x } from '../../server/engine/ledger.js';\nexport const y = x;\n",
    'server/engine/ledger.ts':
      "import { y } from '../../sim/model/ledger.js';\nexport const x = 1 + 0 * 0;\nexport const z = y;\n",
    'sim/run/run.ts': "import { x } from '../../server/serve.js';\nexport const r = x;\n",
    'server/serve.ts': leaf,
    'sim/traffic/day.ts': "import { a } from '../world/_private.js';\nexport const d = a;\n",
    'sim/world/_private.ts': 'export const a = 1;\n',
    'sim/world/ok.ts': "import { a } from './_private.js';\nexport const b = a;\n",
    'sim/report/summary.ts': "import { t } from '../cli/table.js';\nexport const s = t;\n",
    'sim/cli/table.ts': leaf.replace('x', 't'),
    'sim/domain/upward.ts': "import { r } from '../run/run.js';\nexport const u = r;\n",
    'sim/scenario/knobs.ts': "import { w } from '../world/uses-scenario.js';\nexport const k = w;\n",
    'sim/world/uses-scenario.ts':
      "export const w = 1;\nexport async function later() { return (await import('../scenario/other.js')).o; }\n",
    'sim/scenario/other.ts': 'export const o = 1;\n',
  });

  it('refuses sim/model → server/engine and server/engine → sim/model', async () => {
    const found = await violations('sim/model/ledger.ts');
    expect(found).toContain('model-imports-server: sim/model/ledger.ts → server/engine/ledger.ts');
    expect(found).toContain('server-imports-model: server/engine/ledger.ts → sim/model/ledger.ts');
    expect(found).toContain('engine-imports-sim: server/engine/ledger.ts → sim/model/ledger.ts');
  });

  it('refuses the run importing the platform', async () => {
    expect(await violations('sim/run/run.ts')).toEqual([
      'only-targets-reach-the-platform: sim/run/run.ts → server/serve.ts',
      'run-imports-upward: sim/run/run.ts → server/serve.ts',
    ]);
  });

  it("refuses another folder's _private file, allows a sibling's", async () => {
    expect(await violations('sim/traffic/day.ts')).toEqual([
      'private-file-from-another-folder: sim/traffic/day.ts → sim/world/_private.ts',
    ]);
    expect(await violations('sim/world/ok.ts')).toEqual([]);
  });

  it('refuses an adapter importing the CLI and the domain importing upward', async () => {
    expect(await violations('sim/report/summary.ts')).toEqual([
      'adapter-imports-cli: sim/report/summary.ts → sim/cli/table.ts',
    ]);
    expect(await violations('sim/domain/upward.ts')).toContain(
      'domain-imports-upward: sim/domain/upward.ts → sim/run/run.ts',
    );
  });

  it('refuses a cycle between folders', async () => {
    expect((await violations('sim/scenario/knobs.ts')).some((v) => v.startsWith('folder-cycle:'))).toBe(true);
  });
});
