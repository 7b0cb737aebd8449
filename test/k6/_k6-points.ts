/** Synthetic k6 `--out json` lines, shaped as k6 v0.48 writes them (checked against a real run). */
const T0 = Date.UTC(2026, 11, 2, 14, 0, 0);

const time = (ms: number) => {
  // k6 writes nanoseconds: nine fraction digits.
  const iso = new Date(T0 + Math.floor(ms)).toISOString().replace('Z', '');
  return `${iso}${String(Math.round((ms % 1) * 1e6)).padStart(6, '0')}Z`;
};

const point = (metric: string, ms: number, value: number, tags: Record<string, string>) =>
  JSON.stringify({ metric, type: 'Point', data: { time: time(ms), value, tags } });

/** The points one attribution request at `ms` (since T0) gives: its rate, duration, failure and checks. */
export function requestLines(
  ms: number,
  durationMs: number,
  opts: { wrong?: boolean; failed?: boolean; endpoint?: string } = {},
): string[] {
  const tags = { endpoint: opts.endpoint ?? 'attribution', scenario: 'attribution' };
  const checkTags = (check: string) => ({ check, group: '', scenario: 'attribution' });
  // A failed request (a 500) has no decision in its body: every check fails.
  const bad = opts.wrong || opts.failed;
  return [
    point('http_reqs', ms, 1, tags),
    point('http_req_duration', ms, durationMs, tags),
    point('http_req_failed', ms, opts.failed ? 1 : 0, tags),
    point('checks', ms, opts.failed ? 0 : 1, checkTags('attribution: 200')),
    point('checks', ms, bad ? 0 : 1, checkTags('attribution: commission')),
    point('checks', ms, bad ? 0 : 1, checkTags('attribution: whole decision')),
  ];
}

/** A request k6 cut off when a threshold aborted the run: no request metrics, every check failed at status 0. */
export function cancelledLines(ms: number): string[] {
  const checkTags = (check: string) => ({ check, group: '', scenario: 'attribution' });
  return ['attribution: 200', 'attribution: commission', 'attribution: whole decision'].map((check) =>
    point('checks', ms, 0, checkTags(check)),
  );
}

/** The check points of one read through an adapter's k6 part (adapter-read.ts), right or wrong or cut off. */
export function adapterCheckLines(ms: number, outcome: 'right' | 'wrong' | 'cut off'): string[] {
  const checkTags = (check: string) => ({ check, group: '', scenario: 'attribution' });
  const passes = (check: string) =>
    outcome === 'right' ||
    (outcome === 'wrong' && (check === 'attribution: a response' || check === 'attribution: answered'));
  return [
    'attribution: a response',
    'attribution: answered',
    'attribution: affiliate',
    'attribution: every compared field',
  ].map((check) => point('checks', ms, passes(check) ? 1 : 0, checkTags(check)));
}

export const droppedLine = (ms: number): string =>
  point('dropped_iterations', ms, 1, { scenario: 'attribution' });

export const metricDeclaration = JSON.stringify({
  type: 'Metric',
  data: { name: 'checks', type: 'rate', contains: 'default', thresholds: [], submetrics: null },
  metric: 'checks',
});

/** `perSecond[i]` requests spread evenly over second i, each taking `durationMs(i, n)`. */
export function rampLines(
  perSecond: readonly number[],
  durationMs: (second: number, n: number) => number = () => 5,
  opts: (second: number, n: number) => { wrong?: boolean; failed?: boolean; endpoint?: string } = () => ({}),
): string[] {
  return perSecond.flatMap((count, second) =>
    Array.from({ length: count }, (_, n) =>
      requestLines(second * 1000 + (n * 1000) / count, durationMs(second, n), opts(second, n)),
    ).flat(),
  );
}
