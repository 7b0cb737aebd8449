import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import calendarDays from '../../scenarios/calendar-days.js';
import { withOverrides } from '../../sim/domain/policy.js';
import { readHistory } from '../../sim/history/read-history.js';
import { formatEventLine, formatPolicyLine, writeHistory } from '../../sim/history/write-history.js';
import { defineScenario } from '../../sim/scenario/define-scenario.js';
import { createSimulation } from '../../sim/traffic/create-simulation.js';
import { small } from './_small.js';

const dir = mkdtempSync(join(tmpdir(), 'affsim-write-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeHistory', () => {
  // Why: every serializer gets a round trip (STYLE.md, Checking): what the simulator writes, check reads back.
  it('round-trips a generated history and its policy line through readHistory', async () => {
    const scenario = small(calendarDays, { buyers: 500 });
    const events = [...createSimulation(scenario, 3).events()];
    const path = join(dir, 'calendar.jsonl');
    const written = await writeHistory(path, events, scenario.policyOverrides);
    expect(written.events).toBe(events.length);
    const read = await readHistory(path);
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.history.events).toEqual(events);
    expect(withOverrides(scenario.policy, read.history.policy)).toEqual(scenario.policy);
  });

  it('streams from an async iterable and writes no policy line when none is given', async () => {
    const path = join(dir, 'async.jsonl');
    const events = [
      ...createSimulation(small(calendarDays, { buyers: 50, stores: 5, affiliates: 15 }), 1).events(),
    ];
    async function* slowly() {
      yield* events;
    }
    await writeHistory(path, slowly());
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(events.length);
    expect(JSON.parse(lines[0] as string).type).not.toBe('policy');
  });

  it('writes EVENTS.md lines: id, type and at first, at in ISO-8601 UTC with ms', () => {
    expect(
      formatEventLine({
        id: 'e5',
        type: 'click',
        at: Date.UTC(2026, 0, 3),
        buyerId: 'b1',
        affiliateId: 'a1',
        storeId: 's1',
        productId: 'p1',
        channel: 'sns',
      }),
    ).toBe(
      '{"id":"e5","type":"click","at":"2026-01-03T00:00:00.000Z","buyerId":"b1","affiliateId":"a1","storeId":"s1","productId":"p1","channel":"sns"}',
    );
    const policy = defineScenario({
      name: 'p',
      description: 'p',
      policy: { rateBounds: [5, 500], credit: 'first-click' },
    }).policyOverrides;
    expect(formatPolicyLine(policy)).toBe('{"type":"policy","credit":"first-click","rateBounds":"5..500"}');
  });

  it('rejects when the file cannot be written', async () => {
    await expect(writeHistory(join(dir, 'missing', 'x.jsonl'), [])).rejects.toThrow(/ENOENT/);
  });
});
