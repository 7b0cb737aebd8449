import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { run } from '../../sim/cli/commands/merge.js';
import { UsageError } from '../../sim/cli/io.js';
import { parseResultJson } from '../../sim/run/read-result-dirs.js';
import { resultJson } from '../../sim/run/result-json.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { fakeResult } from './_fake-result.js';
import { withoutTiming } from './_without-timing.js';

const BUYERS = 1300;

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { stdout: '', stderr: '' };
  stdout.on('data', (c: Buffer) => {
    text.stdout += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    text.stderr += c.toString();
  });
  return { io: { stdout, stderr }, text };
}

/** A shard's --out directory as `affsim run` leaves it: result.json and the violations' history files. */
async function shardDir(root: string, result: RunResult): Promise<string> {
  const dir = join(root, `shard-${result.shards.indexes.join('-')}`);
  await mkdir(join(dir, 'violations'), { recursive: true });
  await writeFile(join(dir, 'result.json'), resultJson(result));
  for (const v of result.violations)
    await writeFile(join(dir, v.historyFile), `{"subject":"${v.subject}"}\n`);
  return dir;
}

describe('affsim merge', () => {
  it('merges shard directories into one result, report and JUnit file, with the history files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'affsim-merge-'));
    const shards = [0, 1].map((index) => fakeResult({ buyers: BUYERS, shard: { index, count: 2 } }));
    const dirs = await Promise.all(shards.map((s) => shardDir(root, s)));
    const out = join(root, 'all');
    const { io: streams, text } = io();
    const code = await run([...dirs, '--out', out], streams);
    const merged = parseResultJson(await readFile(join(out, 'result.json'), 'utf8'), 'merged');
    expect(code).toBe(1); // the fake run has violations
    expect(withoutTiming(merged)).toEqual({
      ...withoutTiming(parseResultJson(resultJson(fakeResult({ buyers: BUYERS })), 'whole')),
      shards: { count: 2, indexes: [0, 1] },
    });
    expect(await readFile(join(out, 'report.html'), 'utf8')).toContain('<canvas id="chart-delay"');
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('<testsuites name="affsim"');
    for (const v of merged.violations) expect(existsSync(join(out, v.historyFile)), v.historyFile).toBe(true);
    expect(text.stdout).toMatch(
      /^merged 2 results\naffsim 0\.1\.0 · scenario baseline · seed 42 · all 2 shards\n/,
    );
    expect(text.stderr).toContain(`wrote ${join(out, 'result.json')}`);
  });

  it('copies only the history files of the examples the merge keeps, and exits 1 on any counted violation', async () => {
    const root = await mkdtemp(join(tmpdir(), 'affsim-merge-'));
    // One example per group: each shard kept its first, the merge keeps the first of those.
    const shards = [0, 1, 2].map((index) =>
      fakeResult({ buyers: 2400, examplesPerGroup: 1, shard: { index, count: 3 } }),
    );
    const dirs = await Promise.all(shards.map((s) => shardDir(root, s)));
    const written = shards.flatMap((s) => s.violations.map((v) => v.historyFile));
    const out = join(root, 'all');
    const { io: streams, text } = io();
    expect(await run([...dirs, '--out', out], streams)).toBe(1);
    const merged = parseResultJson(await readFile(join(out, 'result.json'), 'utf8'), 'merged');
    expect(merged.violations).toHaveLength(merged.violationGroups.length);
    const kept = merged.violations.map((v) => v.historyFile).sort();
    expect(kept.length).toBeLessThan(written.length);
    expect((await readdir(join(out, 'violations'))).map((f) => `violations/${f}`).sort()).toEqual(kept);
    expect(text.stderr).not.toContain('could not copy');
    // Violations only counted (no example kept, none per day) still make it exit 1.
    const clean = fakeResult({ buyers: 300, violatingBuyers: [] });
    const counted = { ...clean, violationGroups: shards[0]?.violationGroups ?? [] };
    const dir = await shardDir(join(root, 'counted'), counted);
    expect(await run([dir], io().io)).toBe(1);
    expect(await run([await shardDir(join(root, 'clean'), clean)], io().io)).toBe(0);
  });

  it('prints the merged result.json with --json, and notes a partial merge', async () => {
    const root = await mkdtemp(join(tmpdir(), 'affsim-merge-'));
    const dir = await shardDir(
      root,
      fakeResult({ buyers: 300, violatingBuyers: [], shard: { index: 1, count: 3 } }),
    );
    const { io: streams, text } = io();
    expect(await run([dir, '--json'], streams)).toBe(0);
    expect(parseResultJson(text.stdout, 'stdout').shards).toEqual({ count: 3, indexes: [1] });
    expect(text.stderr).toBe('affsim merge: partial merge: shards 1/3, 3/3 not included\n');
  });

  it('refuses bad input as a usage error (exit 2) naming the file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'affsim-merge-'));
    const a = await shardDir(root, fakeResult({ buyers: 300, shard: { index: 0, count: 2 } }));
    const other = join(root, 'other');
    await mkdir(other);
    await writeFile(
      join(other, 'result.json'),
      resultJson(fakeResult({ buyers: 300, seed: 7, shard: { index: 1, count: 2 } })),
    );
    const { io: streams } = io();
    await expect(run([a, other], streams)).rejects.toThrow(UsageError);
    await expect(run([a, other], streams)).rejects.toThrow(
      /the seed is 42 in .*shard-0.*result\.json but 7 in .*other.*result\.json/,
    );
    await expect(run([a, a], streams)).rejects.toThrow(/shard 1\/2 is in both/);
    await expect(run([join(root, 'missing')], streams)).rejects.toThrow(/missing.*result\.json: not found/);
    await expect(run([], streams)).rejects.toThrow(/missing the result directories/);
    await expect(run(['--bogus'], streams)).rejects.toThrow(UsageError);
  });

  it('prints its usage with --help', async () => {
    const { io: streams, text } = io();
    expect(await run(['--help'], streams)).toBe(0);
    expect(text.stdout).toContain('Usage: affsim merge <dir…> [--out dir] [--json]');
  });
});
