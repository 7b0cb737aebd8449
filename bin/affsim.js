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
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
