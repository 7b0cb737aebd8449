import type { Writable } from 'node:stream';
import { oneLine } from '../run/target-error.js';

/**
 * The CLI's last resort (issue 12): an error nothing caught (a socket 'error' event without a
 * listener, a rejected promise nobody awaited) must not kill a run that has been checking for
 * minutes without a word. While a run is guarded (`guardRun`), such an error stops the run, which
 * still writes what it checked and exits 3; otherwise the process prints one line and exits 3.
 * A stack trace only with AFFSIM_DEBUG set: the user cannot act on one, a developer can ask.
 */
export const DEBUG_ENV = 'AFFSIM_DEBUG';

let guard: ((e: unknown) => void) | undefined;

/**
 * While the returned function is not called, a fatal error goes to `onFatal` (once: the run is
 * already stopping at the second) instead of ending the process.
 */
export function guardRun(onFatal: (e: unknown) => void): () => void {
  let fired = false;
  const mine = (e: unknown) => {
    if (fired) return;
    fired = true;
    onFatal(e);
  };
  guard = mine;
  return () => {
    if (guard === mine) guard = undefined;
  };
}

/**
 * Installs the process-wide handlers (the bin calls this once): during a guarded run the run
 * stops; otherwise one line on `stderr` and `exit(3)`.
 */
export function installLastResort(stderr: Writable, exit: (code: number) => void): void {
  const handle = (e: unknown) => {
    if (guard !== undefined) {
      guard(e);
      return;
    }
    stderr.write(fatalLine(e));
    exit(3);
  };
  process.on('uncaughtException', handle);
  process.on('unhandledRejection', handle);
}

/** `affsim: unexpected failure: read ECONNRESET (ECONNRESET)…`, or the stack with AFFSIM_DEBUG. */
export function fatalLine(e: unknown, debug = process.env[DEBUG_ENV]): string {
  const error = e as { message?: unknown; code?: unknown; stack?: unknown };
  if (debug && typeof error?.stack === 'string') return `affsim: unexpected failure: ${error.stack}\n`;
  const message = oneLine(String(error?.message ?? e));
  const code = typeof error?.code === 'string' && !message.includes(error.code) ? ` (${error.code})` : '';
  return `affsim: unexpected failure: ${message}${code} (${DEBUG_ENV}=1 prints the stack trace)\n`;
}
