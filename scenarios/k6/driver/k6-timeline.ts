import { LatencyHistogram } from './latency-histogram.js';

/** One endpoint's requests in one second (the `endpoint` tag of scenarios/k6/lib/endpoint.ts). */
export interface EndpointSecond {
  requests: number;
  failed: number;
  readonly latency: LatencyHistogram;
}

/** Everything k6 measured in one wall-clock second of a run. */
export interface TimelineSecond {
  /** Seconds since the run's first point (0-based). */
  readonly second: number;
  readonly endpoints: Record<string, EndpointSecond>;
  checksPassed: number;
  checksFailed: number;
  /** Answers checked as a whole (the `attribution: whole decision` check): right, or not. */
  answersCorrect: number;
  answersWrong: number;
  /** Answers whose status was not 200 (`attribution: 200`): they fail the whole-decision check too. */
  answersWithoutStatus: number;
  droppedIterations: number;
}

export interface Timeline {
  /** UTC ms of the whole second in which the first point fell; empty runs have none. */
  readonly startMs: number | undefined;
  readonly seconds: readonly TimelineSecond[];
  readonly endpoints: readonly string[];
}

/**
 * The check run last on every answer, passing only when every field matched: decision-checks.ts's
 * in affsim's own mode, adapter-read.ts's (the adapter's compared fields) through a k6 part.
 */
export const WHOLE_ANSWER_CHECKS: ReadonlySet<string> = new Set([
  'attribution: whole decision',
  'attribution: every compared field',
]);
/** Their first check: a request that got no answer (cut off by k6's abort: status 0) fails both. */
export const ANSWER_STATUS_CHECKS: ReadonlySet<string> = new Set([
  'attribution: 200',
  'attribution: a response',
]);

/**
 * Answers that came back 200 and differ from the model's: the wrong answers proper. A request
 * with no answer (k6 cancels the requests in flight when a threshold aborts the run) or an error
 * status is not one; an error status is a failed request (http_req_failed).
 */
export function wrongAnswers(s: TimelineSecond): number {
  return Math.max(0, s.answersWrong - s.answersWithoutStatus);
}

interface K6Point {
  readonly type?: string;
  readonly metric?: string;
  readonly data?: { readonly time?: string; readonly value?: number; readonly tags?: Record<string, string> };
}

/**
 * Aggregates k6's `--out json` lines per second while they stream in: each point only bumps a
 * counter or a histogram bucket of its second, so memory grows with the run's length and the
 * spread of its latencies, never with its request count. Lines that are not points (metric
 * declarations) and metrics nothing here charts are skipped.
 */
export class TimelineBuilder {
  private readonly bySecond = new Map<number, TimelineSecond>();
  private readonly endpointNames = new Set<string>();
  private firstSecond: number | undefined;
  private lastSecond: number | undefined;
  /** Lines that were not JSON (a truncated last line of an aborted run): counted, not fatal. */
  unreadableLines = 0;

  addLine(line: string): void {
    if (line.trim() === '') return;
    let point: K6Point;
    try {
      point = JSON.parse(line) as K6Point;
    } catch {
      this.unreadableLines += 1;
      return;
    }
    if (point.type !== 'Point' || point.data?.time === undefined) return;
    const value = point.data.value ?? 0;
    const tags = point.data.tags ?? {};
    const timeMs = Date.parse(point.data.time);
    if (!Number.isFinite(timeMs)) return;
    switch (point.metric) {
      case 'http_reqs':
        this.endpoint(timeMs, tags).requests += value;
        break;
      case 'http_req_duration':
        this.endpoint(timeMs, tags).latency.add(value);
        break;
      case 'http_req_failed':
        if (value !== 0) this.endpoint(timeMs, tags).failed += 1;
        break;
      case 'checks': {
        const s = this.at(timeMs);
        const name = tags.check ?? '';
        if (value !== 0) {
          s.checksPassed += 1;
          if (WHOLE_ANSWER_CHECKS.has(name)) s.answersCorrect += 1;
        } else {
          s.checksFailed += 1;
          if (WHOLE_ANSWER_CHECKS.has(name)) s.answersWrong += 1;
          if (ANSWER_STATUS_CHECKS.has(name)) s.answersWithoutStatus += 1;
        }
        break;
      }
      case 'dropped_iterations':
        this.at(timeMs).droppedIterations += value;
        break;
    }
  }

  /** The seconds from the first point's to the last's, those without a point included (all zero). */
  finish(): Timeline {
    const first = this.firstSecond;
    const last = this.lastSecond;
    if (first === undefined || last === undefined) return { startMs: undefined, seconds: [], endpoints: [] };
    const seconds: TimelineSecond[] = [];
    for (let s = first; s <= last; s++) seconds.push(this.bySecond.get(s) ?? emptySecond(s - first));
    return { startMs: first * 1000, seconds, endpoints: [...this.endpointNames].sort() };
  }

  private at(timeMs: number): TimelineSecond {
    const absolute = Math.floor(timeMs / 1000);
    if (this.firstSecond === undefined || absolute < this.firstSecond) this.rebase(absolute);
    if (this.lastSecond === undefined || absolute > this.lastSecond) this.lastSecond = absolute;
    let s = this.bySecond.get(absolute);
    if (s === undefined) {
      s = emptySecond(absolute - (this.firstSecond as number));
      this.bySecond.set(absolute, s);
    }
    return s;
  }

  /** k6 flushes points in batches, slightly out of order: an earlier second renumbers the others. */
  private rebase(absolute: number): void {
    this.firstSecond = absolute;
    for (const [key, s] of this.bySecond) this.bySecond.set(key, { ...s, second: key - absolute });
  }

  private endpoint(timeMs: number, tags: Record<string, string>): EndpointSecond {
    const name = tags.endpoint ?? 'other';
    this.endpointNames.add(name);
    const s = this.at(timeMs);
    let e = s.endpoints[name];
    if (e === undefined) {
      e = { requests: 0, failed: 0, latency: new LatencyHistogram() };
      s.endpoints[name] = e;
    }
    return e;
  }
}

function emptySecond(second: number): TimelineSecond {
  return {
    second,
    endpoints: {},
    checksPassed: 0,
    checksFailed: 0,
    answersCorrect: 0,
    answersWrong: 0,
    answersWithoutStatus: 0,
    droppedIterations: 0,
  };
}
