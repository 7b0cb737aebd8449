import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { run as fixturesCommand } from '../../sim/cli/commands/fixtures.js';
import { preloadFrom, run as serveCommand } from '../../sim/cli/commands/serve.js';
import { type DecisionJson, toDecisionJson } from '../../sim/domain/decision.js';
import { INSTANT_MAX_MS } from '../../sim/domain/instant.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import {
  type DecisionTuple,
  decodeDecision,
  encodeDecision,
  FIXTURE_FILES,
  type Target,
} from '../../sim/fixtures/fixture-format.js';
import { readManifest } from '../../sim/fixtures/read-manifest.js';
import { readHistory } from '../../sim/history/read-history.js';
import { TEST_INGEST_TOKEN } from '../_test-token.js';
import { fcParams } from '../fc-config.js';
import { type SmallFixtures, writeSmallFixtures } from './_small-fixtures.js';

// Why: the k6 scripts fail a run on any answer that differs from the fixtures, so the fixtures
// themselves must be exactly the reference model's verdicts on exactly the history that is preloaded.

const readJson = async <T>(dir: string, file: string) =>
  JSON.parse(await readFile(join(dir, file), 'utf8')) as T;

let small: SmallFixtures;
beforeAll(async () => {
  small = await writeSmallFixtures();
});

describe('affsim fixtures', () => {
  it("writes expected decisions equal to the platform's own verdicts, through its HTTP API, on the written history", async () => {
    // The oracle is affsim's server engine, a separate implementation from the model that wrote the
    // fixtures, fed the history line by line over HTTP (not through the fixture or preload code).
    const lines = (await readFile(join(small.dir, FIXTURE_FILES.history), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { type: string; at?: string; orderId?: string });
    const [policyLine, ...events] = lines;
    expect(policyLine?.type).toBe('policy');
    const { type: _policy, ...overrides } = policyLine as { type: string };
    const policy = withOverrides(DEFAULT_POLICY, overrides);
    expect(small.manifest.policy).toEqual(policy);
    const app = createApp({ policy, auth: NO_AUTH });
    const post = async (path: string, body: object) => {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, path).toBe(200);
      return res.json();
    };
    // Time order, ties in file order (Array#sort is stable).
    const inTimeOrder = [...events].sort((a, b) => Date.parse(a.at as string) - Date.parse(b.at as string));
    for (let i = 0; i < inTimeOrder.length; i += 5_000) {
      await post('/events/batch', { events: inTimeOrder.slice(i, i + 5_000) });
    }
    // A client retry (R17) repeats an order.created: one order all the same.
    const orderIds = [
      ...new Set(events.filter((e) => e.type === 'order.created').map((e) => e.orderId as string)),
    ];
    const written = (await readJson<DecisionTuple[]>(small.dir, FIXTURE_FILES.decisions)).map(decodeDecision);
    // One decision per order of the history, in the order the orders were recorded.
    expect(written.map((d) => d.orderId)).toEqual(orderIds);
    const { decisions } = (await post('/attribution/decisions', { orderIds })) as { decisions: unknown[] };
    expect(written).toEqual(decisions);
    expect(small.manifest.orders).toBe(orderIds.length);
    expect(small.manifest.events).toBe(events.length);
    expect(orderIds.length).toBeGreaterThan(100);
    expect(written.filter((d) => d.attributed).length).toBeGreaterThan(10);
  });

  it('lets loads write only after every preloaded instant', async () => {
    const read = await readHistory(join(small.dir, FIXTURE_FILES.history));
    if (!read.ok) throw new Error('unreadable history');
    const lastAtMs = Math.max(...read.history.events.map((e) => e.at));
    expect(small.manifest.historyEndsAtMs).toBe(lastAtMs);
    expect(small.manifest.writeFromMs).toBeGreaterThan(lastAtMs);
    expect(small.manifest.windowMs).toBe(15 * 86_400_000);
  });

  it('writes the same bytes for the same options (a directory can be regenerated, not stored)', async () => {
    const again = await writeSmallFixtures();
    for (const file of Object.values(FIXTURE_FILES)) {
      expect(await readFile(join(again.dir, file), 'utf8'), file).toBe(
        await readFile(join(small.dir, file), 'utf8'),
      );
    }
  });

  it('preloads the history so that the platform holds exactly the expected decisions', async () => {
    const { engine } = await preloadFrom(small.dir);
    const written = await readJson<DecisionTuple[]>(small.dir, FIXTURE_FILES.decisions);
    expect([...engine.decisions()].map(toDecisionJson)).toEqual(written.map(decodeDecision));
  });

  it('affsim serve --preload dir serves the preloaded decisions; a bad path is a usage error', async () => {
    const stdout = new PassThrough();
    let printed = '';
    stdout.on('data', (c) => {
      printed += c;
    });
    const signals = new EventEmitter();
    const exit = serveCommand(
      ['--port', '0', '--preload', small.dir],
      { stdout, stderr: new PassThrough() },
      signals,
    );
    while (!printed.includes('listening')) await new Promise((r) => setTimeout(r, 10));
    expect(printed).toMatch(/preloaded .*history\.jsonl: \d+ events/);
    const url = /listening on (\S+)/.exec(printed)?.[1] as string;
    const [first] = await readJson<DecisionTuple[]>(small.dir, FIXTURE_FILES.decisions);
    const expected = decodeDecision(first as DecisionTuple);
    // R18: serve took the suite's ingestion token from $AFFSIM_INGEST_TOKEN (vitest.config.ts).
    const authorization = `Bearer ${TEST_INGEST_TOKEN}`;
    const read = await fetch(`${url}/orders/${expected.orderId}/attribution`, { headers: { authorization } });
    expect(await read.json()).toEqual(expected);
    expect((await fetch(`${url}/orders/${expected.orderId}/attribution`)).status).toBe(401);
    signals.emit('SIGTERM');
    expect(await exit).toBe(0);
    await expect(
      serveCommand(
        ['--port', '0', '--preload', join(small.dir, 'nowhere')],
        { stdout, stderr: stdout },
        signals,
      ),
    ).rejects.toThrow(/--preload .*nowhere.*no such file/);
  });

  it("answers every write target as the fixtures expect, on the platform's own engine", async () => {
    // The same requests the k6 scripts make, in-process: the targets' answers come from the model,
    // the platform's engine is independent of it, so this cross-checks both without k6.
    const { engine, policy } = await preloadFrom(small.dir);
    const app = createApp({ engine, policy, auth: NO_AUTH });
    const targets = await readJson<Target[]>(small.dir, FIXTURE_FILES.targets);
    expect(targets.length).toBe(small.manifest.targets);
    const reasons = new Set(targets.map((t) => t.expect.decision.reason));
    expect([...reasons].sort()).toEqual(['no-click', 'store-not-member', 'window-expired', null].sort());
    const post = (path: string, body: object) =>
      app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const [i, target] of targets.entries()) {
      const atMs = small.manifest.writeFromMs + i * 1_000;
      const key = `test-${i}`;
      if (target.click !== null) {
        const res = await post('/events', {
          id: `${key}-click`,
          type: 'click',
          at: atMs,
          buyerId: `${key}-b`,
          affiliateId: target.affiliateId,
          storeId: target.storeId,
          ...(target.click.productId === null ? {} : { productId: target.click.productId }),
          channel: target.channel,
        });
        const answer = (await res.json()) as { qualifying: boolean; windowEndsAt?: string; rule?: string };
        expect(res.status).toBe(200);
        expect({ qualifying: answer.qualifying, ...(answer.rule ? { rule: answer.rule } : {}) }).toEqual(
          target.expect.click,
        );
        // A qualifying click's window: 15 days (the manifest's windowMs, checked above by hand).
        if (answer.qualifying)
          expect(answer.windowEndsAt).toBe(new Date(atMs + 15 * 86_400_000).toISOString());
      }
      const order = await post('/orders', {
        id: `${key}-order`,
        orderId: `${key}-o`,
        buyerId: `${key}-b`,
        storeId: target.storeId,
        lines: target.lines,
        at: atMs + target.orderAfterClickMs,
      });
      expect(order.status).toBe(200);
      const decision = (await (await app.request(`/orders/${key}-o/attribution`)).json()) as DecisionJson;
      // Spelled out from the target, not with the fixture code: ids and instants are this test's own.
      const d = target.expect.decision;
      expect(decision).toEqual({
        orderId: `${key}-o`,
        attributed: d.attributed,
        reason: d.reason,
        affiliateId: d.affiliateId,
        clickAt: d.attributed ? new Date(atMs).toISOString() : null,
        windowEndsAt: d.attributed ? new Date(atMs + 15 * 86_400_000).toISOString() : null,
        status: d.status,
        commissionCents: d.commissionCents,
        lines: d.lines,
      });
      if (d.attributed) {
        expect(d.affiliateId).toBe(target.affiliateId);
        expect(d.commissionCents).toBe(d.lines.reduce((sum, l) => sum + l.commissionCents, 0));
      }
    }
  });

  it('reads back its manifest, and says why a directory is not one', async () => {
    const read = await readManifest(small.dir);
    expect(read.ok && read.manifest).toEqual(small.manifest);
    const missing = await readManifest(join(small.dir, 'nowhere'));
    expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('manifest.json') });
  });

  it('is a command with usage errors (exit 2) for a missing seed, a bad size or an unknown scenario', async () => {
    const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough() });
    await expect(fixturesCommand(['--out', small.dir], io())).rejects.toThrow(/missing --seed/);
    await expect(fixturesCommand(['--seed', '1'], io())).rejects.toThrow(/missing --out/);
    await expect(fixturesCommand(['--seed', 'x', '--out', small.dir], io())).rejects.toThrow(/--seed x/);
    await expect(fixturesCommand(['--seed', '1', '--buyers', '0', '--out', small.dir], io())).rejects.toThrow(
      /--buyers 0/,
    );
    await expect(
      fixturesCommand(['--seed', '1', '--scenario', 'nope', '--out', small.dir], io()),
    ).rejects.toThrow(/not a built-in scenario/);
  });
});

const instant = fc.integer({ min: 0, max: INSTANT_MAX_MS }).map((ms) => new Date(ms).toISOString());
const lineArb = fc.record({
  productId: fc.string({ minLength: 1 }),
  amountCents: fc.integer({ min: 1 }),
  refundedCents: fc.nat(),
  rateBps: fc.option(fc.integer({ min: 0, max: 10_000 })),
  tier: fc.option(fc.constantFrom('main' as const, 'category' as const, 'default' as const)),
  commissionCents: fc.nat(),
});
const decisionArb: fc.Arbitrary<DecisionJson> = fc.oneof(
  fc.record({
    orderId: fc.string({ minLength: 1 }),
    attributed: fc.constant(true),
    reason: fc.constant(null),
    affiliateId: fc.string({ minLength: 1 }),
    clickAt: instant,
    windowEndsAt: instant,
    status: fc.constantFrom('pending' as const, 'payable' as const, 'void' as const, 'reversed' as const),
    commissionCents: fc.nat(),
    lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    orderId: fc.string({ minLength: 1 }),
    attributed: fc.constant(false),
    reason: fc.constantFrom('store-not-member' as const, 'no-click' as const, 'window-expired' as const),
    affiliateId: fc.constant(null),
    clickAt: fc.constant(null),
    windowEndsAt: fc.constant(null),
    status: fc.constant('not-attributed' as const),
    commissionCents: fc.constant(0),
    lines: fc.array(lineArb, { minLength: 1, maxLength: 4 }),
  }),
);

describe('the compact decision format (round-trip property)', () => {
  it('decodeDecision(JSON of encodeDecision(d)) equals d', () => {
    fc.assert(
      fc.property(decisionArb, (decision) => {
        const tuple = JSON.parse(JSON.stringify(encodeDecision(decision))) as DecisionTuple;
        expect(decodeDecision(tuple)).toEqual(decision);
      }),
      fcParams(300),
    );
  });
});
