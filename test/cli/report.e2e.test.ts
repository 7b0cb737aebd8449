import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { modelReportBook } from '../../sim/check/model-report-book.js';
import { DEFAULT_POLICY, withOverrides } from '../../sim/domain/policy.js';
import { STORE_REPORTS } from '../../sim/domain/reports/index.js';
import { parseHistoryText } from '../../sim/history/read-history.js';
import { allPages } from '../reports/_report-oracle.js';
import { affsim, MONTH, WORKED_EXAMPLE } from './run-cli.js';

// Why: `affsim report` is the reports without a server; its JSON must name each figure plainly
// and hold every row (all pages), and every user mistake must exit 2 naming the flag.

describe('affsim report (built CLI)', () => {
  test('the worked example: a dashboard whose JSON names each figure plainly', async () => {
    const r = await affsim(
      'report',
      WORKED_EXAMPLE,
      '--store',
      's1',
      '--from',
      '2026-01-01',
      '--to',
      '2026-01-31',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({
      report: 'dashboard',
      storeId: 's1',
      timeZone: 'America/Los_Angeles',
      complete: true,
    });
    expect(json.rows[0]).toMatchObject({
      period: 'current',
      from: '2026-01-01',
      to: '2026-01-31',
      gmvCents: 12_999,
      commission: { estimatedCents: 2100, payableCents: 2100 },
    });
    expect(json.rows[1]).toMatchObject({
      period: 'previous',
      from: '2025-12-01',
      to: '2025-12-31',
      gmvCents: 0,
    });
  });

  test('transactions as CSV and as a table: one charge per line at its locked rate (R11, R12)', async () => {
    const csv = await affsim(
      'report',
      WORKED_EXAMPLE,
      '--store',
      's1',
      '--type',
      'transactions',
      '--format',
      'csv',
    );
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'at,day,eventId,kind,orderId,productId,affiliateId,channel,rateBps,tier,netAmountCents,commissionCents',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(3).join(','))).toEqual([
      'charge,o1,p1,a1,sns,2000,main,10000,2000',
      'charge,o1,p2,a1,sns,500,default,2000,100',
    ]);
    const table = await affsim('report', WORKED_EXAMPLE, '--affiliate', 'a1', '--type', 'orders');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^orders · affiliate a1 · local days in America\/Los_Angeles\n/);
    expect(table.stdout).toMatch(
      /o1\s+s1\s+2026-01-05T00:00:00.000Z\s+2026-01-04\s+sns\s+payable\s+12999\s+999\s+2100/,
    );
  });

  test('every store report of a month-long history holds every row the model book has', async () => {
    const text = readFileSync(MONTH, 'utf8');
    const read = parseHistoryText(text);
    if (!read.ok) throw new Error('the month history does not parse');
    const { book } = modelReportBook(read.history.events, withOverrides(DEFAULT_POLICY, read.history.policy));
    const storeId = (read.history.events.find((e) => e.type === 'store.registered') as { storeId: string })
      .storeId;
    for (const type of STORE_REPORTS) {
      const r = await affsim('report', MONTH, '--store', storeId, '--type', type, '--format', 'json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).rows).toEqual(allPages(book, 'store', storeId, type).rows);
    }
  });

  test.each([
    [[], '--store ID or --affiliate ID'],
    [['--store', 's1', '--affiliate', 'a1'], '--store ID or --affiliate ID'],
    [['--store', 's9'], '--store: R16: unknown store s9'],
    [['--store', 's1', '--format', 'xml'], '--format xml'],
    [['--store', 's1', '--from', '2026-02-30'], '--from: expected a local date'],
    [['--store', 's1', '--type', 'balance'], '--type: unknown store report'],
    [['--store', 's1', '--type', 'orders', '--where', 'status=paid'], '--where status: expected one of'],
    [['--store', 's1', '--where', 'buyer=b1'], '--where buyer=b1'],
  ])('%j exits 2 naming the flag', async (flags, message) => {
    const r = await affsim('report', WORKED_EXAMPLE, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('affsim --help lists it', async () => {
    const r = await affsim('--help');
    expect(r.stdout).toMatch(/\n {2}report\s+a seller's or an affiliate's reports/);
  });
});
