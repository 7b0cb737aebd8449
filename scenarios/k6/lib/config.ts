import { durationSeconds, RATE_MAX } from './k6-duration.js';

export { durationSeconds, RATE_MAX };

/**
 * A script's settings from the environment (`k6 run -e RATE=50 …`, or exported variables):
 * `BASE_URL`, `RATE`, `DURATION`, `FIXTURES`, `RUN_ID`, `SUMMARY_DIR`. A bad value stops the run
 * in the init stage with a message naming the variable, before any request is sent.
 */
export interface LoadConfig {
  readonly baseUrl: string;
  /** Iterations per second that the script's main scenario starts (arrival rate). */
  readonly rate: number;
  /** A k6 duration, like `30s` or `1m30s`. */
  readonly duration: string;
  readonly durationS: number;
  /** Directory written by `affsim fixtures` (absolute, or relative to the bundle: k6's `open`). */
  readonly fixturesDir: string;
  /** Where handleSummary writes its JSON and JUnit files: an existing directory (k6 creates none). */
  readonly summaryDir: string;
  readonly colors: boolean;
}

export interface ConfigDefaults {
  readonly rate: number;
  readonly duration: string;
}

/** `npm run load` writes fixtures here; relative paths in `open` are relative to the bundle (dist/k6/). */
export const DEFAULT_FIXTURES = '../../out/k6/fixtures';

export function loadConfig(defaults: ConfigDefaults): LoadConfig {
  const baseUrl = (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+$/.test(baseUrl)) {
    throw new Error(`BASE_URL=${__ENV.BASE_URL}: expected an origin like http://127.0.0.1:8080`);
  }
  const rateText = __ENV.RATE || String(defaults.rate);
  const rate = /^\d+$/.test(rateText) ? Number(rateText) : Number.NaN;
  if (!(rate >= 1 && rate <= RATE_MAX)) {
    throw new Error(`RATE=${rateText}: expected whole iterations per second, 1..${RATE_MAX}`);
  }
  const duration = __ENV.DURATION || defaults.duration;
  const durationS = durationSeconds(duration);
  if (durationS === undefined || durationS < 1) {
    throw new Error(`DURATION=${duration}: expected a k6 duration of at least 1s, like 30s, 2m or 1m30s`);
  }
  return {
    baseUrl,
    rate,
    duration,
    durationS,
    fixturesDir: (__ENV.FIXTURES || DEFAULT_FIXTURES).replace(/\/+$/, ''),
    summaryDir: (__ENV.SUMMARY_DIR || '.').replace(/\/+$/, ''),
    colors: __ENV.SUMMARY_COLORS === '1',
  };
}

/** A run's id, unique per run so that a second run against the same server never reuses an event id (R17). */
export function runId(): string {
  const given = __ENV.RUN_ID;
  if (given === undefined || given === '') return Date.now().toString(36);
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(given)) {
    throw new Error(`RUN_ID=${given}: expected 1..40 letters, digits, - or _`);
  }
  return given;
}
