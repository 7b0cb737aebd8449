import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, describe, expect, test } from 'vitest';
import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { affsim, BIN, historyFile, MONTH } from './run-cli.js';

/**
 * Why: `check --engine both` is how a user finds an attribution bug in a platform. A test double
 * of the platform that pays one cent too much on every attributed order must be caught, shown
 * side by side, and exit 1; a faithful platform must agree (exit 0).
 */
describe('affsim check --engine / --target (built CLI)', () => {
  const doubles: PlatformDouble[] = [];

  /** Pays one cent too much on every attributed order; a fresh one each time, as a checked platform starts empty. */
  async function overpayingPlatform(): Promise<string> {
    const double = await startPlatformDouble(async (request) => {
      const answer = await request.forward(request.body);
      if (request.url !== '/attribution/decisions') return answer;
      const parsed = JSON.parse(answer.text) as {
        decisions: ({ attributed: boolean; commissionCents: number } | null)[];
      };
      for (const d of parsed.decisions) if (d?.attributed) d.commissionCents += 1;
      return { status: answer.status, text: JSON.stringify(parsed) };
    });
    doubles.push(double);
    return double.url;
  }
  afterAll(async () => {
    await Promise.all(doubles.map((d) => d.close()));
  });

  test('a platform that overpays is caught: exit 1, both decisions side by side', async () => {
    const url = await overpayingPlatform();
    const r = await affsim('check', MONTH, '--target', url);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`2 disagreement(s) between the reference model and the platform at ${url}`);
    expect(r.stdout).toMatch(
      /order o1\n\s+field\s+model\s+the platform at \S+\n\s+commissionCents\s+1950\s+1951/,
    );
    expect(r.stderr).toContain('disagree (2)');
    const json = await affsim('check', MONTH, '--target', await overpayingPlatform(), '--json');
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as {
      disagreements: { kind: string; orderId: string; fields: string[] }[];
    };
    expect(out.disagreements.map((d) => [d.orderId, d.fields])).toEqual([
      ['o1', ['commissionCents']],
      ['o5', ['commissionCents']],
    ]);
  });

  test('a platform that is not empty is refused rather than reported as disagreeing', async () => {
    const url = await overpayingPlatform();
    await affsim('check', MONTH, '--target', url);
    const again = await affsim('check', MONTH, '--target', url);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already had \(R17\): it must start empty/);
  });

  test('the in-process platform agrees with the model (exit 0), and --engine server prints its own answers', async () => {
    const both = await affsim('check', MONTH, '--json');
    expect(both.code).toBe(0);
    const server = await affsim('check', MONTH, '--json', '--engine', 'server');
    const model = await affsim('check', MONTH, '--json', '--engine', 'model');
    expect(JSON.parse(server.stdout).decisions).toEqual(JSON.parse(model.stdout).decisions);
    expect(JSON.parse(both.stdout)).toEqual(JSON.parse(model.stdout));
  });

  test('against a real `affsim serve` on a port', async () => {
    const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout?.on('data', (c) => {
          out += c;
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once('exit', (code) => reject(new Error(`affsim serve exited ${code}`)));
      });
      const r = await affsim('check', MONTH, '--target', url);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`engine: the reference model, compared with the platform at ${url}`);
      // The platform now holds the month: checking again against it sees every id repeated (R17), not a fresh platform.
      const mismatch = await affsim('check', MONTH, '--target', url, '--policy', 'windowDays=7');
      expect(mismatch.code).toBe(2);
      expect(mismatch.stderr).toContain('runs another policy');
    } finally {
      child.kill('SIGTERM');
    }
  });

  test('big catalogues are sent to the platform in batches under its body limit', async () => {
    // Why: three stores of 80,000 products are about 10 MB of events, over the platform's 8 MiB body limit.
    const products = Array.from({ length: 80_000 }, (_, p) => ({
      productId: `p${p}`,
      categoryId: `c${p % 50}`,
    }));
    const stores = [1, 2, 3].map((s) => ({
      id: `reg-${s}`,
      type: 'store.registered',
      at: '2026-01-01T00:00:00.000Z',
      storeId: `s${s}`,
      products,
    }));
    const file = historyFile([
      ...stores,
      { id: 'j1', type: 'store.joined', at: '2026-01-01T00:00:00.000Z', storeId: 's3', defaultRateBps: 500 },
      {
        id: 'a1',
        type: 'affiliate.registered',
        at: '2026-01-01T00:00:00.000Z',
        affiliateId: 'a1',
        channel: 'blog',
      },
      {
        id: 'c1',
        type: 'click',
        at: '2026-01-02T00:00:00.000Z',
        buyerId: 'b',
        affiliateId: 'a1',
        storeId: 's3',
        channel: 'blog',
      },
      {
        id: 'o1',
        type: 'order.created',
        at: '2026-01-03T00:00:00.000Z',
        orderId: 'o1',
        buyerId: 'b',
        storeId: 's3',
        lines: [{ productId: 'p79999', amountCents: 1000 }],
      },
    ]);
    const r = await affsim('check', file, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).decisions).toMatchObject([
      { orderId: 'o1', affiliateId: 'a1', commissionCents: 50 },
    ]);
  });

  test.each([
    [['--engine', 'oracle'], /--engine oracle: expected model, server or both/],
    [['--target', 'not a url'], /--target not a url: expected a URL/],
    [['--engine', 'model', '--target', 'http://127.0.0.1:1'], /--engine model runs none/],
  ])('bad engine flags %j exit 2', async (flags, message) => {
    const r = await affsim('check', MONTH, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
