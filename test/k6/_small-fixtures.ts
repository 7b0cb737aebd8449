import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInScenario } from '../../scenarios/index.js';
import type { FixtureManifest } from '../../sim/fixtures/fixture-format.js';
import { writeFixtures } from '../../sim/fixtures/write-fixtures.js';
import { withChanges } from '../../sim/scenario/with-changes.js';

/** A baseline world with few buyers: every store, affiliate and seller event, a few hundred orders. */
export const SMALL_BUYERS = 1_500;
export const SMALL_SEED = 7;

export interface SmallFixtures {
  readonly dir: string;
  readonly manifest: FixtureManifest;
}

/** Writes small fixtures into a fresh temporary directory. */
export async function writeSmallFixtures(scenarioName = 'baseline'): Promise<SmallFixtures> {
  const dir = join(mkdtempSync(join(tmpdir(), 'affsim-k6-')), 'fixtures');
  const base = builtInScenario(scenarioName);
  if (base === undefined) throw new Error(`no scenario ${scenarioName}`);
  const scenario = withChanges(base, { world: { buyers: SMALL_BUYERS } });
  const manifest = await writeFixtures({ scenario, seed: SMALL_SEED, outDir: dir, command: 'test' });
  return { dir, manifest };
}
