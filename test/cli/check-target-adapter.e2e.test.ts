import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { startBrokenPlatform } from '../run/_broken-platform.js';
import { HISTORY, RESETTABLE } from './_main-product-history.js';
import { affsim, historyFile } from './run-cli.js';

/**
 * Why: `affsim check --target URL --target-adapter FILE` is how a user replays a violation's history
 * on their own service (issue 10, step 5). The service is emptied through the adapter's reset, the
 * events go through the adapter, and every disagreement is shown beside the model's with its cause;
 * a service that agrees exits 0, and a mistake in the setup (adapter, flags) is one line, exit 2.
 */

/** The resettable adapter without its reset, in plain JavaScript (no ts-node needed for a .mjs file). */
function noResetAdapter(): string {
  const dir = mkdtempSync(join(tmpdir(), 'affsim-adapter-'));
  const file = join(dir, 'no-reset-target.mjs');
  writeFileSync(
    file,
    `export default {
  name: 'no-reset-affsim',
  async sendBatch(events, ctx) {
    const r = await ctx.request('POST', '/events/batch', { events });
    return r.body.results.map((x) =>
      x.status === 200 ? { accepted: true, repeat: x.repeat } : { accepted: false, rule: x.body.rule, repeat: x.repeat },
    );
  },
  async readDecision(orderId, ctx) {
    const r = await ctx.request('GET', '/orders/' + encodeURIComponent(orderId) + '/attribution');
    return r.status === 404 ? null : r.body;
  },
};
`,
  );
  return file;
}

describe('affsim check --target URL --target-adapter FILE (built CLI)', () => {
  const doubles: PlatformDouble[] = [];
  const track = async (double: Promise<PlatformDouble>) => {
    const d = await double;
    doubles.push(d);
    return d.url;
  };
  const correctPlatform = () => track(startPlatformDouble((request) => request.forward(request.body)));
  afterAll(async () => {
    await Promise.all(doubles.map((d) => d.close()));
  });
  const history = historyFile(HISTORY);

  test('a service that forgets main-product rates: exit 1, tier and rate side by side, the cause named (R10)', async () => {
    const url = await track(startBrokenPlatform());
    const r = await affsim('check', history, '--target', url, '--target-adapter', RESETTABLE);
    expect(r.code, r.stderr).toBe(1);
    const name = `resettable-affsim at ${url}`;
    // The model's decisions first, as without a target.
    expect(r.stdout).toContain(`engine: the reference model, compared with ${name}`);
    expect(r.stdout).toContain('compared: every Decision field');
    expect(r.stdout).toMatch(
      /o1\s+payable\s+a1\s.*\s2000\n\s+product.*\n\s+p1\s+10000\s+0\s+main\s+2000\s+2000\n/,
    );
    // Then the disagreement, model beside platform, with its cause.
    expect(r.stdout).toContain(`1 disagreement(s) between the reference model and ${name}:`);
    expect(r.stdout).toMatch(/order o1\n\s+field\s+model\s+resettable-affsim at \S+\n/);
    expect(r.stdout).toMatch(/\n\s+lines\[0\]\.tier\s+"main"\s+"default"\n/);
    expect(r.stdout).toMatch(/\n\s+lines\[0\]\.rateBps\s+2000\s+500\n/);
    expect(r.stdout).toMatch(/\n\s+commissionCents\s+2000\s+500\n/);
    expect(r.stdout).toContain(
      'cause: lines[].tier: the model says ["main"] (R10), the platform ["default"]',
    );
    expect(r.stderr).toBe(`affsim check: the reference model and ${name} disagree (1)\n`);

    const json = await affsim('check', history, '--target', url, '--target-adapter', RESETTABLE, '--json');
    expect(json.code, json.stderr).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.decisions).toMatchObject([{ orderId: 'o1', commissionCents: 2000 }]);
    expect(out.rejected).toEqual([]);
    expect(out.target).toMatchObject({ url, adapter: RESETTABLE, name: 'resettable-affsim', reset: true });
    expect(out.disagreements).toEqual([
      {
        kind: 'decision',
        orderId: 'o1',
        fields: ['commissionCents', 'lines[0].rateBps', 'lines[0].tier', 'lines[0].commissionCents'],
        model: expect.objectContaining({
          commissionCents: 2000,
          lines: [expect.objectContaining({ tier: 'main' })],
        }),
        platform: expect.objectContaining({
          commissionCents: 500,
          lines: [expect.objectContaining({ tier: 'default', rateBps: 500 })],
        }),
        cause: expect.objectContaining({ kind: 'field', rule: 'R10', field: 'lines[].tier' }),
      },
    ]);
  });

  test('a correct service agrees (exit 0), and again on the same service: reset empties it first', async () => {
    const url = await correctPlatform();
    for (let i = 0; i < 2; i += 1) {
      const r = await affsim('check', history, '--target', url, '--target-adapter', RESETTABLE);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`resettable-affsim at ${url} agrees with the model on every answer`);
      expect(r.stderr).toBe('');
    }
    // Without the reset, the same service now holds the history: every event is a repeat (R17).
    const r = await affsim('check', history, '--target', url, '--target-adapter', noResetAdapter());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /answered 7 event\(s\) as repeats of events it already had \(R17\): it must start empty/,
    );
  });

  test('an adapter without reset: one line on stderr says the service must start empty, and the check goes on', async () => {
    const adapter = noResetAdapter();
    const r = await affsim(
      'check',
      history,
      '--target',
      await correctPlatform(),
      '--target-adapter',
      adapter,
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^affsim check: the adapter \S+no-reset-target\.mjs has no reset\(ctx\): no-reset-affsim at \S+ must start empty$/,
    );
    const broken = await affsim(
      'check',
      history,
      '--target',
      await track(startBrokenPlatform()),
      '--target-adapter',
      adapter,
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('cause: lines[].tier');
  });

  test('setup mistakes exit 2 with one line: a missing adapter, an adapter without --target', async () => {
    const missing = await affsim(
      'check',
      history,
      '--target',
      'http://127.0.0.1:9',
      '--target-adapter',
      'nope/target.ts',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('affsim check: target adapter nope/target.ts: no such file\n');
    expect(missing.stdout).toBe('');

    const alone = await affsim('check', history, '--target-adapter', RESETTABLE);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/^affsim check: --target-adapter needs --target URL/);
    expect(alone.stderr).not.toMatch(/\n\s+at /);
  });

  test('a service that cannot be reached exits 3, naming the request', async () => {
    // A port that was just free: nothing listens on it.
    const double = await startPlatformDouble((request) => request.forward(request.body));
    const url = double.url;
    await double.close();
    const r = await affsim('check', history, '--target', url, '--target-adapter', RESETTABLE);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(
        `^affsim check: target ${url.replace(/[.]/g, '\\.')} failed: POST /__reset: connect ECONNREFUSED`,
      ),
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
