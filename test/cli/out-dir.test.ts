import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from '../../sim/cli/io.js';
import { prepareOutDir } from '../../sim/cli/out-dir.js';

const root = mkdtempSync(join(tmpdir(), 'affsim-out-dir-'));

describe('prepareOutDir', () => {
  test('accepts a missing directory under a writable one without creating it', async () => {
    const dir = join(root, 'a', 'b');
    await prepareOutDir(dir);
    expect(existsSync(join(root, 'a'))).toBe(false);
  });

  test('accepts an existing directory and leaves no probe behind', async () => {
    const dir = join(root, 'existing');
    mkdirSync(dir);
    await expect(prepareOutDir(dir)).resolves.toBeUndefined();
    expect(statSync(dir).isDirectory()).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });

  test.each([
    ['/proc/x', '--out /proc/x: /proc is a kernel file system, not a place for results'],
    ['/sys', '--out /sys: /sys is a kernel file system, not a place for results'],
  ])('refuses %s', async (dir, message) => {
    await expect(prepareOutDir(dir)).rejects.toThrow(new UsageError(message));
  });

  test('refuses a regular file, and a path through one, naming the flag', async () => {
    const file = join(root, 'file');
    writeFileSync(file, '');
    await expect(prepareOutDir(file)).rejects.toThrow(
      new UsageError(`--out ${file}: exists and is not a directory`),
    );
    await expect(prepareOutDir(join(file, 'sub'), '-o')).rejects.toThrow(
      new UsageError(
        `-o ${join(file, 'sub')}: cannot create the directory: a part of the path is a file, not a directory`,
      ),
    );
  });
});
