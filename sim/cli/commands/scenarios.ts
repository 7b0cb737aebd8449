import { listScenarios } from '../../../scenarios/list-scenarios.js';
import type { ExitCode, Io } from '../io.js';
import { parseFlags } from '../parse-flags.js';

export const SCENARIOS_USAGE = `Usage: affsim scenarios

Lists the built-in scenarios, one line each. Run one with 'affsim run <name>'; a scenario of your
own is a .ts file exporting defineScenario({...}), run with 'affsim run ./my-scenario.ts'.`;

export async function run(args: string[], io: Io): Promise<ExitCode> {
  const { values, positionals } = parseFlags(
    args,
    { help: { type: 'boolean', short: 'h' } },
    SCENARIOS_USAGE,
  );
  if (values.help || positionals.length > 0) {
    (values.help ? io.stdout : io.stderr).write(`${SCENARIOS_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const scenarios = listScenarios();
  const width = Math.max(...scenarios.map((s) => s.name.length));
  for (const s of scenarios) io.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
  return 0;
}
