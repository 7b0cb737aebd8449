import { constants } from 'node:fs';
import { access, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './io.js';

/** Kernel file systems: never a place for results (creating a directory in /proc can spin forever). */
const SYSTEM_DIRS = ['/proc', '/sys'];

/**
 * Checks, before any work starts, that `dir` can take a command's output, without creating it (a
 * run that then fails on a bad scenario leaves nothing behind): an existing `dir` must be a
 * directory that takes a file (a probe, written and removed); a missing one needs its nearest
 * existing parent to be a writable directory. A problem is a UsageError of one line naming `flag`
 * and the reason (exit 2), never a stack trace; /proc and /sys are refused outright (creating a
 * directory there can spin forever).
 */
export async function prepareOutDir(dir: string, flag = '--out'): Promise<void> {
  const refuse = (reason: string): never => {
    throw new UsageError(`${flag} ${dir}: ${reason}`);
  };
  const absolute = resolve(dir);
  const real = await realPath(absolute);
  const system = SYSTEM_DIRS.find((d) => real === d || real.startsWith(`${d}${sep}`));
  if (system !== undefined) refuse(`${system} is a kernel file system, not a place for results`);
  const existing = await stat(absolute).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) refuse('exists and is not a directory');
  if (existing === undefined) {
    const parent = await nearestExisting(absolute);
    if (!(await stat(parent)).isDirectory())
      refuse('cannot create the directory: a part of the path is a file, not a directory');
    await access(parent, constants.W_OK).catch((e: unknown) =>
      refuse(`cannot create the directory: ${reason(e)}`),
    );
    return;
  }
  const probe = join(absolute, `.affsim-write-probe-${process.pid}`);
  try {
    await writeFile(probe, '');
  } catch (e) {
    refuse(`cannot write in the directory: ${reason(e)}`);
  }
  await rm(probe, { force: true });
}

/** The longest part of `path` that exists (the root at worst). */
async function nearestExisting(path: string): Promise<string> {
  let at = path;
  while (dirname(at) !== at) {
    at = dirname(at);
    if ((await stat(at).catch(() => undefined)) !== undefined) return at;
  }
  return at;
}

/** `path` with the symbolic links of its longest existing part resolved (/dev/fd is in /proc). */
async function realPath(path: string): Promise<string> {
  let existing = path;
  for (;;) {
    const real = await realpath(existing).catch(() => undefined);
    if (real !== undefined) return join(real, relative(existing, path));
    if (dirname(existing) === existing) return path;
    existing = dirname(existing);
  }
}

function reason(e: unknown): string {
  const { code, message } = e as NodeJS.ErrnoException;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return message;
  }
}
