import { afterAll, describe, expect, test } from 'vitest';
import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { startBrokenPlatform } from '../run/_broken-platform.js';
import { HISTORY, RESETTABLE } from './_main-product-history.js';
import { affsim, historyFile } from './run-cli.js';

/**
 * Why: when a decision is disputed, `affsim explain FILE ORDER --target URL --target-adapter FILE`
 * puts the platform's decision of that order beside the model's explanation, field by field, and
 * says in one sentence where the platform departs from the rules; it explains (exit 0) either way.
 */

/** A platform that refuses every main-product setting under R4 (and so never applies one). */
function refusingMainProducts(): Promise<PlatformDouble> {
  return startPlatformDouble(async (request) => {
    if (request.url !== '/events/batch' || request.body === undefined) return request.forward(request.body);
    const { events } = JSON.parse(request.body) as { events: { type: string }[] };
    const refused = events.flatMap((e, i) => (e.type === 'store.mainProductSet' ? [i] : []));
    const answer = await request.forward(
      JSON.stringify({ events: events.filter((e) => e.type !== 'store.mainProductSet') }),
    );
    if (refused.length === 0 || answer.status !== 200) return answer;
    const { results } = JSON.parse(answer.text) as { results: unknown[] };
    for (const i of refused)
      results.splice(i, 0, {
        status: 422,
        repeat: false,
        body: { rule: 'R4', detail: 'rate out of bounds' },
      });
    return { status: 200, text: JSON.stringify({ results }) };
  });
}

describe('affsim explain --target (built CLI)', () => {
  const doubles: PlatformDouble[] = [];
  const track = async (double: Promise<PlatformDouble>) => {
    const d = await double;
    doubles.push(d);
    return d.url;
  };
  afterAll(async () => {
    await Promise.all(doubles.map((d) => d.close()));
  });
  const history = historyFile(HISTORY);

  test('the broken order on a platform that forgets main-product rates: model beside platform, ≠ on tier and rate', async () => {
    const url = await track(startBrokenPlatform());
    const r = await affsim('explain', history, 'o1', '--target', url, '--target-adapter', RESETTABLE);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    // The model's explanation comes first, unchanged.
    const side = out.indexOf(`On resettable-affsim at ${url}: the history replayed after reset(ctx)`);
    expect(side).toBeGreaterThan(out.indexOf('p1: 2000 bps, tier main: a main product at creation'));
    expect(out).toContain("Decision of o1, the model's beside the platform's:");
    expect(out).toMatch(/\n\s+field\s+model\s+platform\n/);
    expect(out).toMatch(/\n\s+lines\[0\]\.tier\s+"main"\s+"default"\s+≠\n/);
    expect(out).toMatch(/\n\s+lines\[0\]\.rateBps\s+2000\s+500\s+≠\n/);
    expect(out).toMatch(/\n\s+commissionCents\s+2000\s+500\s+≠\n/);
    // Fields that agree are shown, without ≠.
    expect(out).toMatch(/\n\s+affiliateId\s+"a1"\s+"a1"\n/);
    expect(out).toMatch(/\n\s+lines\[0\]\.amountCents\s+10000\s+10000\n/);
    expect(out).toContain(
      "Answers to the events of order o1, store s1, buyer b1: the platform's are the model's",
    );
    expect(out).toContain(
      'The platform departs from the model on o1: lines[].tier: the model says ["main"] (R10), the platform ["default"].',
    );
    expect(r.stderr).toContain(`resettable-affsim at ${url} departs from the model on o1 (explained: exit 0`);
  });

  test('a diverging answer is listed with its cause, and the decision follows from it', async () => {
    const url = await track(refusingMainProducts());
    const r = await affsim('explain', history, 'o1', '--target', url, '--target-adapter', RESETTABLE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "Answers to the events of order o1, store s1, buyer b1 that differ from the model's:",
    );
    expect(r.stdout).toContain('s1-main (store.mainProductSet): model accepted, platform rejected R4');
    expect(r.stdout).toMatch(
      /The platform departs from the model on o1: follows from an earlier answer: the platform refused s1-main \(store\.mainProductSet\) under R4; the model accepted it\./,
    );
  });

  test('a correct platform: every field agrees, said in one sentence', async () => {
    const url = await track(startPlatformDouble((request) => request.forward(request.body)));
    const r = await affsim('explain', history, 'o1', '--target', url, '--target-adapter', RESETTABLE);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('≠');
    expect(r.stdout).toMatch(/\n\s+lines\[0\]\.tier\s+"main"\s+"main"\n/);
    expect(r.stdout.trimEnd().endsWith('The platform agrees with the model on every compared field.')).toBe(
      true,
    );
    expect(r.stderr).toBe('');
  });

  test("a platform speaking affsim's API by URL alone: it must start empty, said on stderr", async () => {
    const url = await track(startPlatformDouble((request) => request.forward(request.body)));
    const r = await affsim('explain', history, 'o1', '--target', url);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`On the platform at ${url}: the history replayed on the platform as it was`);
    expect(r.stdout).toContain('The platform agrees with the model on every compared field.');
    expect(r.stderr).toMatch(/affsim cannot empty the platform at \S+ .*: it must start empty\n$/);
  });

  test('without --target, explain is unchanged; usage mistakes and a dead platform are one line', async () => {
    const alone = await affsim('explain', history, 'o1');
    expect(alone.code).toBe(0);
    expect(alone.stdout).not.toContain("the model's beside the platform's");
    const adapterOnly = await affsim('explain', history, 'o1', '--target-adapter', RESETTABLE);
    expect(adapterOnly.code).toBe(2);
    expect(adapterOnly.stderr).toMatch(/^affsim explain: --target-adapter needs --target URL/);
    const missing = await affsim(
      'explain',
      history,
      'o1',
      '--target',
      'http://127.0.0.1:9',
      '--target-adapter',
      'no.ts',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('affsim explain: target adapter no.ts: no such file\n');

    const double = await startPlatformDouble((request) => request.forward(request.body));
    await double.close();
    const dead = await affsim(
      'explain',
      history,
      'o1',
      '--target',
      double.url,
      '--target-adapter',
      RESETTABLE,
    );
    expect(dead.code).toBe(3);
    expect(dead.stderr).toMatch(/^affsim explain: target \S+ failed: POST \/__reset: connect ECONNREFUSED/);
  });
});
