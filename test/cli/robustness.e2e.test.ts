import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BODY_BYTES_MAX } from '../../sim/domain/api-limits.js';
import { CATALOGUE_PRODUCTS_MAX } from '../../sim/domain/events.js';
import { affsim, type CliResult, historyFile } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'affsim-robust-'));
const aFile = join(dir, 'a-file');
writeFileSync(aFile, '');

/** A user's mistake: exit 2, one line on stderr that says `message`, no stack trace. */
function expectUsageLine(r: CliResult, message: string): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trimEnd().split('\n')).toEqual([message]);
  expect(r.stderr).not.toMatch(/^ {4}at /m);
}

describe('--out is checked before any work starts (exit 2, one line)', () => {
  test.each([
    ['run', ['run', '--days', '1', '--buyers', '5', '--out', '/proc/x']],
    ['fixtures', ['fixtures', '--seed', '1', '--out', '/proc/x']],
  ])('%s --out /proc/x returns at once', async (name, args) => {
    expectUsageLine(
      await affsim(...args),
      `affsim ${name}: --out /proc/x: /proc is a kernel file system, not a place for results`,
    );
  });

  test('run --out <a regular file>', async () => {
    expectUsageLine(
      await affsim('run', '--days', '1', '--buyers', '5', '--out', aFile),
      `affsim run: --out ${aFile}: exists and is not a directory`,
    );
  });

  test('merge --out under a regular file', async () => {
    expectUsageLine(
      await affsim('merge', dir, '--out', join(aFile, 'merged')),
      `affsim merge: --out ${join(aFile, 'merged')}: cannot create the directory: a part of the path is a file, not a directory`,
    );
  });
});

test('run --workers past 4 per core (at most 64) names the limit and the cores', async () => {
  const cores = availableParallelism();
  const max = Math.min(4 * cores, 64);
  expectUsageLine(
    await affsim('run', '--workers', String(max + 1)),
    `affsim run: --workers ${max + 1}: at most ${max} (4 per core, at most 64; this machine has ${cores} core${cores === 1 ? '' : 's'})`,
  );
});

describe('serve --port <in use>', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  test('exits 2: already in use', async () => {
    expectUsageLine(
      await affsim('serve', '--port', String(port)),
      `affsim serve: --port ${port}: already in use`,
    );
  });
});

describe('check: one event over the platform body limit', () => {
  // A store with the largest catalogue the model allows, of long product ids: valid per the model
  // (EVENTS.md's limits), but its one event is larger than any request the platform takes.
  const products = Array.from({ length: CATALOGUE_PRODUCTS_MAX }, (_, i) => ({
    productId: `product-${'x'.repeat(90)}-${i}`,
    categoryId: 'c1',
  }));
  const store = {
    id: 'big-store',
    type: 'store.registered',
    at: '2026-01-01T00:00:00Z',
    storeId: 's1',
    products,
  };
  const bytes = Buffer.byteLength(JSON.stringify(store));
  const file = historyFile([{ type: 'policy', windowDays: 15 }, store]);

  test('the history is larger than the limit', () => {
    expect(bytes).toBeGreaterThan(BODY_BYTES_MAX);
  });

  test('--engine both names the event, its line and the limit; exit 2', async () => {
    const r = await affsim('check', file);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // The size is of the event as sent (its instant as a number), about the file line's.
    const sent = Number(/ is (\d+) bytes as JSON/.exec(lines[0] as string)?.[1]);
    expect(Math.abs(sent - bytes)).toBeLessThan(100);
    expect(lines[0]).toBe(
      `affsim check: ${file}:2: event big-store is ${sent} bytes as JSON: over the platform's request body limit of ${BODY_BYTES_MAX} bytes, so it cannot be sent to the platform; --engine model evaluates it`,
    );
    expect(r.stderr).not.toMatch(/^ {4}at /m);
  });

  test('--engine model still evaluates it', async () => {
    const r = await affsim('check', file, '--engine', 'model');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file}: 1 events, 0 orders, 0 rejected events`);
  });
});

describe('check on a history with an id holding a lone surrogate (valid JSON, not Unicode)', () => {
  const file = historyFile([
    { type: 'policy', windowDays: 15 },
    {
      id: 'e1',
      type: 'store.registered',
      at: '2026-01-01T00:00:00Z',
      storeId: 's1',
      products: [{ productId: 'p1', categoryId: 'c1' }],
    },
    {
      id: 'e2',
      type: 'order.created',
      at: '2026-01-02T00:00:00Z',
      orderId: 'o\ud800',
      buyerId: 'b1',
      storeId: 's1',
      lines: [{ productId: 'p1', amountCents: 100 }],
    },
  ]);

  test.each(['model', 'both'])(
    '--engine %s: exit 2, one line naming the line and the field',
    async (engine) => {
      const r = await affsim('check', file, '--engine', engine);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/:3 orderId: holds a lone surrogate/);
      expect(r.stderr).not.toMatch(/^ {4}at /m);
    },
  );
});
