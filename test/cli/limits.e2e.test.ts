import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DEFAULT_CAPACITY } from '../../server/engine/capacity.js';
import { startServer } from '../../server/serve.js';
import { UsageError } from '../../sim/cli/io.js';
import { heapWarning, limitFlag } from '../../sim/cli/limit-flag.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { TEST_AUTH } from '../_test-token.js';
import { affsim, type CliResult, MONTH } from './run-cli.js';

/** `affsim serve --limit` (capacity, server/engine/capacity.ts) and `affsim run --max-events`. */

const out = mkdtempSync(join(tmpdir(), 'affsim-limits-'));

/** A user's mistake: exit 2, its first line says `message`, no stack trace. */
function expectUsage(r: CliResult, message: string | RegExp): void {
  expect(r.code).toBe(2);
  const first = r.stderr.split('\n')[0] ?? '';
  if (typeof message === 'string') expect(first).toBe(message);
  else expect(first).toMatch(message);
  expect(r.stderr).not.toMatch(/^ {4}at /m);
}

describe('--limit name=N', () => {
  test('overrides the named limits, keeps the others; comma lists, repeats, k and M suffixes', () => {
    expect(limitFlag(['events=2M,orders=50k', 'stores=1_000'], '')).toEqual({
      ...DEFAULT_CAPACITY,
      events: 2_000_000,
      orders: 50_000,
      stores: 1_000,
    });
    expect(limitFlag([], '')).toEqual(DEFAULT_CAPACITY);
  });
  test.each([
    ['nope=3', /unknown limit "nope"; the limits are events, stores, affiliates, products, orders, pairs/],
    ['events', /unknown limit|expected events=N/],
    ['events=0', /expected events=N with N a whole number >= 1/],
    ['events=-5', /expected events=N/],
    ['events=1.5', /expected events=N/],
    ['orders=9999999999999999999', /expected orders=N/],
    ['orders=1,orders=2', /--limit orders: given twice/],
  ])('%s is a usage error', (value, message) => {
    expect(() => limitFlag([value], '')).toThrow(UsageError);
    expect(() => limitFlag([value], '')).toThrow(message);
  });
  test('limits that do not fit the heap get a warning naming both sizes', () => {
    expect(heapWarning(DEFAULT_CAPACITY, 2 * 2 ** 30)).toBeUndefined();
    expect(heapWarning(DEFAULT_CAPACITY, 192 * 2 ** 20)).toMatch(
      /^warning: at its limits the engine may hold ~[\d,]+ MB, more than 75% of this process's 192 MB heap/,
    );
    const small = limitFlag(['events=150k,orders=50k,pairs=100k,products=50k,affiliates=10k,stores=1k'], '');
    expect(heapWarning(small, 192 * 2 ** 20)).toBeUndefined();
  });
  test('affsim serve with a bad --limit: exit 2, one line, no stack trace', async () => {
    expectUsage(
      await affsim('serve', '--port', '0', '--limit', 'orderz=5'),
      'affsim serve: --limit orderz=5: unknown limit "orderz"; the limits are events, stores, affiliates, products, orders, pairs',
    );
  });
  test('serve --help lists every limit with its default', async () => {
    const r = await affsim('serve', '--help');
    expect(r.code).toBe(0);
    for (const [name, value] of Object.entries(DEFAULT_CAPACITY)) {
      expect(r.stdout).toMatch(new RegExp(`^ +${name} +${value.toLocaleString('en-US')} `, 'm'));
    }
  });
  test('a --preload history past a limit is a usage error naming the limit and the flag', async () => {
    expectUsage(
      await affsim('serve', '--port', '0', '--preload', MONTH, '--limit', 'events=10'),
      /^affsim serve: --preload .*: event \d+ passes a capacity limit: capacity: limit events=10 .*raise it with --limit events=N$/,
    );
  });
});

describe('affsim run --max-events N', () => {
  test('a run that would pass N stops before sending the day that passes it: exit 2, naming the limit', async () => {
    const run = (max: number, dir: string) =>
      affsim(
        ...['run', 'baseline', '--buyers', '20', '--days', '3', '--workers', '1'],
        ...['--max-events', String(max), '--out', join(out, dir)],
      );
    const first = await run(10, 'first-day');
    expectUsage(
      first,
      /^affsim run: --max-events 10: the simulation passes it on day 1 \(0 events sent, the day brings [\d,]+ more\)/,
    );
    const dayOne = Number(/the day brings ([\d,]+) more/.exec(first.stderr)?.[1]?.replaceAll(',', ''));
    // Exactly the first day's events: it is sent whole, the second day would pass the limit.
    const second = await run(dayOne, 'second-day');
    const n = dayOne.toLocaleString('en-US');
    expectUsage(
      second,
      new RegExp(
        `^affsim run: --max-events ${n}: the simulation passes it on day 2 \\(${n} events sent, the day brings [\\d,]+ more\\); stopped there\\. Make the run smaller \\(--buyers, --days\\) or raise --max-events$`,
      ),
    );
  });
  test('with two workers the run stops once their events together pass N (exit 2), whichever stops first', async () => {
    const r = await affsim(
      ...['run', 'baseline', '--buyers', '40', '--days', '4', '--workers', '2'],
      ...['--max-events', '4191', '--out', join(out, 'two-workers')],
    );
    expectUsage(
      r,
      /^affsim run: --max-events 4,191: the simulation passes it on day \d+ \([\d,]+ events sent(, the day brings [\d,]+ more| by all workers)\); stopped there\./,
    );
  });
  test.each([['0'], ['many'], ['1e3']])('--max-events %s is a usage error', async (value) => {
    expectUsage(
      await affsim('run', '--days', '1', '--buyers', '5', '--max-events', value),
      `affsim run: --max-events ${value}: expected an integer >= 1`,
    );
  });
});

describe('a run against a platform at a capacity limit', () => {
  test('fails as a target failure (exit 3) naming the limit and the flag that raises it', async () => {
    const server = await startServer({
      auth: TEST_AUTH,
      port: 0,
      policy: DEFAULT_POLICY,
      capacity: { ...DEFAULT_CAPACITY, stores: 5 },
    });
    try {
      const r = await affsim(
        ...['run', 'baseline', '--buyers', '5', '--days', '1', '--workers', '1'],
        ...['--target', server.url, '--out', join(out, 'full-target')],
      );
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        new RegExp(
          `^affsim run: incomplete run: worker 1 of 1, day 1 of 1: target ${server.url} failed: the platform refused event \\S+ \\(507\\): it is at its capacity limit stores=5; raise it \\(affsim serve --limit stores=10\\)`,
        ),
      );
      expect(r.stderr).not.toMatch(/^ {4}at /m);
    } finally {
      await server.close();
    }
  });
});
