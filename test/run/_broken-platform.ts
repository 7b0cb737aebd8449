import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';

/**
 * A deliberately broken platform for tests: affsim's own API and engine, except that it never
 * applies main-product rates (R10) — it acknowledges `store.mainProductSet` and forgets it, as a
 * service with a lost settings table would. Everything else passes through untouched.
 */
export function startBrokenPlatform(): Promise<PlatformDouble> {
  return startPlatformDouble(async (request) => {
    if (request.url !== '/events/batch' || request.body === undefined) return request.forward(request.body);
    const { events } = JSON.parse(request.body) as { events: { type: string }[] };
    const forgotten = events.flatMap((e, i) => (e.type === 'store.mainProductSet' ? [i] : []));
    const answer = await request.forward(
      JSON.stringify({ events: events.filter((e) => e.type !== 'store.mainProductSet') }),
    );
    if (forgotten.length === 0 || answer.status !== 200) return answer;
    const { results } = JSON.parse(answer.text) as { results: unknown[] };
    for (const i of forgotten)
      results.splice(i, 0, { status: 200, repeat: false, body: { outcome: 'accepted' } });
    return { status: 200, text: JSON.stringify({ results }) };
  });
}
