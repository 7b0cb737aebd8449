import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { formatCount, formatDurationMs } from './_format.js';

export interface ProgressOptions {
  /** Simulated days of the run: the bar is full when `day` reaches it. */
  readonly totalDays: number;
  /** Where progress goes: stderr in the bin, so stdout stays the summary (or JSON). */
  readonly stream: Writable;
  /** A bar that redraws in place; default: whether the stream is a terminal. */
  readonly isTTY?: boolean;
  /** CI logs keep every byte, so a redrawing bar would flood them; default: `CI` set in the environment. */
  readonly ci?: boolean;
  /** Plain lines: at most one per interval (default 10 s); the last day always prints. */
  readonly intervalMs?: number;
  /** The wall clock for events/s (progress is a wall-time metric, never part of the result). */
  readonly now?: () => number;
}

export interface ProgressUpdate {
  /** Simulated days done so far, 0…totalDays. */
  readonly day: number;
  /** Events sent so far. */
  readonly events: number;
  /** Violations found so far. */
  readonly violations: number;
}

export interface Progress {
  update(state: ProgressUpdate): void;
  /** Draws the final state and releases the terminal; call it in `finally`. */
  stop(): void;
}

/** A progress bar on a terminal, plain periodic lines in CI or when piped (issue 5). */
export function createProgress(options: ProgressOptions): Progress {
  const isTTY = options.isTTY ?? (options.stream as { isTTY?: boolean }).isTTY === true;
  const ci = options.ci ?? isCi(process.env.CI);
  const now = options.now ?? Date.now;
  return isTTY && !ci ? barProgress(options, now) : lineProgress(options, now);
}

function isCi(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

function eventsPerSecond(events: number, elapsedMs: number): string {
  return elapsedMs > 0 ? formatCount((events * 1000) / elapsedMs) : '–';
}

function barProgress(options: ProgressOptions, now: () => number): Progress {
  const startedAt = now();
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream as NodeJS.WritableStream,
      format:
        '{bar} day {value}/{total} | {events} events | {rate} events/s | {violations} violations | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = (s: ProgressUpdate) => ({
    events: formatCount(s.events),
    rate: eventsPerSecond(s.events, now() - startedAt),
    violations: formatCount(s.violations),
  });
  bar.start(options.totalDays, 0, payload({ day: 0, events: 0, violations: 0 }));
  let stopped = false;
  return {
    update(state) {
      if (!stopped) bar.update(Math.min(state.day, options.totalDays), payload(state));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

function lineProgress(options: ProgressOptions, now: () => number): Progress {
  const intervalMs = options.intervalMs ?? 10_000;
  const startedAt = now();
  let last: ProgressUpdate | undefined;
  let printed: ProgressUpdate | undefined;
  let printedAt = Number.NEGATIVE_INFINITY;
  const print = (s: ProgressUpdate, at: number) => {
    const { totalDays } = options;
    const percent = totalDays > 0 ? Math.floor((s.day * 100) / totalDays) : 100;
    const parts = [
      `day ${s.day}/${totalDays} (${percent}%)`,
      `${formatCount(s.events)} events`,
      `${eventsPerSecond(s.events, at - startedAt)} events/s`,
      `${formatCount(s.violations)} violation${s.violations === 1 ? '' : 's'}`,
      formatDurationMs(at - startedAt),
    ];
    options.stream.write(`affsim: ${parts.join(' · ')}\n`);
    printed = s;
    printedAt = at;
  };
  let stopped = false;
  return {
    update(state) {
      if (stopped) return;
      last = state;
      const at = now();
      if (at - printedAt >= intervalMs || state.day >= options.totalDays) print(state, at);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      if (last !== undefined && last !== printed) print(last, now());
    },
  };
}
