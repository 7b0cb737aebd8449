import { appendFileSync } from 'node:fs';

/**
 * One figure of `npm run bench -- --json` (issue 12): a value, optionally the figure it is a ratio
 * of (measured in the same run: these machines are shared and noisy, so only ratios compare across
 * runs), and the target it must meet. The runner (run-benches.ts) fills `baselineValue` from the
 * named baseline when a benchmark leaves it out, then `ratio` and `met`.
 */
export interface BenchFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** The name of the figure this one is compared with, when the target is a ratio. */
  readonly baseline?: string;
  readonly baselineValue?: number;
  readonly target?: BenchTarget;
  /** What the figure measured, for a reader: sizes, counts, settings. */
  readonly detail?: string;
}

/** `of: 'ratio'` compares value / baselineValue with the bound; `of: 'value'` the value itself. */
export interface BenchTarget {
  readonly of: 'ratio' | 'value';
  readonly op: '>=' | '<=';
  readonly bound: number;
}

export interface JudgedFigure extends Omit<BenchFigure, 'baseline' | 'baselineValue' | 'target'> {
  readonly baseline: string | null;
  readonly baselineValue: number | null;
  readonly ratio: number | null;
  readonly target: BenchTarget | null;
  /** null when the figure has no target, or its baseline was not measured in this run. */
  readonly met: boolean | null;
}

/**
 * Records a figure for the runner: one JSON line appended to the file named by BENCH_RESULTS (the
 * runner sets it); without it (a benchmark run by hand) the figure is only printed by its bench.
 */
export function recordFigure(figure: BenchFigure): void {
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** Resolves baselines by name among the run's figures, then each ratio and whether it meets its target. */
export function judgeFigures(figures: readonly BenchFigure[]): JudgedFigure[] {
  const byName = new Map(figures.map((f) => [f.name, f.value]));
  return figures.map((f) => {
    const baselineValue = f.baselineValue ?? (f.baseline === undefined ? undefined : byName.get(f.baseline));
    const exact = baselineValue === undefined || baselineValue === 0 ? null : f.value / baselineValue;
    const target = f.target ?? null;
    // Judged on the exact ratio: a rounded 0.8997 would pass a bound of 0.9.
    const compared = target === null ? null : target.of === 'ratio' ? exact : f.value;
    const met =
      target === null || compared === null
        ? null
        : target.op === '>='
          ? compared >= target.bound
          : compared <= target.bound;
    return {
      ...f,
      baseline: f.baseline ?? null,
      baselineValue: baselineValue ?? null,
      ratio: exact === null ? null : round(exact, 3),
      target,
      met,
    };
  });
}

export function describeTarget(t: BenchTarget, baseline: string | null): string {
  return t.of === 'ratio' ? `${t.op} ${t.bound} × ${baseline}` : `${t.op} ${t.bound}`;
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
