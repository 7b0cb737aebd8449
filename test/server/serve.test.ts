import { EventEmitter } from 'node:events';
import { type ClientRequest, request } from 'node:http';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test } from 'vitest';
import { type RunningServer, startServer } from '../../server/serve.js';
import { run as serveCommand } from '../../sim/cli/commands/serve.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';

// Whatever a test does or fails to do, its servers are closed and its requests ended.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Why: a platform under load tests must stop without dropping the requests it already accepted. */
test('graceful close: a request in flight when closing is still answered; new connections are refused', async () => {
  const server: RunningServer = await startServer({ port: 0, policy: DEFAULT_POLICY });
  cleanups.push(() => server.close());
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  const body = JSON.stringify({
    id: 'a',
    type: 'affiliate.registered',
    at: 0,
    affiliateId: 'a1',
    channel: 'sns',
  });
  // `expect: 100-continue`: the server answers "100 Continue" once it has the request's headers and
  // the request is active on its side; only then is close() called, and only after that the body sent.
  const req: ClientRequest = request(`${server.url}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': body.length,
      expect: '100-continue',
      // R18: the server's own ingestion token (without one, 401 comes before the body is read).
      authorization: `Bearer ${server.ingestToken}`,
    },
  });
  cleanups.push(() => req.destroy());
  const inFlight = new Promise<void>((resolve, reject) => {
    req.once('continue', resolve);
    req.once('error', reject);
  });
  const answered = new Promise<number>((resolve, reject) => {
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
  });
  req.flushHeaders();
  await inFlight;
  const closed = server.close();
  req.end(body); // finishes after close() began
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
  const listening = new Promise<void>((resolve) => {
    stdout.on('data', () => {
      if (printed.includes('listening')) resolve();
    });
  });
  const signals = new EventEmitter();
  const exit = serveCommand(
    ['--port', '0', '--policy', 'windowDays=7'],
    { stdout, stderr: new PassThrough() },
    signals,
  );
  cleanups.push(() => {
    signals.emit('SIGTERM');
    return exit.catch(() => undefined);
  });
  await listening;
  const url = /listening on (\S+)/.exec(printed)?.[1] as string;
  expect(await (await fetch(`${url}/policy`)).json()).toMatchObject({ windowDays: 7 });
  signals.emit('SIGTERM');
  expect(await exit).toBe(0);
  expect(printed).toContain('stopped');
});

/** `affsim serve` run in process until `stop()`: what it printed, on which stream. */
async function startServe(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: '', stderr: '' };
  stdout.on('data', (chunk) => {
    out.stdout += chunk;
  });
  stderr.on('data', (chunk) => {
    out.stderr += chunk;
  });
  const signals = new EventEmitter();
  const exit = serveCommand(['--port', '0', ...args], { stdout, stderr }, signals, env);
  const stop = () => {
    signals.emit('SIGTERM');
    return exit.catch(() => undefined);
  };
  cleanups.push(stop);
  while (!out.stdout.includes('credentials:')) await new Promise((r) => setTimeout(r, 10));
  const url = /listening on (\S+)/.exec(out.stdout)?.[1] as string;
  return { out, url, stop };
}

describe('affsim serve credentials (R18)', () => {
  test('a generated ingestion token is printed once, on stdout, and is the one that works', async () => {
    const { out, url } = await startServe([], {});
    const token = /ingestion token (afs_\S+) \(generated/.exec(out.stdout)?.[1] as string;
    expect(token).toMatch(/^afs_[A-Za-z0-9_-]{43}$/);
    expect(out.stdout.split(token)).toHaveLength(2);
    expect(out.stderr).not.toContain(token);
    const read = (authorization?: string) =>
      fetch(`${url}/orders/o1/attribution`, authorization ? { headers: { authorization } } : {});
    expect((await read()).status).toBe(401);
    expect((await read(`Bearer ${token}`)).status).toBe(404);
  });

  test('a token from $AFFSIM_INGEST_TOKEN is used and not printed', async () => {
    const token = 'afs_from-the-environment-0123456789';
    const { out, url } = await startServe([], { AFFSIM_INGEST_TOKEN: token });
    expect(out.stdout).toContain('ingestion token from $AFFSIM_INGEST_TOKEN');
    expect(out.stdout + out.stderr).not.toContain(token);
    const r = await fetch(`${url}/orders/o1/attribution`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(404);
  });

  test('--no-auth says so loudly and lets every request through as the ingestion token', async () => {
    const { out, url } = await startServe(['--no-auth'], {
      AFFSIM_INGEST_TOKEN: 'afs_ignored-0123456789abcdef',
    });
    expect(out.stderr).toMatch(/WARNING --no-auth: NO CREDENTIALS/);
    expect(out.stdout).toContain('credentials: NONE (--no-auth)');
    const r = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'e1',
        type: 'affiliate.registered',
        at: 0,
        affiliateId: 'a1',
        channel: 'sns',
      }),
    });
    expect(r.status).toBe(200);
  });

  test('a malformed $AFFSIM_INGEST_TOKEN is a usage error', async () => {
    await expect(
      serveCommand(
        ['--port', '0'],
        { stdout: new PassThrough(), stderr: new PassThrough() },
        new EventEmitter(),
        {
          AFFSIM_INGEST_TOKEN: 'short',
        },
      ),
    ).rejects.toThrow(/AFFSIM_INGEST_TOKEN: expected at least 16 characters/);
  });
});
