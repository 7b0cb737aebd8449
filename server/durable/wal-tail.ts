import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** SQLite's WAL layout (sqlite.org/fileformat.html#the_write_ahead_log): a 32-byte header, then frames. */
const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const PAGE_SIZE_OFFSET = 8;

export interface WalTail {
  readonly walBytes: number;
  /** Bytes after the last whole frame: a write that was cut while the WAL was being appended to. */
  readonly partialBytes: number;
}

/**
 * Looks at the WAL file before SQLite opens the database: a WAL whose length is not the header plus
 * whole frames ends in a partial frame. SQLite ignores such a frame (and every frame after the last
 * commit frame) by itself, so nothing is repaired here; the point is to say so rather than stay
 * silent. `undefined`: no WAL file, or one too short to hold a header.
 */
export function inspectWalTail(walPath: string): WalTail | undefined {
  let walBytes: number;
  try {
    walBytes = statSync(walPath).size;
  } catch {
    return undefined;
  }
  if (walBytes < WAL_HEADER_BYTES) return walBytes === 0 ? undefined : { walBytes, partialBytes: walBytes };
  const header = Buffer.alloc(WAL_HEADER_BYTES);
  const fd = openSync(walPath, 'r');
  try {
    readSync(fd, header, 0, WAL_HEADER_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  const pageSize = header.readUInt32BE(PAGE_SIZE_OFFSET);
  if (pageSize < 512) return { walBytes, partialBytes: walBytes - WAL_HEADER_BYTES };
  const partialBytes = (walBytes - WAL_HEADER_BYTES) % (pageSize + FRAME_HEADER_BYTES);
  return { walBytes, partialBytes };
}
