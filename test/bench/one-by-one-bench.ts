import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { recordFigure } from './bench-result.js';

/**
 * Is the simulator ever the bottleneck against a one-by-one service? (issue 12) A service in a
 * child process that answers every request at once (`{}`, 200) counts what it gets; `affsim run`
 * sends it the baseline's events one a request through an adapter (instant-target.ts), with two
 * workers and their connections; then autocannon loads the same service with as many connections
 * for as long. Both rates are the service's own count over its first-to-last request, so start-up
 * and shutdown are left out. BENCH_ONE_BUYERS (default 3000), BENCH_ONE_DAYS (default 30).
 */
if (process.argv[2] === 'serve') serveInstantly();
else await main();

function serveInstantly(): void {
  let count = 0;
  let first = 0;
  let last = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = performance.now();
      if (count === 0) first = now;
      last = now;
      count += 1;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '2' });
      res.end('{}');
    });
  });
  process.on('message', (m: string) => {
    if (m === 'count') {
      process.send?.({ count, ms: last - first });
      count = 0;
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address && typeof address === 'object') process.send?.({ port: address.port });
  });
}

async function main(): Promise<void> {
  const buyers = Number(process.env.BENCH_ONE_BUYERS ?? 3000);
  const days = Number(process.env.BENCH_ONE_DAYS ?? 30);
  const workers = 2;
  const connections = workers * 4; // CONNECTIONS_PER_WORKER in sim/targets/target-context.ts
  const child = fork(fileURLToPath(import.meta.url), ['serve'], { stdio: 'inherit' });
  const next = () =>
    new Promise<{ port?: number; count?: number; ms?: number }>((r) => child.once('message', r as never));
  const dir = mkdtempSync(join(tmpdir(), 'affsim-one-by-one-'));
  try {
    const { port } = await next();
    const url = `http://127.0.0.1:${port}`;
    const adapter = fileURLToPath(new URL('./instant-target.js', import.meta.url));
    const bin = fileURLToPath(new URL('../../../bin/affsim.js', import.meta.url));
    const args = ['run', 'baseline', '--seed', '3', '--buyers', String(buyers), '--days', String(days)];
    args.push('--workers', String(workers), '--target', url, '--target-adapter', adapter);
    args.push('--out', join(dir, 'out'));
    const run = spawnSync(process.execPath, [bin, ...args], {
      env: { ...process.env, CI: 'true' },
      stdio: 'ignore',
    });
    child.send('count');
    const sim = await next();
    const simRate = (sim.count ?? 0) / ((sim.ms ?? 1) / 1000);
    const seconds = Math.max(2, Math.round((sim.ms ?? 0) / 1000));
    const cannon = await autocannon({
      url: `${url}/e`,
      method: 'POST',
      body: '{}',
      connections,
      duration: seconds,
    });
    child.send('count');
    const load = await next();
    const cannonRate = (load.count ?? 0) / ((load.ms ?? 1) / 1000);
    console.log(`one-by-one service answering at once, ${connections} connections`);
    console.log(
      `affsim run (${workers} workers, ${sim.count} requests, exit ${run.status})  ${Math.round(simRate).toLocaleString('en-US').padStart(9)} req/s`,
    );
    console.log(
      `autocannon (${seconds} s, ${cannon.errors + cannon.non2xx} errors)         ${Math.round(cannonRate).toLocaleString('en-US').padStart(9)} req/s`,
    );
    console.log(`ratio affsim/autocannon ${(simRate / cannonRate).toFixed(2)}`);
    recordFigure({
      name: 'oneByOne.autocannon.rps',
      value: cannonRate,
      unit: 'req/s',
      detail: `${connections} connections, ${seconds} s`,
    });
    recordFigure({
      name: 'sim.oneByOne.rps',
      value: simRate,
      unit: 'req/s',
      baseline: 'oneByOne.autocannon.rps',
      target: { of: 'ratio', op: '>=', bound: 0.8 },
      detail: `affsim run baseline, ${buyers} buyers × ${days} days, ${workers} workers through an adapter, ${sim.count} requests`,
    });
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
