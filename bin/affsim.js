#!/usr/bin/env node
// The only file that touches process.argv and the exit code; everything else is testable functions.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/sim/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'affsim: not built yet; run `npm install` (or `npm run build`) in the affsim folder first.\n',
  );
  process.exit(2);
}
const { main, installLastResort, fatalLine, boundRunHeapGrowth } = await import(entry.href);
boundRunHeapGrowth(process.argv.slice(2));
// An error nothing caught: one line and exit 3, or during a run, the run stops and writes what it checked.
installLastResort(process.stderr, (code) => process.exit(code));
try {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
} catch (e) {
  process.stderr.write(fatalLine(e));
  process.exitCode = 3;
}
