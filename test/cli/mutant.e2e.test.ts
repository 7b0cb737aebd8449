import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { affsim, BIN, historyFile } from './run-cli.js';

/**
 * Why: the mutant zoo measures the harness by running it against engines that break one rule
 * (server/mutants/). `--mutant` must swap the in-process platform's engine for the mutant's, say
 * so loudly, refuse an unknown name (listing the valid ones) and refuse to combine with a target
 * that is not affsim's own; otherwise a zoo result could pass for a correct platform's, or the
 * other way round.
 */
const T0 = '2026-01-01T00:00:00.000Z';
/** An order exactly at its click's window end: window-expired by R6 (half-open), attributed by the mutant. */
const AT_WINDOW_END = [
  {
    id: 's',
    type: 'store.registered',
    at: T0,
    storeId: 's1',
    products: [{ productId: 'p1', categoryId: 'c1' }],
  },
  { id: 'a', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'blog' },
  { id: 'j', type: 'store.joined', at: T0, storeId: 's1', defaultRateBps: 500 },
  {
    id: 'k',
    type: 'click',
    at: '2026-01-03T00:00:00.000Z',
    buyerId: 'b1',
    affiliateId: 'a1',
    storeId: 's1',
    channel: 'blog',
  },
  {
    id: 'o',
    type: 'order.created',
    at: '2026-01-18T00:00:00.000Z',
    orderId: 'o1',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 10000 }],
  },
];

/**
 * Recorded as a run sends it (each day's seller events first): p1's main rate (3000 bps) is
 * removed at 12:00, and the order created at 11:00 arrives after the removal. R4 versions the
 * rate by time, so the order keeps the main rate (R10, R11); a platform that erases the history
 * at the removal charges the default rate. Sent in time order, the order arrives first and both agree.
 */
const REMOVAL_BEFORE_EARLIER_ORDER = [
  ...AT_WINDOW_END.slice(0, 4),
  { id: 'm', type: 'store.mainProductSet', at: T0, storeId: 's1', productId: 'p1', rateBps: 3000 },
  {
    id: 'r',
    type: 'store.mainProductRemoved',
    at: '2026-01-03T12:00:00.000Z',
    storeId: 's1',
    productId: 'p1',
  },
  {
    id: 'o',
    type: 'order.created',
    at: '2026-01-03T11:00:00.000Z',
    orderId: 'o1',
    buyerId: 'b1',
    storeId: 's1',
    lines: [{ productId: 'p1', amountCents: 10000 }],
  },
];

describe('--mutant (built CLI)', () => {
  test('check --delivery recorded sends the events in the file order, as the run that recorded them did', async () => {
    const file = historyFile(REMOVAL_BEFORE_EARLIER_ORDER);
    const mutant = ['--mutant', 'main-removal-erases-history'];
    expect((await affsim('check', file, ...mutant)).code).toBe(0);
    const recorded = await affsim('check', file, '--delivery', 'recorded', ...mutant);
    expect(recorded.code, recorded.stderr).toBe(1);
    expect(recorded.stdout).toMatch(/lines\[0\]\.rateBps\s+3000\s+\d+/);
    expect((await affsim('check', file, '--delivery', 'recorded')).code).toBe(0);
    const bad = await affsim('check', file, '--delivery', 'sideways');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--delivery sideways: expected time or recorded');
  });

  test('check: the real platform agrees (exit 0); the mutant is caught (exit 1) and named on stderr', async () => {
    const file = historyFile(AT_WINDOW_END);
    const real = await affsim('check', file);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stderr).not.toContain('MUTANT');
    const mutant = await affsim('check', file, '--mutant', 'window-end-inclusive');
    expect(mutant.code, mutant.stderr).toBe(1);
    expect(mutant.stderr).toContain(
      'affsim: platform engine MUTANT window-end-inclusive (R6): the window is closed at its end',
    );
    expect(mutant.stderr).toContain('for the zoo, not a correct platform');
    expect(mutant.stdout).toContain('the platform (MUTANT window-end-inclusive)');
    const server = await affsim(
      'check',
      file,
      '--engine',
      'server',
      '--json',
      '--mutant',
      'window-end-inclusive',
    );
    expect(server.code).toBe(0);
    expect(JSON.parse(server.stdout).decisions[0]).toMatchObject({ orderId: 'o1', attributed: true });
  });

  test('an unknown name, or a mutant with --engine model or --target, is a usage error (exit 2)', async () => {
    const file = historyFile(AT_WINDOW_END);
    const unknown = await affsim('check', file, '--mutant', 'no-such-mutant');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--mutant no-such-mutant: no such mutant; the mutants are: ');
    expect(unknown.stderr).toContain('window-end-inclusive');
    expect(unknown.stderr).toContain('retry-applied-twice');
    for (const extra of [
      ['--engine', 'model'],
      ['--target', 'http://127.0.0.1:9'],
    ]) {
      const r = await affsim('check', file, '--mutant', 'window-end-inclusive', ...extra);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toContain('--mutant runs a mutant of affsim');
    }
    const run = await affsim('run', '--mutant', 'floor-rounding', '--target', 'http://127.0.0.1:9');
    expect(run.code).toBe(2);
    expect((await affsim('run', '--mutant', 'no-such-mutant')).stderr).toContain('the mutants are: ');
    expect((await affsim('serve', '--mutant', 'no-such-mutant')).code).toBe(2);
  });

  test('run: the in-process platform is the mutant, result.json names it, the replay and check lines carry it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'affsim-mutant-'));
    const r = await affsim(
      'run',
      ...['--buyers', '300', '--days', '8', '--workers', '1', '--out', dir],
      ...['--mutant', 'floor-rounding', '--max-violations', '1'],
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('MUTANT floor-rounding (R13)');
    expect(r.stdout).toContain(
      'replay: affsim run baseline --seed 1 --buyers 300 --days 8 --mutant floor-rounding',
    );
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as {
      target: string;
      violations: { check: string }[];
    };
    expect(result.target).toBe('affsim (in-process, mutant floor-rounding)');
    expect(result.violations.length).toBeGreaterThan(0);
    for (const v of result.violations) expect(v.check).toMatch(/ --mutant floor-rounding$/);
  });

  test('serve: the mutant is named on stderr and stdout', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--mutant', 'credit-swapped'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stderr = '';
      child.stderr.on('data', (c) => {
        stderr += c;
      });
      const stdout = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('engine: MUTANT')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`affsim serve exited ${code}: ${stderr}`)));
      });
      expect(stdout).toContain('engine: MUTANT credit-swapped, not a correct platform');
      expect(stderr).toContain('affsim: platform engine MUTANT credit-swapped (R8)');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
