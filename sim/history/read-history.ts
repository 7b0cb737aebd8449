import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AffEvent } from '../domain/events.js';
import type { PolicyOverrides } from '../domain/policy.js';
import type { InputError } from './input-error.js';
import { parseLine } from './parse-line.js';

/** How many input errors are collected before reading stops: enough to fix a file in one go. */
export const INPUT_ERRORS_MAX = 20;

export interface History {
  readonly policy: PolicyOverrides;
  readonly events: AffEvent[];
  /** The file line of each event, for messages. */
  readonly lines: number[];
}

export type HistoryRead =
  | { readonly ok: true; readonly history: History }
  | { readonly ok: false; readonly errors: InputError[] };

/** Accumulates lines into a history; shared by the file reader and the in-memory parser. */
class HistoryBuilder {
  readonly events: AffEvent[] = [];
  readonly lines: number[] = [];
  readonly errors: InputError[] = [];
  policy: PolicyOverrides = {};
  #sawPolicy = false;
  #sawContent = false;

  add(text: string, line: number): void {
    const trimmed = line === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (trimmed === '') return;
    const parsed = parseLine(trimmed, line);
    if (parsed.kind === 'error') {
      this.errors.push(...parsed.errors);
    } else if (parsed.kind === 'policy') {
      if (this.#sawPolicy) this.errors.push({ line, message: 'a history has at most one policy line' });
      else if (this.#sawContent)
        this.errors.push({ line, message: 'the policy line must come before every event' });
      this.#sawPolicy = true;
      this.policy = parsed.overrides;
    } else {
      this.events.push(parsed.event);
      this.lines.push(line);
    }
    this.#sawContent = true;
  }

  get full(): boolean {
    return this.errors.length >= INPUT_ERRORS_MAX;
  }

  result(): HistoryRead {
    if (this.errors.length > 0) return { ok: false, errors: this.errors.slice(0, INPUT_ERRORS_MAX) };
    return { ok: true, history: { policy: this.policy, events: this.events, lines: this.lines } };
  }
}

/** Reads a JSON Lines history as a stream, so a file of millions of events never sits in memory as text. */
export async function readHistory(path: string): Promise<HistoryRead> {
  const builder = new HistoryBuilder();
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    stream.once('ready', () => resolve(undefined));
    stream.once('error', resolve);
  });
  if (opened) return { ok: false, errors: [{ message: `cannot read ${path}: ${describeFsError(opened)}` }] };
  const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of reader) {
      line += 1;
      builder.add(text, line);
      if (builder.full) break;
    }
  } catch (e) {
    return {
      ok: false,
      errors: [{ message: `cannot read ${path}: ${describeFsError(e as NodeJS.ErrnoException)}` }],
    };
  } finally {
    reader.close();
    stream.destroy();
  }
  return builder.result();
}

export function parseHistoryText(text: string): HistoryRead {
  const builder = new HistoryBuilder();
  const rows = text.split(/\r?\n/);
  for (let i = 0; i < rows.length && !builder.full; i += 1) builder.add(rows[i] as string, i + 1);
  return builder.result();
}

function describeFsError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a history file';
    case 'EACCES':
      return 'permission denied';
    default:
      return e.message;
  }
}
