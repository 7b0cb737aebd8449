import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISION_FIELDS } from '../../sim/run/define-target.js';
import { mergeResults } from '../../sim/run/merge-results.js';
import { parseResultJson, ResultFileError, readResultDirs } from '../../sim/run/read-result-dirs.js';
import { canonicalResult, resultJson } from '../../sim/run/result-json.js';
import { fakeResult } from './_fake-result.js';
import { withoutTiming } from './_without-timing.js';

const result = fakeResult({ buyers: 300, violatingBuyers: [17, 211] });

describe('result.json', () => {
  it('round-trips: parsing the written text gives the canonical result back', () => {
    const text = resultJson(result);
    expect(parseResultJson(text, 'result.json')).toEqual(canonicalResult(result));
    expect(resultJson(parseResultJson(text, 'result.json'))).toBe(text);
  });

  it('writes the same bytes whatever order maps were filled in', () => {
    const shuffled = {
      ...result,
      stores: Object.fromEntries(Object.entries(result.stores).reverse()),
      commission: {
        ...result.commission,
        byAffiliate: Object.fromEntries(Object.entries(result.commission.byAffiliate).reverse()),
      },
      violations: [...result.violations].reverse(),
    };
    expect(resultJson(shuffled)).toBe(resultJson(result));
    expect(Object.keys(JSON.parse(resultJson(result)))).toEqual([
      'affsim',
      'scenario',
      'seed',
      'shards',
      'target',
      'compared',
      'policy',
      'period',
      'events',
      'clicks',
      'orders',
      'commission',
      'money',
      'decisions',
      'stores',
      'daily',
      'clickToOrderHours',
      'violations',
      'examplesPerGroup',
      'violationGroups',
      'timing',
    ]);
  });

  it('keeps and merges the count of rejections without a rule; a result written before it counted none', () => {
    const withNoRule = { ...result, events: { ...result.events, rejectedNoRule: 4 } };
    expect(parseResultJson(resultJson(withNoRule), 'result.json').events.rejectedNoRule).toBe(4);
    expect(
      mergeResults(
        [0, 1].map((index) => {
          const shard = fakeResult({ buyers: 300, shard: { index, count: 2 } });
          return { ...shard, events: { ...shard.events, rejectedNoRule: 4 } };
        }),
      ).events,
    ).toMatchObject({
      rejectedNoRule: 8,
    });
    const { rejectedNoRule: _, ...older } = result.events;
    const text = JSON.stringify({ ...result, events: older });
    expect(parseResultJson(text, 'result.json').events.rejectedNoRule).toBe(0);
    // Neither did it know `compared` (every field was) nor `events.unsupported` (none).
    const { compared: _c, ...olderResult } = result;
    const { unsupported: _u, ...olderEvents } = result.events;
    const old = parseResultJson(JSON.stringify({ ...olderResult, events: olderEvents }), 'result.json');
    expect(old.compared).toEqual([...DECISION_FIELDS]);
    expect(old.events.unsupported).toBe(0);
  });

  it('leaves out all-zero entries of open maps, so listing an idle store or not changes nothing', () => {
    const padded = {
      ...result,
      stores: { ...result.stores, s999: { clicks: 0, orders: 0, gmvCents: 0, commissionCents: 0 } },
      events: { ...result.events, rejectedByRule: { ...result.events.rejectedByRule, R1: 0 } },
      commission: { ...result.commission, byChannel: { ...result.commission.byChannel, unused: 0 } },
    };
    expect(resultJson(padded)).toBe(resultJson(result));
    expect(canonicalResult(padded).stores).not.toHaveProperty('s999');
    expect(canonicalResult(padded).events.rejectedByRule).not.toHaveProperty('R1');
    expect(canonicalResult(padded).orders.byStatus).toHaveProperty('pending');
  });

  it('withoutTiming drops only the wall-clock fields', () => {
    const other = { ...result, timing: { ...result.timing, wallMs: 1, eventsPerSecond: 2 } };
    expect(withoutTiming(other)).toEqual(withoutTiming(result));
    expect(withoutTiming(result)).not.toHaveProperty('timing');
    expect(Object.keys(withoutTiming(result))).toHaveLength(Object.keys(result).length - 1);
  });
});

describe('readResultDirs', () => {
  it('loads result.json from each directory (or a file path), in order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'affsim-results-'));
    await writeFile(join(dir, 'result.json'), resultJson(result));
    const [byDir, byFile] = await readResultDirs([dir, join(dir, 'result.json')]);
    expect(byDir?.file).toBe(join(dir, 'result.json'));
    expect(byDir?.dir).toBe(dir);
    expect(byFile?.dir).toBe(dir);
    expect(byDir?.result).toEqual(canonicalResult(result));
  });

  it('names the file and the field that is wrong', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'affsim-results-'));
    const file = join(dir, 'result.json');
    const raw = JSON.parse(resultJson(result));
    raw.commission.byTier.main = 12.5;
    delete raw.orders.gmvCents;
    await writeFile(file, JSON.stringify(raw));
    const error = await readResultDirs([dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultFileError);
    expect((error as Error).message).toContain(`${file}: not an affsim result:`);
    expect((error as Error).message).toContain('orders.gmvCents');
    expect((error as Error).message).toContain('commission.byTier.main');
  });

  it('says when the file is missing or not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'affsim-results-'));
    await expect(readResultDirs([join(dir, 'nope')])).rejects.toThrow(
      `${join(dir, 'nope', 'result.json')}: not found (expected the --out directory of an affsim run)`,
    );
    await writeFile(join(dir, 'result.json'), '{"affsim":');
    await expect(readResultDirs([dir])).rejects.toThrow(/result\.json: not valid JSON/);
    expect(await readFile(join(dir, 'result.json'), 'utf8')).toBe('{"affsim":');
  });
});
