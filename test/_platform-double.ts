import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.js';
import { NO_AUTH } from '../server/http/auth.js';
import { DEFAULT_POLICY, type Policy } from '../sim/domain/policy.js';

/** A request as the double receives it; `forward` passes a (possibly rewritten) body to the real platform. */
export interface DoubleRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string | undefined;
  forward(body?: string): Promise<{ status: number; text: string }>;
}

export interface PlatformDouble {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A deliberately faulty platform for tests: affsim's own app on a real port, with `handle` free to
 * rewrite any request or answer (a lost settings table, an off-by-one commission). Every answer is
 * JSON, as the platform's are. Each double starts empty, as a checked platform must, and
 * `POST /__reset` empties it again.
 */
export async function startPlatformDouble(
  handle: (request: DoubleRequest) => Promise<{ status: number; text: string }>,
  policy: Policy = DEFAULT_POLICY,
): Promise<PlatformDouble> {
  let app = createApp({ policy, auth: NO_AUTH });
  const server: Server = createServer((req, res) => {
    // A throw in `handle` (or in the app) must not become an unhandled rejection and a request that
    // never ends: it is answered 500, with the error, so the run under test sees it and says so.
    answer(req).then(
      (a) => {
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(a.text);
      },
      (error: unknown) => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ title: 'platform double failed', detail: String(error) }));
      },
    );
  });
  async function answer(req: IncomingMessage): Promise<{ status: number; text: string }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    // An empty platform again, for adapters with `reset` (test/run/fixtures/resettable-target.ts).
    if (method === 'POST' && url === '/__reset') {
      app = createApp({ policy, auth: NO_AUTH });
      return { status: 204, text: '' };
    }
    return handle({
      method,
      url,
      body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined,
      async forward(body) {
        const response = await app.request(url, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body }),
        });
        return { status: response.status, text: await response.text() };
      },
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
