import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.js';
import { DEFAULT_POLICY, type Policy } from '../../sim/domain/policy.js';

/**
 * A deliberately broken platform for tests: affsim's own API and engine, except that it never
 * applies main-product rates (R10) — it acknowledges `store.mainProductSet` and forgets it, as a
 * service with a lost settings table would. Everything else passes through untouched.
 */
export async function startBrokenPlatform(
  policy: Policy = DEFAULT_POLICY,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({ policy });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
    let forgotten: number[] = [];
    if (req.url === '/events/batch' && body !== undefined) {
      const { events } = JSON.parse(body) as { events: { type: string; id: string }[] };
      forgotten = events.flatMap((e, i) => (e.type === 'store.mainProductSet' ? [i] : []));
      body = JSON.stringify({ events: events.filter((e) => e.type !== 'store.mainProductSet') });
    }
    const answer = await app.request(req.url ?? '/', {
      method: req.method ?? 'GET',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    let text = await answer.text();
    if (forgotten.length > 0) {
      const { results } = JSON.parse(text) as { results: unknown[] };
      for (const i of forgotten)
        results.splice(i, 0, { status: 200, repeat: false, body: { outcome: 'accepted' } });
      text = JSON.stringify({ results });
    }
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
