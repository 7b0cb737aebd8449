import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../sim/run/run-result.js';
import type { Catcher } from './catchers.js';

/** The repository: this file runs built, from dist/test/zoo/, or as source from test/zoo/. */
const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, /[\\/]dist[\\/]test[\\/]zoo[\\/]?$/.test(HERE) ? '../../..' : '../..');
const AFFSIM = join(REPO, 'bin', 'affsim.js');
const VITEST = join(REPO, 'node_modules', 'vitest', 'vitest.mjs');

/** Longest a zoo step may take before it counts as a failure of the zoo itself. */
const STEP_TIMEOUT_MS = 300_000;

export interface Exit {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs `node <args>` in the repository, capturing its output; a timeout is exit 124. */
export function node(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO,
      env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 124, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** What a catching run found first: its first group's first example. */
export interface Catch {
  readonly caughtBy: string;
  readonly seconds: number;
  /** The first violation group's title and the example's cause. */
  readonly cause: string;
  /** The example's history (shrunk when the platform could be replayed), relative to the repository. */
  readonly history: string;
  readonly historyEvents: number;
  readonly historyForm: string;
}

export type SimulationOutcome =
  | { readonly kind: 'caught'; readonly found: Catch; readonly secondsTried: number }
  | { readonly kind: 'missed'; readonly secondsTried: number }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Tries the catchers in order on the mutant until one exits 1; `outDir` keeps each try's output
 * (the catching run's stays, with its violation histories).
 */
export async function trySimulations(
  mutant: string,
  catchers: readonly Catcher[],
  outDir: string,
): Promise<SimulationOutcome> {
  let seconds = 0;
  for (const [i, c] of catchers.entries()) {
    const out = join(outDir, `${String(i).padStart(2, '0')}-${c.label.replace(/\W+/g, '-')}`);
    const run = await node([AFFSIM, ...c.args, '--mutant', mutant, '--max-violations', '1', '--out', out]);
    seconds += run.seconds;
    if (run.code === 0) {
      rmSync(out, { recursive: true, force: true });
      continue;
    }
    if (run.code !== 1) {
      return {
        kind: 'error',
        message: `affsim ${c.args.join(' ')} --mutant ${mutant} exited ${run.code}: ${lastLines(run.stderr)}`,
      };
    }
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
    // The first group's example, or the first example that shrank (a replay confirmed it) if that one did not.
    const first = result.violations.find((v) => v.fingerprint === result.violationGroups[0]?.fingerprint);
    const example =
      first?.history.form === 'shrunk'
        ? first
        : (result.violations.find((v) => v.history.form === 'shrunk') ?? first);
    const group = result.violationGroups.find((g) => g.fingerprint === example?.fingerprint);
    if (group === undefined || example === undefined) {
      return { kind: 'error', message: `${c.label} exited 1 without a violation in ${out}/result.json` };
    }
    return {
      kind: 'caught',
      secondsTried: seconds,
      found: {
        caughtBy: c.label,
        seconds,
        cause: `${group.title}: ${example.cause.text}`,
        history: relative(REPO, join(out, example.historyFile)),
        historyEvents: example.history.events,
        historyForm: example.history.form,
      },
    };
  }
  return { kind: 'missed', secondsTried: seconds };
}

/** `affsim check` on the history: the mutant must differ from the model (exit 1), the real platform not (exit 0). */
export async function confirmHistory(
  mutant: string,
  history: string,
): Promise<{ ok: boolean; note: string }> {
  // As the run's violations say to check them: in the order the run sent the events.
  const withMutant = await node([AFFSIM, 'check', history, '--delivery', 'recorded', '--mutant', mutant]);
  const withPlatform = await node([AFFSIM, 'check', history, '--delivery', 'recorded']);
  const ok = withMutant.code === 1 && withPlatform.code === 0;
  return {
    ok,
    note: ok
      ? ''
      : `affsim check ${history}: exit ${withMutant.code} with --mutant ${mutant} (expected 1), ${withPlatform.code} without (expected 0)`,
  };
}

/** The model-based property suite and the rule cases of the server, run against the mutant. */
export const PROPERTY_FILES = [
  'test/server/model-comparison.test.ts',
  'test/server/rule-cases.test.ts',
] as const;

export interface PropertiesOutcome {
  /** The model-based properties (server = model) failed on the mutant. */
  readonly propertiesCaught: boolean;
  /** The hand-computed rule cases failed on it. */
  readonly ruleCasesCaught: boolean;
  readonly seconds: number;
  readonly error?: string;
}

export async function tryProperties(mutant: string, fcSeed: number): Promise<PropertiesOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'affsim-zoo-vitest-'));
  const report = join(dir, 'report.json');
  try {
    const run = await node([VITEST, 'run', ...PROPERTY_FILES, '--reporter=json', `--outputFile=${report}`], {
      AFFSIM_MUTANT: mutant,
      FC_SEED: String(fcSeed),
    });
    let failedFiles: string[];
    try {
      const parsed = JSON.parse(readFileSync(report, 'utf8')) as {
        testResults: { name: string; status: string }[];
      };
      failedFiles = parsed.testResults
        .filter((t) => t.status === 'failed')
        .map((t) => relative(REPO, t.name));
    } catch {
      return {
        propertiesCaught: false,
        ruleCasesCaught: false,
        seconds: run.seconds,
        error: `vitest exited ${run.code} without a report: ${lastLines(run.stderr || run.stdout)}`,
      };
    }
    return {
      propertiesCaught: failedFiles.includes(PROPERTY_FILES[0]),
      ruleCasesCaught: failedFiles.includes(PROPERTY_FILES[1]),
      seconds: run.seconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lastLines(text: string, n = 3): string {
  return text.trim().split('\n').slice(-n).join(' / ');
}
