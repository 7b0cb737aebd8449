import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { judgeFigures } from './bench-result.js';

describe('judgeFigures (npm run bench -- --json)', () => {
  it('takes the baseline from the same run, rounds the ratio and judges a ratio target', () => {
    const [model, engine] = judgeFigures([
      { name: 'model.eps', value: 200_000, unit: 'events/s' },
      {
        name: 'engine.eps',
        value: 1_000_000,
        unit: 'events/s',
        baseline: 'model.eps',
        target: { of: 'ratio', op: '>=', bound: 5 },
      },
    ]);
    expect(model).toMatchObject({
      baseline: null,
      baselineValue: null,
      ratio: null,
      target: null,
      met: null,
    });
    expect(engine).toMatchObject({ baselineValue: 200_000, ratio: 5, met: true });
  });

  it('misses a ratio target just below its bound, and judges an upper bound', () => {
    const [, below, p99] = judgeFigures([
      { name: 'ping.rps', value: 3000, unit: 'req/s' },
      {
        name: 'read.rps',
        value: 2699,
        unit: 'req/s',
        baseline: 'ping.rps',
        target: { of: 'ratio', op: '>=', bound: 0.9 },
      },
      {
        name: 'read.p99',
        value: 16,
        unit: 'ms',
        baselineValue: 10,
        target: { of: 'ratio', op: '<=', bound: 1.5 },
      },
    ]);
    expect(below?.met).toBe(false);
    expect(p99).toMatchObject({ ratio: 1.6, met: false });
  });

  it('judges a value target on the value, and leaves a target with an unmeasured baseline undecided', () => {
    const [bytes, orphan] = judgeFigures([
      { name: 'memory.idBytes', value: 48, unit: 'bytes/id', target: { of: 'value', op: '<=', bound: 48 } },
      {
        name: 'x',
        value: 1,
        unit: 'events/s',
        baseline: 'not.run',
        target: { of: 'ratio', op: '>=', bound: 1 },
      },
    ]);
    expect(bytes?.met).toBe(true);
    expect(orphan).toMatchObject({ baseline: 'not.run', baselineValue: null, ratio: null, met: null });
  });
});

describe('npm run bench -- --json (the runner, tiny sizes)', () => {
  it('prints one JSON document with the machine and every recorded figure judged', () => {
    const runner = fileURLToPath(new URL('../../dist/test/bench/run-benches.js', import.meta.url));
    const out = execFileSync(process.execPath, [runner, '--json', '--only', 'engine-memory'], {
      // Below ~20,000 ids the heap's own noise (±200 bytes an id) can make a figure negative.
      env: { ...process.env, BENCH_MEMORY_N: '50000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    const doc = JSON.parse(out) as {
      machine: { cores: number; node: string };
      results: { name: string; value: number; target: unknown; met: boolean | null }[];
      failed: string[];
    };
    expect(doc.machine.cores).toBeGreaterThan(0);
    expect(doc.machine.node).toBe(process.version);
    expect(doc.failed).toEqual([]);
    expect(doc.results.map((r) => r.name)).toEqual([
      'memory.idBytes',
      'memory.refusedIdBytes',
      'memory.pairBytes',
    ]);
    for (const r of doc.results) {
      expect(r.value).toBeGreaterThan(0);
      expect(typeof r.met).toBe('boolean');
    }
  });

  it('records the checker state figure (checker-memory, tiny size)', () => {
    const runner = fileURLToPath(new URL('../../dist/test/bench/run-benches.js', import.meta.url));
    const out = execFileSync(process.execPath, [runner, '--json', '--only', 'checker-memory'], {
      env: { ...process.env, BENCH_CHECKER_PAIRS: '50000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    const doc = JSON.parse(out) as { results: { name: string; value: number }[]; failed: string[] };
    expect(doc.failed).toEqual([]);
    expect(doc.results.map((r) => r.name)).toEqual(['memory.checkerPairBytes']);
    expect(doc.results[0]?.value).toBeGreaterThan(0);
  });

  it('refuses an unknown benchmark name with exit 2', () => {
    const runner = fileURLToPath(new URL('../../dist/test/bench/run-benches.js', import.meta.url));
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [runner, '--only', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const e = error as { status: number; stderr: Buffer };
      status = e.status;
      stderr = e.stderr.toString();
    }
    expect(status).toBe(2);
    expect(stderr).toContain('no benchmark named nope');
  });
});
