import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createPlatform } from '../../server/app.js';
import type { Durability } from '../../server/durable/journal.js';
import { JOURNAL_FILE } from '../../server/durable/open-data-dir.js';
import { DEFAULT_SNAPSHOT_EVERY, writeSnapshot } from '../../server/durable/snapshot-writer.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { createLogger } from '../../server/http/logger.js';
import type { AffEvent } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { durableApp as sharedDurableApp } from '../durable/durable-app.js';

import { recordFigure } from './bench-result.js';
/** Events/s through the batch endpoint in-process, `batch` events per request. */
export async function batchIngestRate(app: Hono, events: readonly AffEvent[], batch = 1000): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    const res = await app.request('/events/batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: events.slice(i, i + batch) }),
    });
    await res.arrayBuffer();
  }
  return events.length / ((performance.now() - t) / 1000);
}

/**
 * The platform on a data dir, as `affsim serve --data-dir` builds it (test/durable/durable-app.ts);
 * `snapshotEvery` 0 (none) unless given: a start then replays every row.
 */
const durableApp = (dir: string, durability: Durability, snapshotEvery = 0) =>
  sharedDurableApp(dir, DEFAULT_POLICY, undefined, durability, undefined, snapshotEvery);

/**
 * `affsim serve --data-dir`: the batch endpoint with the journal (both durabilities) against the
 * same endpoint in memory, measured in this run; the bytes on disk per event; and the replay rate
 * on start for the first `replaySizes` events of `history` (journals written through the journaled
 * engine without HTTP, closed, then reopened), against a start from a snapshot of the same state. A journal stores fewer rows than events: the
 * history's retried copies are R17 repeats.
 */
export async function durableBench(
  events: readonly AffEvent[],
  history: readonly AffEvent[],
  replaySizes: readonly number[],
  fmt: (n: number) => string,
): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'affsim-durable-bench-'));
  try {
    // Memory, process and power in turn, twice, the better of each kept: on a shared machine one
    // pass of each in a row mostly measures whoever else was running at that moment.
    const best = { memory: 0, process: 0, power: 0 };
    let bytesPerEvent = 0;
    for (let round = 0; round < 2; round += 1) {
      const memory = createPlatform({
        auth: NO_AUTH,
        policy: DEFAULT_POLICY,
        logger: createLogger('silent'),
      }).app;
      best.memory = Math.max(best.memory, await batchIngestRate(memory, events));
      for (const durability of ['process', 'power'] as const) {
        const dir = join(root, `${durability}-${round}`);
        const { app, durable } = durableApp(dir, durability);
        best[durability] = Math.max(best[durability], await batchIngestRate(app, events));
        const stored = durable.journal.count();
        durable.journal.close(); // checkpoints the WAL into the main file
        bytesPerEvent = statSync(join(dir, JOURNAL_FILE)).size / stored;
      }
    }
    console.log(`\n--data-dir (the journal), batch endpoint in-process, ${events.length} events, best of 2`);
    console.log(`in memory              ${fmt(best.memory)} events/s`);
    for (const durability of ['process', 'power'] as const) {
      console.log(
        `durability ${durability.padEnd(8)}    ${fmt(best[durability])} events/s  (ratio to memory ${(best[durability] / best.memory).toFixed(2)})`,
      );
    }
    console.log(`on disk                ${fmt(bytesPerEvent)} bytes/event (checkpointed database file)`);
    const how = `${events.length} events, 1000 per batch, app.request in-process, best of 2`;
    recordFigure({ name: 'durable.memory.eps', value: best.memory, unit: 'events/s', detail: how });
    for (const durability of ['process', 'power'] as const) {
      recordFigure({
        name: `durable.${durability}.eps`,
        value: best[durability],
        unit: 'events/s',
        baseline: 'durable.memory.eps',
        detail: `${how}; --data-dir --durability ${durability}`,
      });
    }
    recordFigure({ name: 'durable.bytesPerEvent', value: Math.round(bytesPerEvent), unit: 'bytes/event' });
    for (const size of replaySizes) {
      const dir = join(root, `replay-${size}`);
      const { durable } = durableApp(dir, 'process');
      for (let i = 0; i < size; i += 10_000) {
        for (const event of history.slice(i, Math.min(i + 10_000, size))) durable.engine.submit(event);
        durable.engine.commit();
      }
      const stored = durable.journal.count();
      durable.journal.close();
      const reopened = durableApp(dir, 'process').durable;
      const { replayed, ms } = reopened.report;
      recordFigure({
        name: `durable.replay.${size}.eps`,
        value: replayed / (ms / 1000),
        unit: 'events/s',
        detail: `${stored} stored events replayed in ${(ms / 1000).toFixed(1)} s`,
      });
      console.log(
        `replay on start, ${fmt(stored)} stored events  ${fmt(replayed / (ms / 1000))} events/s  (${(ms / 1000).toFixed(1)} s)`,
      );
      // The same state as a snapshot (what `serve` writes every --snapshot-every events and on a
      // graceful stop): what writing it pauses, its size, and a start that restores it instead.
      const written = writeSnapshot(reopened.engine, reopened.journal);
      reopened.journal.close();
      const restored = durableApp(dir, 'process', DEFAULT_SNAPSHOT_EVERY).durable;
      const start = restored.report;
      restored.journal.close();
      if (start.snapshot === undefined || start.replayed !== 0)
        throw new Error('the snapshot was not restored');
      recordFigure({
        name: `durable.start.${size}.replayMs`,
        value: ms,
        unit: 'ms',
        detail: `${stored} rows replayed`,
      });
      recordFigure({
        name: `durable.start.${size}.snapshotMs`,
        value: Math.round(start.ms),
        unit: 'ms',
        baseline: `durable.start.${size}.replayMs`,
        // Where a snapshot matters, a long replay: a small one is dominated by opening the files.
        ...(size === Math.max(...replaySizes)
          ? { target: { of: 'ratio' as const, op: '<=' as const, bound: 0.25 } }
          : {}),
        detail: `the snapshot after row ${written.seq} restored (${fmt(written.bytes / 2 ** 20)} MiB), 0 rows replayed`,
      });
      recordFigure({
        name: `durable.snapshot.${size}.writeMs`,
        value: Math.round(written.ms),
        unit: 'ms',
        detail: `${fmt(written.bytes)} bytes (${(written.bytes / stored).toFixed(0)} bytes/stored event): the pause of the commit that writes it`,
      });
      console.log(
        `start from a snapshot, ${fmt(stored)} stored events  ${(start.ms / 1000).toFixed(2)} s  (ratio to replay ${(start.ms / ms).toFixed(3)}); writing it ${(written.ms / 1000).toFixed(2)} s, ${fmt(written.bytes / 2 ** 20)} MiB`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
