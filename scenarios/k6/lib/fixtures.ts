import { SharedArray } from 'k6/data';
import {
  type DecisionTuple,
  FIXTURE_FILES,
  FIXTURE_FORMAT,
  type FixtureFile,
  type FixtureManifest,
  type Target,
} from '../../../sim/fixtures/fixture-format.js';

/**
 * The fixture files (`affsim fixtures`), each parsed once per test run and shared by every VU
 * (`SharedArray`). Call these in the init stage only: that is where k6 allows `open`.
 */

export function loadManifest(dir: string): FixtureManifest {
  const [manifest] = new SharedArray('affsim manifest', () => [
    JSON.parse(openFixture(dir, FIXTURE_FILES.manifest)) as FixtureManifest,
  ]);
  if (manifest === undefined || manifest.format !== FIXTURE_FORMAT) {
    throw new Error(
      `FIXTURES=${dir}: ${FIXTURE_FILES.manifest} is of format ${manifest?.format}, these scripts read format ${FIXTURE_FORMAT}; write the fixtures again (affsim fixtures)`,
    );
  }
  return manifest;
}

export function loadDecisions(dir: string): DecisionTuple[] {
  return nonEmpty(
    dir,
    FIXTURE_FILES.decisions,
    new SharedArray(
      'affsim decisions',
      () => JSON.parse(openFixture(dir, FIXTURE_FILES.decisions)) as DecisionTuple[],
    ),
  );
}

export function loadTargets(dir: string): Target[] {
  return nonEmpty(
    dir,
    FIXTURE_FILES.targets,
    new SharedArray('affsim targets', () => JSON.parse(openFixture(dir, FIXTURE_FILES.targets)) as Target[]),
  );
}

/** The one place the scripts read files: only the fixture files, by name (test/k6 checks the bundles). */
function openFixture(dir: string, name: FixtureFile): string {
  try {
    return open(`${dir}/${name}`);
  } catch (e) {
    throw new Error(
      `FIXTURES=${dir}: cannot read ${name} (${String(e)}); write the fixtures with 'affsim fixtures --seed 1 --out <dir>' and pass FIXTURES=<dir> (an absolute path), or use 'npm run load'`,
    );
  }
}

function nonEmpty<T>(dir: string, name: string, items: T[]): T[] {
  if (items.length === 0)
    throw new Error(`FIXTURES=${dir}: ${name} is empty; write fixtures with more buyers`);
  return items;
}
