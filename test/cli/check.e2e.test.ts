import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { affsim, historyFile, MONTH, WORKED_EXAMPLE } from './run-cli.js';

const worked = readFileSync(WORKED_EXAMPLE, 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('affsim check (built CLI)', () => {
  test('reproduces the worked example of EVENTS.md exactly, as one JSON object', async () => {
    const r = await affsim('check', WORKED_EXAMPLE, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      decisions: [
        {
          orderId: 'o1',
          attributed: true,
          reason: null,
          affiliateId: 'a1',
          clickAt: '2026-01-03T00:00:00.000Z',
          windowEndsAt: '2026-01-18T00:00:00.000Z',
          status: 'payable',
          commissionCents: 2100,
          lines: [
            {
              productId: 'p1',
              amountCents: 10000,
              refundedCents: 0,
              rateBps: 2000,
              tier: 'main',
              commissionCents: 2000,
            },
            {
              productId: 'p2',
              amountCents: 2999,
              refundedCents: 999,
              rateBps: 500,
              tier: 'default',
              commissionCents: 100,
            },
          ],
        },
      ],
      rejected: [],
    });
  });

  test('the example month evaluates as computed by hand', async () => {
    const r = await affsim('check', MONTH, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      decisions: Record<string, unknown>[];
      rejected: { id: string; rule: string }[];
    };
    const brief = out.decisions.map((d) => [d.orderId, d.status, d.affiliateId, d.reason, d.commissionCents]);
    expect(brief).toEqual([
      ['o2', 'not-attributed', null, 'no-click', 0], // b2's only click came before s2 joined (R5)
      ['o1', 'payable', 'a2', null, 1950], // re-click by a2 restarted the window; rod 12999 × 15 % = 1949.85 → 1950; tent fully refunded
      ['o3', 'not-attributed', null, 'store-not-member', 0], // after s1 withdrew (R9, uncharged)
      ['o5', 'void', 'a3', null, 0], // 1 ms before the window end, then cancelled (R12)
      ['o4', 'not-attributed', null, 'window-expired', 0], // exactly at the window end (R6 half-open)
    ]);
    expect(out.rejected.map((x) => `${x.id} ${x.rule}`)).toEqual([
      'withdraw-early R2',
      'o5-done R16',
      'o2-refund R14',
      'rejoin-early R1',
    ]);
  });

  test('prints a readable table without --json', async () => {
    const r = await affsim('check', WORKED_EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /o1\s+payable\s+a1\s+2026-01-03T00:00:00.000Z\s+2026-01-18T00:00:00.000Z\s+2100/,
    );
    expect(r.stdout).toMatch(/p2\s+2999\s+999\s+default\s+500\s+100/);
    expect(r.stdout).toContain('(none)');
  });

  test('lists rejected events with their rule id and a reason', async () => {
    const file = historyFile([
      ...worked,
      { id: 'e9', type: 'store.withdrew', at: '2026-01-10T00:00:00Z', storeId: 's1' },
      { id: 'e8', type: 'order.completed', at: '2026-01-21T00:00:00Z', orderId: 'o1' },
    ]);
    const r = await affsim('check', file, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rejected: { id: string; rule: string; message: string }[] };
    expect(out.rejected.map(({ id, rule }) => ({ id, rule }))).toEqual([
      { id: 'e9', rule: 'R2' },
      { id: 'e8', rule: 'R17' },
    ]);
    for (const rej of out.rejected) expect(Object.keys(rej)).toEqual(['id', 'rule', 'message']);
    const text = await affsim('check', file);
    expect(text.stdout).toMatch(
      /e9\s+R2\s+store s1 joined at 2026-01-01T00:00:00.000Z and may withdraw from 2026-01-16/,
    );
  });

  test('--policy flags override the policy line (both spellings)', async () => {
    const a = JSON.parse(
      (await affsim('check', WORKED_EXAMPLE, '--json', '--policy', 'windowDays=1')).stdout,
    );
    expect(a.decisions[0]).toMatchObject({
      attributed: false,
      reason: 'window-expired',
      status: 'not-attributed',
      commissionCents: 0,
    });
    const b = JSON.parse(
      (await affsim('check', WORKED_EXAMPLE, '--json', '-p', 'rounding=floor', 'rateBounds=1..1000')).stdout,
    );
    // With rates capped at 1000 bps, e4's 2000 bps main product is refused (R4): p1 falls back to the default rate.
    expect(b.decisions[0]).toMatchObject({
      commissionCents: 600,
      lines: [{ tier: 'default', rateBps: 500 }, {}],
    });
    expect(b.rejected).toEqual([
      { id: 'e4', rule: 'R4', message: expect.stringContaining('outside rateBounds 1..1000') },
    ]);
  });

  test.each([
    ['malformed JSON', ['{"id":"e1","type":'], /:1: malformed JSON/],
    [
      'unknown event type',
      [{ id: 'e1', type: 'store.closed', at: 0, storeId: 's1' }],
      /:1 type: unknown event type "store.closed"/,
    ],
    ['missing field', [{ id: 'e1', type: 'store.withdrew', at: 0 }], /:1 storeId: missing field/],
    [
      'mistyped nested field',
      [
        {
          id: 'e1',
          type: 'order.created',
          at: 0,
          orderId: 'o',
          buyerId: 'b',
          storeId: 's',
          lines: [{ productId: 'p', amountCents: '5' }],
        },
      ],
      /:1 lines\[0\]\.amountCents: expected a positive integer/,
    ],
    [
      'non-positive amount',
      [{ id: 'e1', type: 'order.refunded', at: 0, orderId: 'o', productId: 'p', amountCents: 0 }],
      /:1 amountCents: expected a positive integer/,
    ],
    [
      'bad instant',
      [{ id: 'e1', type: 'store.withdrew', at: '2026-02-30T00:00:00Z', storeId: 's' }],
      /:1 at: not a valid date/,
    ],
    [
      'unknown field',
      [{ id: 'e1', type: 'store.withdrew', at: 0, storeId: 's', note: 'x' }],
      /:1: unknown field\(s\) "note"/,
    ],
    [
      'unknown policy key in the file',
      [{ type: 'policy', windowDay: 3 }],
      /:1: unknown field\(s\) "windowDay"/,
    ],
    [
      'policy line after events',
      [worked[1] as object, { type: 'policy', windowDays: 3 }],
      /:2: the policy line must come before/,
    ],
    [
      'empty order lines',
      [{ id: 'e1', type: 'order.created', at: 0, orderId: 'o', buyerId: 'b', storeId: 's', lines: [] }],
      /lines: an order needs at least one line/,
    ],
    [
      'a product twice in one order',
      [
        {
          id: 'e1',
          type: 'order.created',
          at: 0,
          orderId: 'o',
          buyerId: 'b',
          storeId: 's',
          lines: [
            { productId: 'p', amountCents: 1 },
            { productId: 'p', amountCents: 2 },
          ],
        },
      ],
      /lines\[1\]\.productId: order line product "p" appears twice/,
    ],
  ])(
    'bad input (%s) exits 2 naming the line and field, without a stack trace',
    async (_name, lines, message) => {
      const r = await affsim('check', historyFile(lines), '--json');
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );

  test('reports every bad line of a file, not just the first', async () => {
    const r = await affsim(
      'check',
      historyFile(['{', worked[1] as object, '[]', { id: 'x', type: 'nope', at: 0 }]),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:1: malformed JSON/);
    expect(r.stderr).toMatch(/:3: expected a JSON object, got array/);
    expect(r.stderr).toMatch(/:4 type: unknown event type "nope"/);
  });

  test.each([
    [['--policy', 'windowDays=0'], /--policy windowDays: Too small/i],
    [['--policy', 'credit=middle-click'], /--policy credit:/],
    [['--policy', 'colour=blue'], /unknown policy key "colour"/],
    [['--policy', 'rateBounds=9000..1'], /--policy rateBounds: expected 0 <= min <= max/],
    [['--policy', 'timeZone=Mars/Olympus'], /--policy timeZone: expected an IANA time zone/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('bad flags %j exit 2 with a clear message', async (flags, message) => {
    const r = await affsim('check', WORKED_EXAMPLE, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('a file that does not exist, or a directory, exits 2', async () => {
    const missing = await affsim('check', '/nonexistent/history.jsonl');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent/history.jsonl: no such file');
    const dir = await affsim('check', '/tmp');
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('is a directory');
  });

  test('usage errors and help', async () => {
    expect((await affsim('check')).code).toBe(2);
    const help = await affsim('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('affsim <command>');
    expect((await affsim('check', '--help')).stdout).toContain('--policy key=value');
    const unknown = await affsim('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
