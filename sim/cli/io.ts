import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where a command writes: the process streams in the bin, buffers in tests. */
export interface Io {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/**
 * A command's result: 0 done, 1 a finding (disagreement, violation), 2 bad input or usage, 3 the
 * platform under test (or the infrastructure) failed; a command that runs another tool (`affsim
 * load` runs k6) passes that tool's own code through.
 */
export type ExitCode = 0 | 1 | 2 | 3 | (number & {});

/** Thrown for a user error: printed without a stack, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** Thrown when the platform under test fails (unreachable, timed out, 5xx): one line, no stack, exit 3. */
export class TargetFailure extends Error {}

/** Writes chunks with backpressure, so a million-row output streams instead of piling up in memory. */
export async function writeAll(stream: Writable, chunks: Iterable<string>): Promise<void> {
  let buffer = '';
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= 1 << 16) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  if (buffer !== '' && !stream.write(buffer)) await once(stream, 'drain');
}
