import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Runs the built `affsim` bin as a user would (the vitest globalSetup (test/_build-dist.ts) rebuilds it when stale). */
export const BIN = fileURLToPath(new URL('../../bin/affsim.js', import.meta.url));
export const MONTH = fileURLToPath(
  new URL('../../scenarios/examples/marketplace-month.jsonl', import.meta.url),
);
export const WORKED_EXAMPLE = fileURLToPath(
  new URL('../../scenarios/examples/worked-example.jsonl', import.meta.url),
);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function affsim(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'affsim-cli-'));
let files = 0;

/** Writes a history (lines of JSON values or raw text) to a fresh temporary file. */
export function historyFile(lines: readonly (string | object)[]): string {
  files += 1;
  const path = join(dir, `history-${files}.jsonl`);
  writeFileSync(path, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  return path;
}
