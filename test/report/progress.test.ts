import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../sim/report/progress.js';

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  if (isTTY) {
    stream.isTTY = true;
    stream.columns = 160;
  }
  let text = '';
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('prints plain periodic lines in CI: events, simulated day, events/s, violations', () => {
    const out = capture(false);
    let now = 0;
    const progress = createProgress({
      totalDays: 10,
      stream: out.stream,
      ci: true,
      intervalMs: 5000,
      now: () => now,
    });
    for (let day = 1; day <= 10; day += 1) {
      now += 2000;
      progress.update({ day, events: day * 1000, violations: day >= 6 ? 2 : 0 });
    }
    progress.stop();
    const lines = out.text().trimEnd().split('\n');
    expect(lines[0]).toBe('affsim: day 1/10 (10%) · 1,000 events · 500 events/s · 0 violations · 2 s');
    // One line per 5 s of wall time (every 2.5 days here), and always the last day.
    expect(lines.map((l) => /day (\d+)/.exec(l)?.[1])).toEqual(['1', '4', '7', '10']);
    expect(lines.at(-1)).toBe(
      'affsim: day 10/10 (100%) · 10,000 events · 500 events/s · 2 violations · 20 s',
    );
  });

  it('prints the last state on stop when it was not printed yet', () => {
    const out = capture(false);
    let now = 0;
    const progress = createProgress({
      totalDays: 90,
      stream: out.stream,
      isTTY: false,
      ci: false,
      now: () => now,
    });
    progress.update({ day: 1, events: 10, violations: 0 });
    now += 1000;
    progress.update({ day: 2, events: 20, violations: 1 });
    progress.stop();
    progress.stop();
    expect(out.text().trimEnd().split('\n')).toEqual([
      'affsim: day 1/90 (1%) · 10 events · – events/s · 0 violations · 0 ms',
      'affsim: day 2/90 (2%) · 20 events · 20 events/s · 1 violation · 1 s',
    ]);
  });

  it('draws a bar on a terminal', () => {
    const out = capture(true);
    let now = 0;
    const progress = createProgress({ totalDays: 4, stream: out.stream, ci: false, now: () => now });
    now += 2000;
    progress.update({ day: 2, events: 123_456, violations: 3 });
    progress.stop();
    const text = out.text();
    expect(text).toContain('█'.repeat(15));
    expect(text).toContain('day 2/4 | 123,456 events | 61,728 events/s | 3 violations');
    expect(text).toContain('\x1B[?25h'); // the cursor is shown again
  });
});
