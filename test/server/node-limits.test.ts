import { connect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { NODE_HTTP_LIMITS, type NodeHttpLimits } from '../../server/http/node-limits.js';
import { type RunningServer, startServer } from '../../server/serve.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import { TEST_AUTH, TEST_INGEST_TOKEN } from '../_test-token.js';
import { fcParams } from '../fc-config.js';

/**
 * Why: what Node refuses before the app sees a request (a header block too large, bytes that are
 * not HTTP, a client too slow) must still get a problem+json answer, and the limits that bound a
 * slow or hostile client must be the ones server/README.md documents. Real sockets, real server.
 */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(http: Partial<NodeHttpLimits> = {}): Promise<{ host: string; port: number }> {
  const server: RunningServer = await startServer({ auth: TEST_AUTH, port: 0, policy: DEFAULT_POLICY, http });
  cleanups.push(() => server.close());
  const url = new URL(server.url);
  return { host: url.hostname, port: Number(url.port) };
}

interface Exchange {
  /** Everything the server wrote before it closed the connection (or before `idleMs` of silence). */
  readonly text: string;
  readonly closed: boolean;
  readonly ms: number;
}

/** Writes `data` raw and collects the answer until the server closes the socket (or `waitMs`). */
function exchange(at: { host: string; port: number }, data: string, waitMs = 5_000): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket: Socket = connect(at.port, at.host);
    cleanups.push(() => socket.destroy());
    let text = '';
    const timer = setTimeout(() => finish(false), waitMs);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed, ms: performance.now() - started });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => finish(true));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? finish(true) : reject(e)));
    socket.write(data);
  });
}

function problemOf(text: string): {
  status: number;
  contentType: string;
  body: { status: number; type: string };
} {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const contentType = /^content-type: *(.+)$/im.exec(head)?.[1]?.trim() ?? '';
  return { status, contentType, body: JSON.parse(body) };
}

describe('Node-level refusals are problem+json', () => {
  test('a header block over maxHeaderBytes: 431', async () => {
    const at = await serve();
    const big = 'x'.repeat(NODE_HTTP_LIMITS.maxHeaderBytes + 1);
    const r = await exchange(at, `GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: ${big}\r\n\r\n`);
    expect(r.closed).toBe(true);
    const p = problemOf(r.text);
    expect(p).toMatchObject({ status: 431, contentType: 'application/problem+json' });
    expect(p.body).toMatchObject({ status: 431, type: 'urn:affsim:problem:header-too-large' });
  });

  test('bytes that are not HTTP: 400', async () => {
    const at = await serve();
    const p = problemOf((await exchange(at, 'HELLO\x00 there\r\n\r\n')).text);
    expect(p).toMatchObject({ status: 400, contentType: 'application/problem+json' });
    expect(p.body.status).toBe(400);
  });

  test('headers that do not arrive within headersTimeout: 408, and the socket is freed', async () => {
    const at = await serve({ headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckMs: 50 });
    // Slowloris: a request line and half a header, then nothing.
    const r = await exchange(at, 'GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: ');
    expect(r.closed).toBe(true);
    expect(problemOf(r.text)).toMatchObject({ status: 408, contentType: 'application/problem+json' });
  });

  test('a body that does not arrive within requestTimeout: 408', async () => {
    const at = await serve({ headersTimeoutMs: 200, requestTimeoutMs: 400, timeoutCheckMs: 50 });
    const head =
      // With the ingestion token (R18): a request without one is answered 401 before its body is read.
      `POST /events HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${TEST_INGEST_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":`;
    const r = await exchange(at, head);
    expect(r.closed).toBe(true);
    expect(problemOf(r.text).status).toBe(408);
  });
});

describe('connection limits', () => {
  test('an idle keep-alive connection is closed after keepAliveTimeout', async () => {
    const at = await serve({ keepAliveTimeoutMs: 200 });
    const r = await exchange(at, 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(r.closed).toBe(true);
    expect(r.text).toMatch(/^HTTP\/1\.1 200/);
    // Closed by the server, not by the 5 s wait of `exchange`.
    expect(r.ms).toBeLessThan(4_000);
  });

  test('the defaults announce keep-alive timeout=5', async () => {
    const at = await serve();
    const r = await exchange(at, 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n', 300);
    expect(r.closed).toBe(false);
    expect(r.text).toMatch(/^keep-alive: timeout=5\r?$/im);
  });

  test('past maxConnections a new connection is closed unanswered; the ones held still work', async () => {
    const at = await serve({ maxConnections: 2 });
    const held = [connect(at.port, at.host), connect(at.port, at.host)];
    for (const s of held) cleanups.push(() => s.destroy());
    await Promise.all(held.map((s) => new Promise((resolve) => s.once('connect', resolve))));
    // Give the server the time to accept both before the third arrives.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await exchange(at, 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n', 2_000);
    expect(third).toMatchObject({ closed: true, text: '' });
    const first = held[0] as Socket;
    const answer = new Promise<string>((resolve) => first.once('data', (d) => resolve(String(d))));
    first.write('GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 200/);
  });
});

describe('fuzz: raw bytes on the socket', () => {
  test('whatever arrives, every answer is below 500, and an error is problem+json', async () => {
    const at = await serve();
    const token = fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      ' ',
      '/',
      '/events',
      'HTTP/1.1',
      'HTTP/9',
      '\r\n',
      ':',
      'Host: a',
      'Content-Length: 5',
      'Transfer-Encoding: chunked',
      'Content-Type: text/plain',
      '\x00',
      '\u00ff',
      '{}',
    );
    const request = fc.oneof(
      fc.array(token, { maxLength: 12 }).map((parts) => parts.join('')),
      fc.string({ unit: 'binary', maxLength: 200 }),
    );
    // Counted, so a run where no request got any answer cannot pass unnoticed.
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(request, async (raw) => {
        const r = await exchange(at, `${raw}\r\n\r\n`, 300);
        for (const m of r.text.matchAll(/^HTTP\/1\.1 (\d{3})[^\r]*\r\n((?:[^\r]+\r\n)*)/gm)) {
          const status = Number(m[1]);
          answered++;
          expect(status).toBeLessThan(500);
          if (status >= 400) expect(m[2]).toMatch(/^content-type: application\/problem\+json\r$/im);
        }
      }),
      fcParams(40),
    );
    expect(answered).toBeGreaterThan(10);
    // Still serving.
    expect(
      (await exchange(at, 'GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).text,
    ).toMatch(/^HTTP\/1\.1 200/);
  });
});
