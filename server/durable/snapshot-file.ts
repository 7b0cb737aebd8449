import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** A stored snapshot: the state after every journal row up to `seq` (snapshot-codec.ts), and its digest. */
export interface StoredSnapshot {
  readonly seq: number;
  readonly body: Uint8Array;
  readonly digest: string;
}

/** The first line of a snapshot file; the JSON header line and the body follow. */
const MAGIC = 'affsim-snapshot 1\n';

/**
 * The data dir's latest snapshot, in a file of its own beside the journal: a header line (the
 * row it was taken after, its body's digest and length) and the body. A separate file, not a row
 * of the journal's database: a snapshot is one large blob (~190 bytes per stored event, so ~190 MB
 * at a million) that SQLite would write twice (WAL, then checkpoint) in 4 KiB pages and keep
 * twice while the next replaces it; as a file it is one sequential write. Replaced atomically:
 * written to `PATH.tmp` and renamed over PATH, so a crash leaves the old snapshot or the new one,
 * never a mix (a torn `.tmp` is never read), and the length and digest catch what a power loss
 * tore (`write`).
 */
export class SnapshotFile {
  constructor(readonly path: string) {}

  /** The snapshot, undefined when there is none, or why the file cannot be one (damaged, foreign). */
  read(): { ok: true; stored: StoredSnapshot } | { ok: false; why: string } | undefined {
    let file: Buffer;
    try {
      file = readWhole(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      return { ok: false, why: `${this.path} cannot be read (${(e as Error).message})` };
    }
    if (file.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
      return { ok: false, why: `${this.path} is not an affsim snapshot file` };
    }
    const end = file.indexOf(10, MAGIC.length);
    const header = end < 0 ? undefined : safeHeader(file.subarray(MAGIC.length, end).toString('utf8'));
    if (header === undefined) return { ok: false, why: `${this.path} has a damaged header` };
    const body = file.subarray(end + 1);
    if (body.byteLength !== header.bytes) {
      return {
        ok: false,
        why: `${this.path} holds ${body.byteLength} bytes of state, not the ${header.bytes} its header says (cut short)`,
      };
    }
    return { ok: true, stored: { seq: header.seq, digest: header.digest, body } };
  }

  /**
   * Replaces the snapshot (atomically, see above). `fsync` (`--durability power`): the file is on
   * disk before the rename. Without it a power loss may leave a renamed file whose content never
   * reached the disk: its length or digest then fails, and the start replays every row (slower,
   * nothing lost), so only `power` pays for the flush.
   */
  write(snapshot: StoredSnapshot, fsync: boolean): void {
    const tmp = `${this.path}.tmp`;
    const header = JSON.stringify({
      seq: snapshot.seq,
      digest: snapshot.digest,
      bytes: snapshot.body.byteLength,
    });
    const fd = openSync(tmp, 'w');
    try {
      writeAll(fd, Buffer.from(`${MAGIC}${header}\n`, 'utf8'));
      writeAll(fd, snapshot.body);
      if (fsync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    if (fsync) fsyncDirectory(dirname(this.path));
  }

  /** Deletes the snapshot (one that cannot be restored): the next start replays every row. */
  drop(): void {
    rmSync(this.path, { force: true });
    rmSync(`${this.path}.tmp`, { force: true });
  }
}

/**
 * The whole file in one Buffer, read in pieces: readFileSync refuses files over 2 GiB, which a
 * snapshot of ~11 M stored events reaches (a Buffer itself may hold up to 4 GiB on Node 20).
 */
function readWhole(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const file = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const n = readSync(fd, file, at, Math.min(size - at, 1 << 30), at);
      if (n === 0) return file.subarray(0, at);
      at += n;
    }
    return file;
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
}

/** Makes the rename itself durable (POSIX: the directory entry lives in the directory). */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is then as durable as they make it.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function safeHeader(text: string): { seq: number; digest: string; bytes: number } | undefined {
  try {
    const h = JSON.parse(text) as { seq?: unknown; digest?: unknown; bytes?: unknown };
    if (
      Number.isSafeInteger(h.seq) &&
      (h.seq as number) >= 0 &&
      typeof h.digest === 'string' &&
      Number.isSafeInteger(h.bytes) &&
      (h.bytes as number) >= 0
    )
      return { seq: h.seq as number, digest: h.digest, bytes: h.bytes as number };
    return undefined;
  } catch {
    return undefined;
  }
}
