import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { breakpointConfig } from '../../scenarios/k6/lib/breakpoint-config.js';
import { run as load } from '../../sim/cli/commands/load.js';
import { UsageError } from '../../sim/cli/io.js';

// Why: a typo in the ramp must be one line naming the variable before anything starts, not a k6
// script exception after the fixtures and the server were prepared.

const io = { stdout: new PassThrough(), stderr: new PassThrough() };
const noK6 = { PATH: mkdtempSync(join(tmpdir(), 'affsim-no-k6-')) };

describe('--breakpoint usage', () => {
  it('ramps the attribution script only', async () => {
    const run = load(['ingest', '--breakpoint'], io, noK6, new EventEmitter());
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow('--breakpoint ramps the attribution script only, not ingest');
  });

  it.each([
    [{ MAX_RATE: 'abc' }, 'MAX_RATE=abc: expected whole iterations per second, 1..100000'],
    [{ START_RATE: '0' }, 'START_RATE=0: expected whole iterations per second, 1..100000'],
    [{ START_RATE: '50', MAX_RATE: '50' }, 'MAX_RATE=50: expected more than START_RATE=50'],
    [{ RAMP: '10' }, 'RAMP=10: expected a k6 duration of at least 1s, like 30s, 2m or 1m30s'],
  ])('%o is a usage error naming the variable, before k6 is looked for', async (vars, message) => {
    const run = load(['attribution', '--breakpoint'], io, { ...noK6, ...vars }, new EventEmitter());
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(message);
  });

  it('the script reads the same variables: off unless BREAKPOINT=1, defaults 10 to 1000 req/s over 1m', () => {
    expect(breakpointConfig({})).toBeUndefined();
    expect(breakpointConfig({ BREAKPOINT: '0', MAX_RATE: 'abc' })).toBeUndefined();
    expect(breakpointConfig({ BREAKPOINT: '1' })).toEqual({
      startRate: 10,
      maxRate: 1000,
      ramp: '1m',
      rampSeconds: 60,
      baseline: true,
    });
    expect(
      breakpointConfig({ BREAKPOINT: '1', START_RATE: '5', MAX_RATE: '80', RAMP: '1m30s', BASELINE: '0' }),
    ).toEqual({ startRate: 5, maxRate: 80, ramp: '1m30s', rampSeconds: 90, baseline: false });
    expect(() => breakpointConfig({ BREAKPOINT: '1', BASELINE: 'no' })).toThrow(
      'BASELINE=no: expected 1 (ramp the baseline first, the default) or 0',
    );
    expect(() => breakpointConfig({ BREAKPOINT: 'yes' })).toThrow(
      'BREAKPOINT=yes: expected 1 (breakpoint mode) or 0',
    );
  });
});
