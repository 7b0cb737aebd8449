import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { formatPath } from '../history/input-error.js';
import type { RunResult } from './run-result.js';
import { runResultSchema } from './run-result-schema.js';

export const RESULT_FILE = 'result.json';
/** result.json holds counts, not events; one far past this is not a result file. */
export const RESULT_FILE_BYTES_MAX = 256 * 1024 * 1024;

/** A result file that is missing or malformed: the message names the file and the field. */
export class ResultFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface LoadedResult {
  /** The output directory the result came from (history files are relative to it). */
  readonly dir: string;
  readonly file: string;
  readonly result: RunResult;
}

/**
 * Loads `result.json` from each output directory of `affsim run` (a path to the file itself works
 * too), validated and in canonical form, in the order given.
 */
export async function readResultDirs(dirs: readonly string[]): Promise<LoadedResult[]> {
  return Promise.all(dirs.map(readResultDir));
}

async function readResultDir(path: string): Promise<LoadedResult> {
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => true,
  );
  const dir = isDir ? path : dirname(path);
  const file = isDir ? join(path, RESULT_FILE) : path;
  return { dir, file, result: parseResultJson(await readText(file), file) };
}

async function readText(file: string): Promise<string> {
  try {
    const { size } = await stat(file);
    if (size > RESULT_FILE_BYTES_MAX) {
      throw new ResultFileError(
        file,
        `${size} bytes, more than a result file can be (${RESULT_FILE_BYTES_MAX})`,
      );
    }
    return await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof ResultFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ResultFileError(file, 'not found (expected the --out directory of an affsim run)');
    }
    throw new ResultFileError(file, (e as Error).message);
  }
}

/** The text of a result.json, validated; the error names the file and the first bad field. */
export function parseResultJson(text: string, file: string): RunResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ResultFileError(file, `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = runResultSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const shown = issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? formatPath(i.path) : '(top level)'}: ${i.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  throw new ResultFileError(file, `not an affsim result: ${shown.join('; ')}${more}`);
}
