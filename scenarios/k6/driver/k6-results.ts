import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { type Timeline, TimelineBuilder } from './k6-timeline.js';

/**
 * The `--out json=<file>` argument `affsim load` gives k6: gzip-compressed (k6 compresses a
 * `.gz` file name itself, from v0.48 on at least), about a tenth of the plain size.
 */
export const pointsFileName = (script: string): string => `${script}-points.json.gz`;

/**
 * Reads a k6 JSON output file (gzipped when its name ends in `.gz`) line by line into the
 * per-second timeline: the file is never held in memory, only the aggregate.
 */
export async function readK6Timeline(path: string): Promise<Timeline> {
  const raw = createReadStream(path);
  const input: Readable = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  // A gzip stream cut short (k6 killed mid-write) ends in an error: what was read still counts.
  const failed = new Promise<Error>((resolve) => {
    raw.once('error', resolve);
    input.once('error', resolve);
  });
  const builder = new TimelineBuilder();
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const read = (async () => {
    for await (const line of lines) builder.addLine(line);
  })();
  const outcome = await Promise.race([read.then(() => undefined), failed]);
  if (outcome !== undefined) {
    lines.close();
    if ((outcome as NodeJS.ErrnoException).code === 'ENOENT') throw outcome;
    builder.unreadableLines += 1;
  }
  return builder.finish();
}
