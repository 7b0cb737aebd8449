import { createPlatform } from '../../server/app.js';
import { NO_AUTH } from '../../server/http/auth.js';
import { DECISION_ANSWER_LINES_MAX } from '../../sim/domain/api-limits.js';

/**
 * The attacks of issue 13 part 4 that cost time and memory, timed (the tests only check the
 * answers): a 60 KB `/attribution/decisions` query naming one 1,000-line order 10,000 times (once
 * +1.7 GB and 40–70 s, then a 500), and a query at the answer budget (DECISION_ANSWER_LINES_MAX
 * lines: the largest answer the platform builds). Time and RSS growth per query, median of
 * BENCH_ATTACK_RUNS (default 5). Run with `node --expose-gc`.
 */
const runs = Number(process.env.BENCH_ATTACK_RUNS ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('attack-bench: run node with --expose-gc');
  process.exit(2);
}

const { app } = createPlatform({ auth: NO_AUTH });
const post = (path: string, body: unknown) =>
  app.request(path, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

const LINES = 1000;
const lines = Array.from({ length: LINES }, (_, i) => ({ productId: `q${i}`, amountCents: 100 + i }));
await post('/sellers/big/registration', {
  id: 'r',
  at: 0,
  products: lines.map((l) => ({ productId: l.productId, categoryId: 'c' })),
});
const orders = DECISION_ANSWER_LINES_MAX / LINES;
await post('/events/batch', {
  events: Array.from({ length: orders }, (_, i) => ({
    id: `o${i}`,
    type: 'order.created',
    at: 1,
    orderId: `big${i}`,
    buyerId: 'b',
    storeId: 'big',
    lines,
  })),
});

async function measure(name: string, body: string): Promise<void> {
  const ms: number[] = [];
  const mb: number[] = [];
  let status = 0;
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 1);
    const started = performance.now();
    const res = await post('/attribution/decisions', body);
    const text = await res.text();
    ms.push(performance.now() - started);
    clearInterval(sampler);
    mb.push((Math.max(peak, process.memoryUsage().rss) - before) / 2 ** 20);
    status = res.status;
    bytes = text.length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `${name}: request ${body.length} B → ${status}, answer ${bytes} B, ${median(ms).toFixed(1)} ms, RSS +${median(mb).toFixed(1)} MB (median of ${runs})`,
  );
}

await measure(
  'one 1,000-line order named 10,000 times',
  JSON.stringify({ orderIds: Array.from({ length: 10_000 }, () => 'big0') }),
);
await measure(
  `${orders} distinct 1,000-line orders (the ${DECISION_ANSWER_LINES_MAX}-line budget)`,
  JSON.stringify({ orderIds: Array.from({ length: orders }, (_, i) => `big${i}`) }),
);
const healthz = performance.now();
await app.request('/healthz');
console.log(`/healthz right after: ${(performance.now() - healthz).toFixed(2)} ms`);
