import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { startServer } from '../../server/serve.js';
import { run as serveCommand } from '../../sim/cli/commands/serve.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';

/** Why: a platform under load tests must stop without dropping the requests it already accepted. */
test('graceful close: a request in flight when closing is still answered; new connections are refused', async () => {
  const server = await startServer({ port: 0, policy: DEFAULT_POLICY });
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  const body = JSON.stringify({
    id: 'a',
    type: 'affiliate.registered',
    at: 0,
    affiliateId: 'a1',
    channel: 'sns',
  });
  const answered = new Promise<number>((resolve, reject) => {
    const req = request(
      `${server.url}/events`,
      { method: 'POST', headers: { 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 10)); // half a request is in flight…
    setTimeout(() => req.end(body.slice(10)), 150); // …and finishes after close() began
  });
  await new Promise((r) => setTimeout(r, 50));
  const closed = server.close();
  expect(await answered).toBe(200);
  await closed;
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
});

test('affsim serve prints its URL, serves, and stops on SIGTERM', async () => {
  const stdout = new PassThrough();
  let printed = '';
  stdout.on('data', (chunk) => {
    printed += chunk;
  });
  const signals = new EventEmitter();
  const exit = serveCommand(
    ['--port', '0', '--policy', 'windowDays=7'],
    { stdout, stderr: new PassThrough() },
    signals,
  );
  while (!printed.includes('listening')) await new Promise((r) => setTimeout(r, 10));
  const url = /listening on (\S+)/.exec(printed)?.[1] as string;
  expect(await (await fetch(`${url}/policy`)).json()).toMatchObject({ windowDays: 7 });
  signals.emit('SIGTERM');
  expect(await exit).toBe(0);
  expect(printed).toContain('stopped');
});
