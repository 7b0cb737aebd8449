import { spawn } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';

export interface K6Run {
  readonly k6: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** SIGINT or SIGTERM here stops k6 gracefully (it still prints its summary). */
  readonly signals: EventEmitter;
}

/**
 * Runs k6 and resolves with its exit code (0 passed, 99 a threshold failed, 107 a script error…;
 * 128 + n when a signal n ended it). k6 runs in its own process group, so a Ctrl-C reaches it
 * once, forwarded from here: k6 treats a second interrupt as "abort without a summary".
 */
export function runK6(run: K6Run): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.k6, [...run.args], {
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    child.stdout.pipe(run.stdout, { end: false });
    child.stderr.pipe(run.stderr, { end: false });
    const stop = () => child.kill('SIGINT');
    run.signals.on('SIGINT', stop);
    run.signals.on('SIGTERM', stop);
    const done = () => {
      run.signals.off('SIGINT', stop);
      run.signals.off('SIGTERM', stop);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('close', (code, signal) => {
      done();
      const signalNumber = signal === null ? undefined : constants.signals[signal];
      resolve(code ?? 128 + (signalNumber ?? 0));
    });
  });
}
