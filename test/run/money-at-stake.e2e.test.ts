import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import type { RunResult } from '../../sim/run/run-result.js';
import { type PlatformDouble, startPlatformDouble } from '../_platform-double.js';
import { affsim } from '../cli/run-cli.js';

/**
 * A platform that pays twice the commission of every decision (each line's too): affsim's own
 * engine underneath, so the model's figure is the right one and every cent above it is overpaid.
 */
function startOverpayingPlatform(): Promise<PlatformDouble> {
  const doubled = (d: DecisionJson | null): DecisionJson | null =>
    d && {
      ...d,
      commissionCents: 2 * d.commissionCents,
      lines: d.lines.map((l) => ({ ...l, commissionCents: 2 * l.commissionCents })),
    };
  return startPlatformDouble(async (request) => {
    const answer = await request.forward(request.body);
    if (answer.status !== 200) return answer;
    if (request.url === '/attribution/decisions') {
      const { decisions } = JSON.parse(answer.text) as { decisions: (DecisionJson | null)[] };
      return { status: 200, text: JSON.stringify({ decisions: decisions.map(doubled) }) };
    }
    if (/^\/orders\/[^/]+\/attribution$/.test(request.url))
      return { status: 200, text: JSON.stringify(doubled(JSON.parse(answer.text) as DecisionJson)) };
    return answer;
  });
}

/** Why: the headline figures must show what a wrong platform pays beyond the rules (issue 10, item 4). */
describe('affsim run against a platform that overpays (built CLI)', () => {
  let platform: PlatformDouble;
  const out = mkdtempSync(join(tmpdir(), 'affsim-overpay-'));
  let code: number;
  let stdout: string;
  let result: RunResult;

  beforeAll(async () => {
    platform = await startOverpayingPlatform();
    ({ code, stdout } = await affsim(
      'run',
      'baseline',
      '--seed',
      '7',
      '--buyers',
      '1500',
      '--days',
      '20',
      '--target',
      platform.url,
      '--out',
      out,
    ));
    result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
  });
  afterAll(() => platform.close());

  test('result.json counts the overpayment: twice the model, so overpaid = platform − model', () => {
    expect(code).toBe(1);
    const m = result.money;
    expect(m.modelCents).toBeGreaterThan(0);
    expect(m.platformCents).toBe(2 * m.modelCents);
    // Every order pays 2x ≥ x, so the per-order differences sum to platform − model, none under.
    expect(m.overpaidCents).toBe(m.platformCents - m.modelCents);
    expect(m.underpaidCents).toBe(0);
    expect(m.gmvCents).toBe(result.orders.gmvCents);
    expect(m.platformCents).toBe(result.commission.totalCents);
    for (const tier of ['main', 'category', 'default'] as const)
      expect(m.byTier[tier].platformCents).toBe(2 * m.byTier[tier].modelCents);
    for (const p of Object.values(m.byAffiliate)) expect(p.platformCents).toBe(2 * p.modelCents);
    expect(result.decisions.total).toBe(result.orders.total);
    expect(result.decisions.matched).toBeLessThan(result.decisions.total);
    for (const v of result.violations.filter((x) => x.kind === 'decision')) {
      const model = v.model as DecisionJson;
      expect((v.platform as DecisionJson).commissionCents).toBe(2 * model.commissionCents);
    }
  });

  test('the first screen prints the money at stake right after the header', () => {
    const fmt = (cents: number) =>
      `$${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    const m = result.money;
    expect(stdout).toContain(
      `commission   platform ${fmt(m.platformCents)} · model ${fmt(m.modelCents)} · overpaid ${fmt(m.overpaidCents)} · underpaid $0.00`,
    );
    expect(stdout).toMatch(/decisions {4}matched [\d,]+ of [\d,]+ \([\d.]+%\)/);
    expect(stdout.indexOf('overpaid')).toBeLessThan(stdout.search(/^events {7}/m));
    expect(stdout).toMatch(/ {2}affiliates \S+ \+\$/);
  });
});
