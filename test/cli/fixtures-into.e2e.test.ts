import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { builtInScenario } from '../../scenarios/index.js';
import { startServer } from '../../server/serve.js';
import { EVENT_TYPES } from '../../sim/domain/events.js';
import type { FixtureManifest } from '../../sim/fixtures/fixture-format.js';
import { readManifest } from '../../sim/fixtures/read-manifest.js';
import { TEST_AUTH } from '../_test-token.js';
import { type ExampleService, startExampleService } from '../examples/_example-service.js';
import { affsim } from './run-cli.js';

/**
 * Why: `affsim fixtures --into URL [--target-adapter FILE]` (issue 15) preloads a service for the
 * k6 scripts, and the preload is itself a correctness check: every answer and every decision is
 * compared with the model on the way. Done when, on the example foreign service, it preloads a
 * correct one (exit 0, the manifest saying what went where) and names the planted deviations as
 * causes (exit 1); a setup mistake is exit 2 with one line, a service that cannot be reached 3.
 */

const ADAPTER = 'examples/last-click-service/affsim-target.ts';
/** boundary-storm puts withdrawals 1 ms before the 15-day edge (early-withdrawal) and sessions into other stores (per-buyer-window). */
const FIXTURES = ['fixtures', '--seed', '1', '--buyers', '300', '--scenario', 'boundary-storm'];
/** For the failures: they need a history, not its findings. */
const TINY = ['fixtures', '--seed', '1', '--buyers', '50', '--scenario', 'boundary-storm'];

const outDir = () => join(mkdtempSync(join(tmpdir(), 'affsim-into-')), 'fixtures');
const manifestOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as FixtureManifest;

/** A port nothing listens on: one the OS handed out, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('affsim fixtures --into (built CLI)', () => {
  const services: Record<'off' | 'early' | 'window', ExampleService> = {} as never;
  beforeAll(async () => {
    [services.off, services.early, services.window] = await Promise.all([
      startExampleService([]),
      startExampleService(['early-withdrawal']),
      startExampleService(['per-buyer-window']),
    ]);
  });
  afterAll(() => {
    for (const s of Object.values(services)) s?.child.kill();
  });

  test('a correct service is preloaded (exit 0), the manifest records the load; again without --reset: exit 2, already loaded', async () => {
    const { url } = services.off;
    const dir = outDir();
    const r = await affsim(...FIXTURES, '--out', dir, '--into', url, '--target-adapter', ADAPTER, '--reset');
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain(`last-click-service at ${url} agrees with the model on every answer`);
    expect(r.stdout).toMatch(
      /events sent \([\d,]+ of types it does not take not sent: the model applied them\), [\d,]+ decisions read back, in [\d.]+ s wall: [\d,]+ events\/s\n/,
    );
    expect(r.stdout).toContain(
      `next: npm run load -- attribution --target ${url} --target-adapter ${ADAPTER}`,
    );
    const m = manifestOf(dir);
    const load = m.loadedInto;
    expect(load).toMatchObject({
      url,
      adapter: ADAPTER,
      events: m.events,
      orders: m.orders,
      disagreements: 0,
    });
    // The adapter declares two event types unsupported: counted, not sent; every order compared.
    expect(load?.unsupported).toBeGreaterThan(0);
    expect((load?.sent ?? 0) + (load?.unsupported ?? 0)).toBe(m.events);
    expect(load?.compared).toBe(m.orders);
    expect(Number.isNaN(Date.parse(load?.finishedAt ?? ''))).toBe(false);
    // What `affsim load --target` reads to tell whether this URL holds the history.
    const read = await readManifest(dir);
    expect(read.ok && read.manifest.loadedInto).toEqual(load);

    const again = await affsim(...FIXTURES, '--out', outDir(), '--into', url, '--target-adapter', ADAPTER);
    expect(again.code, again.stdout).toBe(2);
    expect(again.stderr).toMatch(
      /answered \d+ event\(s\) as repeats of events it already had \(R17\): it must start empty \(already loaded\? --reset empties it first\)\n$/,
    );
  }, 60_000);

  test('early withdrawals (a planted deviation): exit 1, the R2 answers named as their own cause', async () => {
    const { url } = services.early;
    const dir = outDir();
    const r = await affsim(...FIXTURES, '--out', dir, '--into', url, '--target-adapter', ADAPTER, '--reset');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /disagreement\(s\) with last-click-service at \S+, by the rule of their cause: R2 \d+/,
    );
    expect(r.stdout).toMatch(
      /event (\S+) \(store\.withdrew\)\n {2}model: rejected R2\n.*: accepted\n {2}cause: the platform accepted \1 \(store\.withdrew\); the model refused it under R2\n/,
    );
    expect(r.stderr).toMatch(
      /^affsim fixtures: the reference model and last-click-service at \S+ disagree \(\d+\)/,
    );
    expect(manifestOf(dir).loadedInto?.disagreements).toBeGreaterThan(0);
  }, 60_000);

  test('windows per buyer instead of per (buyer, store): exit 1, the credited click into another store named (R7)', async () => {
    const { url } = services.window;
    const r = await affsim(
      ...FIXTURES,
      '--out',
      outDir(),
      '--into',
      url,
      '--target-adapter',
      ADAPTER,
      '--reset',
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/\nR7: \d+ disagreement\(s\)/);
    expect(r.stdout).toMatch(
      /cause: the platform credits a\d+ for b\d+'s click \S+ into s\d+, another store: windows are per \(buyer, store\)\n/,
    );
    // Nothing of the other deviation: every withdrawal answered as the model does.
    expect(r.stdout).not.toContain('(store.withdrew)');
  }, 60_000);

  test("affsim's own platform, no adapter: preloaded in batches (exit 0); a second preload is refused (exit 2)", async () => {
    const policy = builtInScenario('boundary-storm')?.policy;
    if (policy === undefined) throw new Error('no boundary-storm scenario');
    const server = await startServer({ auth: TEST_AUTH, port: 0, policy });
    try {
      const dir = outDir();
      const r = await affsim(...FIXTURES, '--out', dir, '--into', server.url);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`through affsim's API`);
      expect(r.stdout).toContain(`the platform at ${server.url} agrees with the model`);
      expect(manifestOf(dir).loadedInto).toMatchObject({ adapter: null, unsupported: 0, disagreements: 0 });
      const again = await affsim(...FIXTURES, '--out', outDir(), '--into', server.url);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(
        /repeats of events it already had \(R17\): it must start empty \(already loaded\?\)/,
      );
      // affsim cannot empty its own API: --reset needs an adapter's reset(ctx), said before any work.
      const reset = await affsim(...FIXTURES, '--out', outDir(), '--into', server.url, '--reset');
      expect(reset.code).toBe(2);
      expect(reset.stderr).toMatch(
        /^affsim fixtures: --reset empties the service through its adapter's reset\(ctx\)/,
      );
    } finally {
      await server.close();
    }
  }, 60_000);

  test('setup mistakes: exit 2 with one line naming the flag or file; an unreachable service: exit 3', async () => {
    const missing = await affsim(
      ...FIXTURES,
      '--out',
      outDir(),
      '--into',
      'http://127.0.0.1:9',
      '--target-adapter',
      'no/such-target.ts',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such-target.ts');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badUrl = await affsim(...FIXTURES, '--out', outDir(), '--into', 'not a url');
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('--into not a url: expected a URL like http://127.0.0.1:8080');
    const stray = await affsim(...FIXTURES, '--out', outDir(), '--reset');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('--reset goes with --into URL');
    const concurrency = await affsim(
      ...FIXTURES,
      '--out',
      outDir(),
      '--into',
      'http://127.0.0.1:9',
      '--concurrency',
      '0',
    );
    expect(concurrency.code).toBe(2);
    expect(concurrency.stderr).toContain('--concurrency 0: expected an integer in 1..256');

    // An adapter whose senders throw: its file named, exit 2 (the user's code, not the service).
    const throwing = join(mkdtempSync(join(tmpdir(), 'affsim-adapter-')), 'throwing-target.mjs');
    writeFileSync(
      throwing,
      `const fail = async () => { throw new Error('cannot map this event'); };
export default {
  name: 'throwing',
  send: Object.fromEntries(${JSON.stringify(EVENT_TYPES)}.map((t) => [t, fail])),
  async readDecision() { return null; },
};
`,
    );
    const threw = await affsim(
      ...TINY,
      '--out',
      outDir(),
      '--into',
      'http://127.0.0.1:9',
      '--target-adapter',
      throwing,
    );
    expect(threw.code, threw.stderr).toBe(2);
    expect(threw.stderr).toContain(throwing);
    expect(threw.stderr).toContain('cannot map this event');
    expect(threw.stderr).not.toMatch(/\n\s+at /);

    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    const r = await affsim(...TINY, '--out', outDir(), '--into', unreachable);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^affsim fixtures: target ${unreachable} failed: .+\\n$`));
  }, 60_000);
});
