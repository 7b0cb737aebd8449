import { violationTotal } from '../../report/run-facts.js';
import { terminalSummary } from '../../report/terminal-summary.js';
import { writeRunFiles } from '../../report/write-run-files.js';
import { copyHistoryFiles } from '../../run/copy-history-files.js';
import { MergeError, mergeResults } from '../../run/merge-results.js';
import { type LoadedResult, ResultFileError, readResultDirs } from '../../run/read-result-dirs.js';
import { resultJson } from '../../run/result-json.js';
import { type ExitCode, type Io, UsageError, writeAll } from '../io.js';
import { prepareOutDir } from '../out-dir.js';
import { parseFlags } from '../parse-flags.js';

export const MERGE_USAGE = `Usage: affsim merge <dir…> [--out dir] [--json]

Combines the results of the shards of one run into one result, as if the run had not been
sharded: each <dir> is the --out directory of an 'affsim run --shard i/n' (or a result.json).
Counts and money add up; each violation group adds up its count and keeps its first examples
(as many as the runs' --max-violations); timing takes the slowest shard, and the latency
percentiles are of all shards' requests (from their histograms; for older results, the largest
shard percentile, an upper bound). The shards must share the scenario, seed, policy, shard count
and --max-violations, and each shard may appear once; a partial set merges too (merge 1/4 and 2/4
now, the rest later), with a note naming the missing shards. A shard whose run did not finish
(result.json 'incomplete') is refused.

Options:
  -o, --out dir  write the merged result.json, report.html and junit.xml into dir (created if
                 needed), and copy there the history file of each example kept
      --json     print the merged result.json instead of the summary
  -h, --help     show this help

Example:
  affsim run baseline --seed 7 --shard 1/2 --out run/1
  affsim run baseline --seed 7 --shard 2/2 --out run/2
  affsim merge run/1 run/2 --out run/all

Exit status: 0 merged, no violations; 1 merged, with violations; 2 a missing or malformed
result.json (the file and field are named), or results that are not shards of one run.`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    {
      out: { type: 'string', short: 'o' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    MERGE_USAGE,
  );
  if (values.help) {
    io.stdout.write(`${MERGE_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('missing the result directories to merge', MERGE_USAGE);
  if (values.out !== undefined) await prepareOutDir(values.out);
  const loaded = await load(positionals);
  const merged = asUsageError(MergeError, () =>
    mergeResults(
      loaded.map((l) => l.result),
      loaded.map((l) => l.file),
    ),
  );
  const notes: string[] = [];
  if (merged.shards.indexes.length < merged.shards.count) {
    const have = new Set(merged.shards.indexes);
    const missing = Array.from({ length: merged.shards.count }, (_, i) => i)
      .filter((i) => !have.has(i))
      .map((i) => `${i + 1}/${merged.shards.count}`);
    notes.push(`partial merge: shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} not included`);
  }
  if (values.out !== undefined) {
    const files = await writeRunFiles(values.out, merged);
    notes.push(...(await copyHistoryFiles(loaded, merged.violations, values.out)));
    notes.push(`wrote ${files.resultFile}, ${files.reportFile}, ${files.junitFile}`);
  }
  if (values.json) await writeAll(io.stdout, [resultJson(merged)]);
  else {
    const lines = terminalSummary(merged, values.out === undefined ? {} : { outDir: values.out });
    await writeAll(io.stdout, [
      `merged ${loaded.length} result${loaded.length === 1 ? '' : 's'}\n`,
      ...lines.map((l) => `${l}\n`),
    ]);
  }
  for (const note of notes) io.stderr.write(`affsim merge: ${note}\n`);
  // Every violation found is counted in its group and per day; the kept ones are only examples.
  return violationTotal(merged) > 0 ? 1 : 0;
}

async function load(dirs: readonly string[]): Promise<LoadedResult[]> {
  try {
    return await readResultDirs(dirs);
  } catch (e) {
    if (e instanceof ResultFileError) throw new UsageError(e.message);
    throw e;
  }
}

/** A bad input is the user's to fix (exit 2, no stack); anything else is a bug and keeps its stack. */
function asUsageError<T>(kind: new (...args: never[]) => Error, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof kind) throw new UsageError(e.message);
    throw e;
  }
}
