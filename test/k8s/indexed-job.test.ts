import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { RunResult } from '../../sim/run/run-result.js';
import { affsim, BIN } from '../cli/run-cli.js';

const k8s = (name: string) => fileURLToPath(new URL(`../../scenarios/k8s/${name}`, import.meta.url));

interface Job {
  spec: {
    completionMode?: string;
    completions?: number;
    template: { spec: { containers: { command: string[]; env?: { name: string; value: string }[] }[] } };
  };
}

/** Runs scenarios/k8s/run-shard.sh as the pod with completion index `index` would. */
function pod(index: number, shards: number, results: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      k8s('run-shard.sh'),
      [],
      {
        env: {
          ...process.env,
          JOB_COMPLETION_INDEX: String(index),
          SHARDS: String(shards),
          SEED: '5',
          RESULTS: results,
          AFFSIM: `${process.execPath} ${BIN}`,
          EXTRA_ARGS: '--buyers 600 --days 12 --workers 1',
        },
      },
      (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
    );
  });
}

/** Why: the Indexed Job example is how a run spreads over a cluster; its index → --shard mapping must hold. */
describe('scenarios/k8s: the Indexed Job example', () => {
  test('the Job is Indexed, its completions equal SHARDS, and each pod runs run-shard.sh', () => {
    const job = parse(readFileSync(k8s('indexed-job.yaml'), 'utf8')) as Job;
    expect(job.spec.completionMode).toBe('Indexed');
    const [container] = job.spec.template.spec.containers;
    expect(container?.command).toEqual(['/app/scenarios/k8s/run-shard.sh']);
    const shards = container?.env?.find((e) => e.name === 'SHARDS')?.value;
    expect(Number(shards)).toBe(job.spec.completions);
    // The example is the ten-million-buyer run docs/sharding.md measures: a million buyers a pod.
    const extra = container?.env?.find((e) => e.name === 'EXTRA_ARGS')?.value ?? '';
    expect(extra).toContain('--buyers 10000000');
    expect(extra).toContain('--days 60');
    expect(Number(shards)).toBe(10);
    const merge = parse(readFileSync(k8s('merge-job.yaml'), 'utf8')) as Job;
    expect(merge.spec.template.spec.containers[0]?.command.join(' ')).toContain(
      `affsim merge /results/shard-*-of-${shards}`,
    );
  });

  test('pods 0, 1 and 2 of 3, merged, equal the unsharded run', async () => {
    const results = mkdtempSync(join(tmpdir(), 'affsim-k8s-'));
    const pods = await Promise.all([pod(0, 3, results), pod(1, 3, results), pod(2, 3, results)]);
    for (const p of pods) expect(p.code, p.stderr).toBe(0);
    const merged = await affsim(
      'merge',
      ...[1, 2, 3].map((i) => join(results, `shard-${i}-of-3`)),
      '--out',
      join(results, 'merged'),
    );
    expect(merged.code, merged.stderr).toBe(0);
    const whole = join(results, 'whole');
    expect(
      (
        await affsim(
          'run',
          '--seed',
          '5',
          '--buyers',
          '600',
          '--days',
          '12',
          '--workers',
          '1',
          '--out',
          whole,
        )
      ).code,
    ).toBe(0);
    const load = (dir: string) => {
      const {
        timing: _t,
        shards: _s,
        ...rest
      } = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
      return rest;
    };
    expect(load(join(results, 'merged'))).toEqual(load(whole));
  });

  test('outside an Indexed Job the script says what it needs', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      const env = { ...process.env };
      delete env.JOB_COMPLETION_INDEX;
      execFile(k8s('run-shard.sh'), [], { env }, (error, _o, stderr) =>
        resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('this script runs as a pod of an Indexed Job');
  });
});
