import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { AffEvent } from '../domain/events.js';
import { formatInstant } from '../domain/instant.js';
import type { PolicyOverrides } from '../domain/policy.js';

/**
 * Writes a history file (EVENTS.md): an optional policy line, then one event a line in recording
 * order, `at` as ISO-8601 UTC with milliseconds. Streams with backpressure, so a run of millions
 * of events never sits in memory as text. `readHistory` reads back exactly what this writes.
 */
export async function writeHistory(
  path: string,
  events: Iterable<AffEvent> | AsyncIterable<AffEvent>,
  policy?: PolicyOverrides,
): Promise<{ events: number }> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  let count = 0;
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await Promise.race([once(out, 'drain'), failed]);
  };
  try {
    if (policy !== undefined) await write(formatPolicyLine(policy));
    for await (const event of events) {
      await write(formatEventLine(event));
      count += 1;
    }
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  } finally {
    out.destroy();
  }
  return { events: count };
}

/** One event as a JSON line: `id`, `type`, `at` first (as in EVENTS.md), `at` in ISO-8601 UTC with ms. */
export function formatEventLine(event: AffEvent): string {
  const { id, type, at, ...fields } = event;
  return JSON.stringify({ id, type, at: formatInstant(at), ...fields });
}

/** The policy line; `rateBounds` written `"min..max"`, as on the command line. */
export function formatPolicyLine(policy: PolicyOverrides): string {
  const { rateBounds, ...rest } = policy;
  return JSON.stringify({
    type: 'policy',
    ...rest,
    ...(rateBounds === undefined ? {} : { rateBounds: `${rateBounds.minBps}..${rateBounds.maxBps}` }),
  });
}
