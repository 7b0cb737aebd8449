import type { Io } from './io.js';
import { type ExitCode, TargetFailure, UsageError } from './io.js';

// Process-wide V8 settings a command wants before it starts (heap-growth.ts).
export { boundRunHeapGrowth } from './heap-growth.js';
// The bin's last resort for errors nothing caught (last-resort.ts).
export { fatalLine, installLastResort } from './last-resort.js';

/**
 * The affsim command line. Commands are imported only when run, so `affsim --help` starts fast;
 * each takes its arguments and an Io and returns an exit code, so tests call them directly.
 */
interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<{ run: (args: string[], io: Io) => Promise<ExitCode> }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  run: {
    summary: 'simulate a scenario against a platform; every decision checked (results, report, violations)',
    load: () => import('./commands/run.js'),
  },
  merge: {
    summary: 'combine the results of shard runs (--shard i/n) into one',
    load: () => import('./commands/merge.js'),
  },
  scenarios: {
    summary: 'list the built-in scenarios',
    load: () => import('./commands/scenarios.js'),
  },
  init: {
    summary: 'write a starting file: a target adapter for your service, or a scenario of your own',
    load: () => import('./commands/init.js'),
  },
  check: {
    summary: 'evaluate a history file with the reference model: every decision and rejection',
    load: () => import('./commands/check.js'),
  },
  serve: {
    summary: 'start the platform server: the rule book as an HTTP API (docs at /docs)',
    load: () => import('./commands/serve.js'),
  },
  fixtures: {
    summary: 'write a world, its history and every expected decision for the k6 load scripts',
    load: () => import('./commands/fixtures.js'),
  },
  load: {
    summary: 'run the k6 load scripts against a preloaded platform (needs k6: K6_BIN or PATH)',
    load: () => import('./commands/load.js'),
  },
  report: {
    summary: "a seller's or an affiliate's reports of a history (dashboard, orders, transactions, …)",
    load: () => import('./commands/report.js'),
  },
  explain: {
    summary: 'walk through the rules that decided one order of a history',
    load: () => import('./commands/explain.js'),
  },
};

const NAME_WIDTH = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;

export const MAIN_USAGE = `affsim — simulation and load-testing harness for affiliate attribution

Usage: affsim <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(NAME_WIDTH)}${c.summary}`)
  .join('\n')}

Run 'affsim <command> --help' for a command's options.
Rules: RULES.md (R1–R18); history format: EVENTS.md.`;

export async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${MAIN_USAGE}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const { packageVersion } = await import('./package-version.js');
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    io.stderr.write(`affsim: unknown command "${name}"\n\n${MAIN_USAGE}\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof TargetFailure) {
      io.stderr.write(`affsim ${name}: ${e.message}\n`);
      return 3;
    }
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`affsim ${name}: ${e.message}\n${e.usage ? `\n${e.usage}\n` : ''}`);
    return 2;
  }
}
