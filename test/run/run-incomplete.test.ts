import { describe, expect, it } from 'vitest';
import { fatalLine } from '../../sim/cli/last-resort.js';
import { type HeapReading, heapWatch, heapWords } from '../../sim/run/heap-pressure.js';
import { MergeError, mergeResults } from '../../sim/run/merge-results.js';
import { resultJson } from '../../sim/run/result-json.js';
import {
  incompleteLine,
  mainHeapFull,
  shardFailure,
  workerDeath,
  workerHeapFull,
} from '../../sim/run/run-incomplete.js';
import { runResultSchema } from '../../sim/run/run-result-schema.js';
import { AdapterError, TargetError } from '../../sim/run/target-error.js';
import { parseWorkerFault } from '../../sim/run/worker-fault.js';
import { fakeResult } from '../report/_fake-result.js';

/**
 * Why (issue 12): a run that cannot finish must say in one line which worker failed, on which
 * day, and why, and for memory what to change; the result it writes is marked so that nothing
 * mistakes it for a whole run (affsim merge refuses it).
 */
const where = { worker: 2, workers: 4 };
const reach = { day: 11, days: 60, events: 3_712_004 };

describe('how a failed worker is named', () => {
  it('out of memory: what to change', () => {
    const oom = Object.assign(
      new Error('Worker terminated due to reaching memory limit: JS heap out of memory'),
      { code: 'ERR_WORKER_OUT_OF_MEMORY' },
    );
    const f = workerDeath(oom, where, reach);
    expect(f).toMatchObject({ kind: 'memory', worker: 2, workers: 4, day: 11 });
    expect(incompleteLine({ ...f, daysChecked: 11, lostWorkers: [2] }, 60)).toBe(
      'worker 2 of 4, day 12 of 60: ran out of memory (after 3,712,004 events; JS heap out of memory): give each worker fewer buyers (more --workers than 4, or split the run with --shard i/n and affsim merge), or raise the heap limit the workers share with the main thread: NODE_OPTIONS=--max-old-space-size=<MB>',
    );
  });

  it('a worker that exited, and one that threw an error nothing caught, with its code', () => {
    expect(workerDeath(new Error('worker exited with code: 134'), where, reach).reason).toBe(
      'exited with code 134 (after 3,712,004 events)',
    );
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
    expect(workerDeath(reset, where, reach)).toMatchObject({
      kind: 'worker',
      reason: 'failed (after 3,712,004 events): read ECONNRESET',
    });
    expect(
      workerDeath(Object.assign(new Error('socket hang up'), { code: 'EPIPE' }), where, reach).reason,
    ).toBe('failed (after 3,712,004 events): socket hang up (EPIPE)');
  });

  it('the target and the adapter, which a shard stops on itself; anything else is not caught there', () => {
    expect(
      shardFailure(new TargetError('POST /events/batch: read ECONNRESET'), where, 3, 60, 'http://x:1'),
    ).toEqual({
      kind: 'target',
      reason: 'target http://x:1 failed: POST /events/batch: read ECONNRESET',
      ...where,
      day: 3,
    });
    expect(shardFailure(new AdapterError('sendBatch threw'), where, 60, 60, 'x')).toMatchObject({
      kind: 'adapter',
      // The final read comes after the last day.
      day: 59,
    });
    expect(shardFailure(new TypeError('a bug'), where, 3, 60, 'x')).toBeUndefined();
  });
});

describe('an incomplete result', () => {
  const incomplete = {
    kind: 'worker' as const,
    reason: 'exited with code 1 (after 10 events)',
    worker: 2,
    workers: 2,
    day: 4,
    daysChecked: 4,
    lostWorkers: [2],
  };

  it('is written and read back with its marker; results without one read as before', () => {
    const r = { ...fakeResult({ buyers: 60 }), incomplete };
    expect(runResultSchema.parse(JSON.parse(resultJson(r))).incomplete).toEqual(incomplete);
    expect(
      runResultSchema.parse(JSON.parse(resultJson(fakeResult({ buyers: 60 })))).incomplete,
    ).toBeUndefined();
  });

  it('is not merged: its counts stop at the failure', () => {
    const a = fakeResult({ buyers: 60, shard: { index: 0, count: 2 } });
    const b = { ...fakeResult({ buyers: 60, shard: { index: 1, count: 2 } }), incomplete };
    expect(() => mergeResults([a, b], ['run/1', 'run/2'])).toThrow(MergeError);
    expect(() => mergeResults([a, b], ['run/1', 'run/2'])).toThrow(
      /^run\/2 is of a run that did not finish \(exited with code 1 \(after 10 events\)\): run that shard again$/,
    );
  });
});

describe('the last resort', () => {
  const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });

  it('is one line without a stack trace, saying how to get one', () => {
    expect(fatalLine(reset, undefined)).toBe(
      'affsim: unexpected failure: read ECONNRESET (AFFSIM_DEBUG=1 prints the stack trace)\n',
    );
    expect(fatalLine(Object.assign(new Error('boom\n  twice'), { code: 'E_X' }), '')).toBe(
      'affsim: unexpected failure: boom twice (E_X) (AFFSIM_DEBUG=1 prints the stack trace)\n',
    );
    expect(fatalLine('a string', undefined)).toMatch(/^affsim: unexpected failure: a string /);
  });

  it('prints the stack with AFFSIM_DEBUG', () => {
    expect(fatalLine(reset, '1')).toMatch(/^affsim: unexpected failure: Error: read ECONNRESET\n\s+at /);
  });
});

describe('AFFSIM_WORKER_FAULT', () => {
  it('reads <worker>@<day>:<how>; worker 0 is the main thread, which can only throw', () => {
    expect(parseWorkerFault('2@3:exit')).toEqual({ worker: 2, day: 3, mode: 'exit' });
    expect(parseWorkerFault('1@1:oom')).toEqual({ worker: 1, day: 1, mode: 'oom' });
    expect(parseWorkerFault('0@2:throw')).toEqual({ worker: 0, day: 2, mode: 'throw' });
    for (const bad of ['0@2:exit', '0@1:throw', '2@0:exit', '2@3:explode', '2:exit', ''])
      expect(() => parseWorkerFault(bad), bad).toThrow(/AFFSIM_WORKER_FAULT=.*: expected <worker>@<day>/);
  });
});

describe('a heap about to run out', () => {
  const MB = 2 ** 20;
  it('is seen at 90% of the limit twice in a row (one reading may be uncollected garbage)', () => {
    const readings = [95, 50, 91, 92, 97].map((used) => ({
      usedBytes: used * 40 * MB,
      limitBytes: 4000 * MB,
    }));
    let i = 0;
    const watch = heapWatch(() => readings[i++] as HeapReading);
    expect([watch(), watch(), watch(), watch(), watch()].map((r) => r !== undefined)).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
    expect(heapWords(readings[3] as HeapReading)).toBe('at 92% of its 4,000 MB heap limit');
  });

  it('stops a worker, keeping its checks, or the run from the main thread, saying what to change', () => {
    expect(workerHeapFull('at 92% of its 4,000 MB heap limit', where, 7, 1_000).reason).toBe(
      'stopped with its heap at 92% of its 4,000 MB heap limit (after 1,000 events), before it ran out: give each worker fewer buyers (more --workers than 4, or split the run with --shard i/n and affsim merge), or raise the heap limit the workers share with the main thread: NODE_OPTIONS=--max-old-space-size=<MB>',
    );
    expect(mainHeapFull('at 95% of its 4,000 MB heap limit', 2, 30)).toMatchObject({
      kind: 'memory',
      workers: 2,
      day: 30,
      reason: expect.stringMatching(/in-process platform .*affsim serve, then --target URL/),
    });
  });
});
