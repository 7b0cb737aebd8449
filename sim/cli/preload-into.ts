import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TracedDisagreement } from '../check/format-disagreements.js';
import { tracedDisagreementLines } from '../check/format-disagreements.js';
import type { AffEvent } from '../domain/events.js';
import { FIXTURE_FILES, type FixtureLoad, type FixtureManifest } from '../fixtures/fixture-format.js';
import { timeOrderDelivery } from '../history/delivery-order.js';
import {
  type EventAnswer,
  sendEvents,
  type TargetContext,
  type TargetDefinition,
} from '../run/define-target.js';
import { readDecisionsInParallel, sendInParallel } from '../run/parallel-send.js';
import type { EventSender } from '../run/replay-history.js';
import { type ExitCode, type Io, writeAll } from './io.js';
import { loadHistory } from './load-history.js';
import { comparedWords, replayOnService } from './replay-on-service.js';

/**
 * `affsim fixtures --into URL [--target-adapter FILE]` (issue 15): the fixture history sent to a
 * running service and checked on the way, through the same replay as `affsim check
 * --target-adapter` (replay-on-service.ts), so the preload is itself a correctness check: every
 * answer (accepted, or refused with its rule) and then every order's decision on the adapter's
 * `compare` fields against the reference model. The manifest records what went where.
 */

export interface PreloadOptions {
  readonly dir: string;
  readonly manifest: FixtureManifest;
  readonly url: string;
  readonly adapterFile?: string;
  /** The adapter, loaded and checked (checkAdapter); affsim's API when absent. */
  readonly target?: TargetDefinition;
  /** Empty the service first through the adapter's reset(ctx) (`--reset`). */
  readonly reset: boolean;
  /** In-flight events at most, for an adapter that sends one event a request (`--concurrency`). */
  readonly concurrency: number;
  readonly io: Io;
}

/** Disagreements shown in full per rule; the rest are counted. */
const SHOWN_PER_RULE = 3;
/** Events per call of the adapter, so progress can be said between calls. */
const CHUNK_EVENTS = 5_000;

export async function preloadInto(options: PreloadOptions): Promise<ExitCode> {
  const { dir, manifest, url, adapterFile, target, io } = options;
  const { history, policy } = await loadHistory(join(dir, FIXTURE_FILES.history), []);
  // Time order, ties in recording order: inside the engine's ordering guarantee for any history
  // (server/README.md), and the order the model evaluates them in.
  const events = timeOrderDelivery(history.events).map((i) => history.events[i] as AffEvent);
  const oneByOne = target !== undefined && target.sendBatch === undefined;
  const where =
    adapterFile === undefined
      ? "affsim's API, in batches"
      : `the adapter ${adapterFile}${oneByOne ? `, up to ${options.concurrency} events at once` : ', in batches'}`;
  io.stdout.write(
    `loading ${count(events.length)} events into ${url} through ${where}${options.reset ? ', emptied first (--reset)' : ''}\n`,
  );
  const started = performance.now();
  let said = 0;
  // Sparingly: a line at each tenth of the history (at least CHUNK_EVENTS apart), none at the end.
  const step = Math.max(CHUNK_EVENTS, Math.ceil(events.length / 10));
  const progress = (done: number) => {
    if (done >= events.length || done < said + step) return;
    said = done - (done % step);
    const seconds = (performance.now() - started) / 1000;
    io.stdout.write(`  ${count(done)} of ${count(events.length)} events, ${rate(done, seconds)}\n`);
  };
  // An adapter with sendBatch (affsim's API has one) gets chunks in order; one that sends an
  // event a request gets several at once, never two that the ordering guarantee orders.
  const sender = (t: TargetDefinition, ctx: TargetContext): EventSender =>
    t.sendBatch === undefined
      ? (all) => sendInParallel(t, all, ctx, options.concurrency, progress)
      : chunkedSender(t, ctx, progress);
  // An adapter that reads one decision a request reads them --concurrency at once, too.
  const reading =
    target === undefined || target.readDecisions !== undefined
      ? target
      : {
          ...target,
          readDecisions: (ids: readonly string[], ctx: TargetContext) =>
            readDecisionsInParallel(target, ids, ctx, options.concurrency),
        };
  const service = await replayOnService(
    'fixtures',
    events,
    policy,
    { url, adapterFile, target: reading },
    io,
    [],
    {
      reset: options.reset,
      sender,
      // One connection an event in flight, so --concurrency is what the service sees.
      ...(target !== undefined && target.sendBatch === undefined ? { connections: options.concurrency } : {}),
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const unsupported = service.replay.answers.filter((a) => a.unsupported === true).length;
  const { disagreements, name, compared } = service;
  const load: FixtureLoad = {
    url,
    adapter: adapterFile ?? null,
    events: events.length,
    sent: events.length - unsupported,
    unsupported,
    orders: manifest.orders,
    compared: service.replay.orderIds.length,
    disagreements: disagreements.length,
    finishedAt: new Date().toISOString(),
  };
  const loaded: FixtureManifest = { ...manifest, loadedInto: load };
  await writeFile(join(dir, FIXTURE_FILES.manifest), `${JSON.stringify(loaded, null, 2)}\n`);

  const notSent =
    unsupported > 0
      ? ` (${count(unsupported)} of types it does not take not sent: the model applied them)`
      : '';
  io.stdout.write(
    `loaded ${name}: ${count(load.sent)} events sent${notSent}, ${count(load.compared)} decisions read back, in ${seconds.toFixed(1)} s wall: ${rate(load.sent, seconds)}\n`,
  );
  io.stdout.write(`checked every answer, and every decision on ${comparedWords(compared)}\n`);
  if (disagreements.length > 0) {
    await writeAll(io.stdout, limitedDisagreementLines(disagreements, name));
    io.stderr.write(
      `affsim fixtures: the reference model and ${name} disagree (${disagreements.length}); the manifest records the load\n`,
    );
    return 1;
  }
  io.stdout.write(`${name} agrees with the model on every answer and every compared field\n`);
  io.stdout.write(
    `next: npm run load -- attribution --target ${url}${adapterFile === undefined ? '' : ` --target-adapter ${adapterFile}`}\n`,
  );
  return 0;
}

/**
 * The adapter's own sending (sendEvents: its sendBatch, else one event at a time) called on
 * chunks in order, so progress can be said between them; the answers stay in the events' order.
 */
function chunkedSender(
  target: TargetDefinition,
  ctx: TargetContext,
  progress: (answered: number) => void,
): EventSender {
  return async (events) => {
    const answers: EventAnswer[] = [];
    for (let start = 0; start < events.length; start += CHUNK_EVENTS) {
      const chunk = events.slice(start, start + CHUNK_EVENTS);
      answers.push(...(await sendEvents(target, chunk, ctx)));
      progress(answers.length);
    }
    return answers;
  };
}

/**
 * The traced lines of `affsim check --target-adapter`, a few per rule: a planted bug is usually
 * hundreds of disagreements alike, and the first of each rule names its cause. The rest are counted.
 */
function* limitedDisagreementLines(
  disagreements: readonly TracedDisagreement[],
  name: string,
): Generator<string> {
  const byRule = new Map<string, TracedDisagreement[]>();
  for (const d of disagreements) {
    const list = byRule.get(d.cause.rule) ?? [];
    list.push(d);
    byRule.set(d.cause.rule, list);
  }
  const rules = [...byRule.entries()].map(([rule, list]) => `${rule} ${list.length}`).join(', ');
  yield `\n${disagreements.length} disagreement(s) with ${name}, by the rule of their cause: ${rules}\n`;
  for (const [rule, list] of byRule) {
    const shown = list.slice(0, SHOWN_PER_RULE);
    yield `\n${rule}: ${list.length} disagreement(s)${list.length > shown.length ? `, the first ${shown.length} shown` : ''}\n`;
    // Its lines without its heading, which would count only the few shown.
    const lines = tracedDisagreementLines(shown, name);
    lines.next();
    yield* lines;
    if (list.length > shown.length) yield `  … and ${list.length - shown.length} more under ${rule}\n`;
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function rate(events: number, seconds: number): string {
  return `${count(Math.round(events / Math.max(seconds, 0.001)))} events/s`;
}
