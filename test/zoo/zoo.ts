import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MUTANTS, type MutantInfo } from '../../server/mutants/index.js';
import { catchers } from './catchers.js';
import { confirmHistory, tryProperties, trySimulations } from './zoo-steps.js';

/**
 * The mutant zoo (issue 11, step 5): for each engine mutant (server/mutants), the scenarios and
 * swarm seeds in a fixed order until one catches it (catchers.ts), the catching violation's
 * shrunk history confirmed by `affsim check` (the mutant differs from the model, the real platform
 * does not), then the model-based property suite and the rule cases against it. A mutant that
 * escapes either is a hole in the traffic or the checker: the zoo exits 1.
 *
 *   npm run zoo [-- --json] [--only name,name] [--out dir] [--jobs N] [--fc-seed N]
 *
 * Progress goes to stderr; the table (or with --json the JSON) to stdout. The property suite runs
 * with a fixed fast-check seed (`--fc-seed`, default 1), so two zoo runs try the same histories.
 * `--jobs N` (default: min(2, CPUs)) tries that many mutants at once; their seconds then include
 * the other job's load, so compare seconds within one zoo run only.
 */
const USAGE = 'Usage: npm run zoo [-- --json] [--only name[,name…]] [--out dir] [--jobs N] [--fc-seed N]';

interface MutantReport {
  readonly name: string;
  readonly rule: string;
  readonly summary: string;
  readonly caught: boolean;
  readonly caughtBy: string | null;
  readonly secondsToCatch: number | null;
  readonly cause: string | null;
  readonly history: string | null;
  readonly historyEvents: number | null;
  readonly historyForm: string | null;
  /** `affsim check` on the history: exit 1 with the mutant and 0 on the real platform. */
  readonly confirmed: boolean;
  readonly propertiesCaught: boolean;
  readonly ruleCasesCaught: boolean;
  readonly propertySeconds: number;
  readonly problems: readonly string[];
}

async function main(): Promise<number> {
  let values: {
    json?: boolean;
    only?: string;
    out?: string;
    jobs?: string;
    'fc-seed'?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: 'boolean' },
        only: { type: 'string' },
        out: { type: 'string' },
        jobs: { type: 'string' },
        'fc-seed': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`zoo: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const fcSeed = Number(values['fc-seed'] ?? 1);
  if (!Number.isSafeInteger(fcSeed)) {
    console.error(`zoo: --fc-seed ${values['fc-seed']}: expected an integer\n${USAGE}`);
    return 2;
  }
  const jobs = Number(values.jobs ?? Math.min(2, availableParallelism()));
  if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > 16) {
    console.error(`zoo: --jobs ${values.jobs}: expected an integer from 1 to 16\n${USAGE}`);
    return 2;
  }
  const wanted = values.only?.split(',').map((s) => s.trim());
  const unknown = wanted?.filter((w) => !MUTANTS.some((m) => m.name === w)) ?? [];
  if (unknown.length > 0) {
    console.error(
      `zoo: unknown mutant ${unknown.join(', ')}; the mutants are: ${MUTANTS.map((m) => m.name).join(', ')}`,
    );
    return 2;
  }
  const mutants = MUTANTS.filter((m) => wanted === undefined || wanted.includes(m.name));
  const outDir = values.out ?? join('out', 'zoo');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const started = performance.now();
  const reports: MutantReport[] = new Array(mutants.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < mutants.length; i = next++) {
      const m = mutants[i] as MutantInfo;
      console.error(`zoo ${i + 1}/${mutants.length}: ${m.name} (${m.rule})`);
      const report = await zooOne(m, join(outDir, m.name), fcSeed);
      console.error(`zoo ${i + 1}/${mutants.length}: ${m.name}: ${verdict(report)}`);
      reports[i] = report;
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, mutants.length) }, worker));
  const seconds = Math.round((performance.now() - started) / 1000);
  const escaped = reports.filter((r) => !passes(r));
  const json = { fcSeed, jobs, seconds, mutants: reports };
  writeFileSync(join(outDir, 'zoo.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (values.json) console.log(JSON.stringify(json, null, 2));
  else {
    console.log(table(reports));
    console.log(
      `\n${reports.length - escaped.length} of ${reports.length} mutants caught by the simulation and the properties in ${seconds} s (fast-check seed ${fcSeed}); details in ${join(outDir, 'zoo.json')}`,
    );
    for (const r of escaped) console.log(`ESCAPED ${r.name}: ${r.problems.join('; ')}`);
  }
  return escaped.length === 0 ? 0 : 1;
}

async function zooOne(m: MutantInfo, dir: string, fcSeed: number): Promise<MutantReport> {
  const problems: string[] = [];
  const sim = await trySimulations(m.name, catchers(), dir);
  let confirmed = false;
  if (sim.kind === 'caught') {
    const check = await confirmHistory(m.name, sim.found.history);
    confirmed = check.ok;
    if (!check.ok) problems.push(check.note);
  } else if (sim.kind === 'missed') {
    problems.push(`no scenario or swarm seed caught it (${Math.round(sim.secondsTried)} s of runs)`);
  } else problems.push(sim.message);
  const props = await tryProperties(m.name, fcSeed);
  if (props.error) problems.push(props.error);
  else if (!props.propertiesCaught) problems.push('the model-based property suite passed on it');
  const found = sim.kind === 'caught' ? sim.found : undefined;
  return {
    name: m.name,
    rule: m.rule,
    summary: m.summary,
    caught: found !== undefined,
    caughtBy: found?.caughtBy ?? null,
    secondsToCatch: found ? Math.round(found.seconds * 10) / 10 : null,
    cause: found?.cause ?? null,
    history: found?.history ?? null,
    historyEvents: found?.historyEvents ?? null,
    historyForm: found?.historyForm ?? null,
    confirmed,
    propertiesCaught: props.propertiesCaught,
    ruleCasesCaught: props.ruleCasesCaught,
    propertySeconds: Math.round(props.seconds * 10) / 10,
    problems,
  };
}

function passes(r: MutantReport): boolean {
  return r.caught && r.confirmed && r.propertiesCaught;
}

function verdict(r: MutantReport): string {
  const sim = r.caught
    ? `caught by ${r.caughtBy} in ${r.secondsToCatch} s, history of ${r.historyEvents} events${r.confirmed ? ' (affsim check confirms)' : ' (NOT confirmed)'}`
    : 'ESCAPED the simulation';
  const props = r.propertiesCaught ? 'properties: caught' : 'properties: ESCAPED';
  const cause = r.cause === null ? '' : `\n    first violation: ${r.cause}\n    history: ${r.history}`;
  return `${sim}; ${props}${r.ruleCasesCaught ? ', rule cases: caught' : ''}${cause}`;
}

/** A Markdown table: the README's, as printed. */
function table(reports: readonly MutantReport[]): string {
  const rows = reports.map((r) => [
    `\`${r.name}\``,
    r.rule,
    r.caught ? (r.caughtBy as string) : '**escaped**',
    r.caught ? String(r.secondsToCatch) : '—',
    r.caught ? `${r.historyEvents}${r.confirmed ? '' : ' (unconfirmed)'}` : '—',
    r.propertiesCaught ? 'yes' : '**no**',
    r.ruleCasesCaught ? 'yes' : 'no',
  ]);
  const header = ['mutant', 'rule', 'caught by', 'seconds', 'history events', 'properties', 'rule cases'];
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

process.exitCode = await main();
