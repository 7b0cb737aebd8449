import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunResult, Violation } from '../../sim/run/run-result.js';
import { affsim } from '../cli/run-cli.js';
import { type ExampleService, startExampleService } from './_example-service.js';

const ADAPTER = 'examples/last-click-service/affsim-target.ts';
/** The adapter's `compare`, in DECISION_FIELDS' order (as result.json lists it). */
const COMPARED = ['attributed', 'affiliateId', 'status', 'commissionCents'];
/**
 * One scenario and seed for every case: boundary-storm puts half of the withdrawals on the 15-day
 * edge after an attempt 1 ms early (hit by early-withdrawal), and its ordinary sessions click into
 * other stores (hit by per-buyer-window). Small enough for the three runs to share ~20 s on 2 cores.
 */
const RUN = ['run', 'boundary-storm', '--seed', '1', '--buyers', '1500', '--days', '36', '--workers', '1'];

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly out: string;
  readonly result: RunResult;
}

/** `affsim run` (the built CLI) against a fresh service, through the example adapter. */
async function runAgainst(service: ExampleService): Promise<Ran> {
  const out = mkdtempSync(join(tmpdir(), 'affsim-last-click-'));
  const args = [...RUN, '--target', service.url, '--target-adapter', ADAPTER, '--out', out];
  const { code, stdout, stderr } = await affsim(...args);
  if (code !== 0 && code !== 1) throw new Error(`affsim run exited ${code}:\n${stderr}${stdout}`);
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as RunResult;
  return { code, stdout, stderr, out, result };
}

/** The cases: a name and the service's deviations. Each gets its own service and run, all in parallel. */
const CASES = {
  off: [],
  'early-withdrawal': ['early-withdrawal'],
  'per-buyer-window': ['per-buyer-window'],
} as const satisfies Record<string, readonly string[]>;
type CaseName = keyof typeof CASES;

const services = {} as Record<CaseName, ExampleService>;
const runs = {} as Record<CaseName, Ran>;

beforeAll(async () => {
  await Promise.all(
    (Object.entries(CASES) as [CaseName, readonly string[]][]).map(async ([name, deviations]) => {
      const service = await startExampleService(deviations);
      services[name] = service;
      runs[name] = await runAgainst(service);
    }),
  );
}, 90_000);

afterAll(() => {
  for (const s of Object.values(services)) s.child.kill();
});

const violations = (name: CaseName, kind?: Violation['kind']): Violation[] =>
  runs[name].result.violations.filter((v) => kind === undefined || v.kind === kind);
const groups = (name: CaseName) => runs[name].result.violationGroups;
/** An answer violation's two sides: accepted, or rejected with a rule. */
const answerOf = (side: Violation['model']) => side as { outcome: string; rule?: string };

/** The kept answer violations where the platform accepted an event the model refuses under `rule`. */
const acceptedAgainst = (name: CaseName, rule: string) =>
  violations(name, 'answer').filter(
    (v) => answerOf(v.platform).outcome === 'accepted' && answerOf(v.model).rule === rule,
  );

/** The event an answer violation is about, read from its history file. */
function eventOf(name: CaseName, v: Violation): { id: string; type: string } {
  const lines = readFileSync(join(runs[name].out, v.historyFile), 'utf8').trim().split('\n');
  const events = lines.map((l) => JSON.parse(l) as { id: string; type: string });
  const event = events.find((e) => e.id === v.subject);
  if (event === undefined) throw new Error(`${v.historyFile} does not hold ${v.subject}`);
  return event;
}

/** `affsim check` of a violation's history (from case `from`'s run) against case `on`'s service, through the adapter. */
function checkOn(from: CaseName, v: Violation, on: CaseName) {
  const file = join(runs[from].out, v.historyFile);
  return affsim('check', file, '--target', services[on].url, '--target-adapter', ADAPTER);
}

/**
 * Why: a deviation is worth finding only if the user can act on it (issue 10, "Done when"): it
 * reads as its own group with its cause and its money, and each example's history is shrunk to a
 * few events that `affsim check` reproduces against the service, and that pass on a correct one.
 */
function expectShrunkAndReproduced(name: CaseName) {
  test('every kept example is shrunk to a few events that affsim check reproduces, and a correct service passes', async () => {
    const examples = violations(name);
    expect(examples.length).toBeGreaterThan(0);
    for (const v of examples) {
      expect(v.history.form).toBe('shrunk');
      expect(v.history.events).toBeLessThanOrEqual(10);
      expect(v.history.events).toBeLessThanOrEqual(v.history.supersetEvents);
    }
    // One example of each group, checked against the service with the deviation and without it.
    for (const g of groups(name)) {
      const v = examples.find((x) => x.fingerprint === g.fingerprint) as Violation;
      const wrong = await checkOn(name, v, name);
      expect(wrong.code, wrong.stderr).toBe(1);
      expect(wrong.stdout).toContain(`cause: ${v.cause.text}`);
      const right = await checkOn(name, v, 'off');
      expect(right.code, `${right.stdout}${right.stderr}`).toBe(0);
    }
  }, 120_000);
}

/**
 * Why: README's "Test your own service" promises that any service, written without affsim, can
 * be checked through a small adapter: only the fields it answers compared, event types it lacks
 * not sent, and a planted one-rule bug found and named by its rule.
 */
describe('a foreign last-click service through its adapter (examples/last-click-service, built CLI)', () => {
  describe('deviations off', () => {
    test('exit 0 and no violations', () => {
      const { code, stderr, result } = runs.off;
      expect(code, stderr).toBe(0);
      expect(result.violations).toEqual([]);
      expect(result.violationGroups).toEqual([]);
      expect(result.daily.reduce((n, d) => n + d.violations, 0)).toBe(0);
      expect(result.decisions.matched).toBe(result.decisions.total);
    });

    test("only the adapter's fields are compared, and the unsupported event types are counted, not sent", () => {
      const { result } = runs.off;
      expect(result.compared).toEqual(COMPARED);
      expect(result.events.unsupported).toBeGreaterThan(0);
      // The run exercised what the deviations break: refused withdrawals, attributed orders.
      expect(result.events.rejectedByRule.R2 ?? 0).toBeGreaterThan(0);
      expect(result.orders.total - result.orders.byStatus['not-attributed']).toBeGreaterThan(0);
    });
  });

  describe('early-withdrawal: withdrawals accepted up to a day before the minimum membership', () => {
    test('exit 1 and answer violations on store.withdrew: accepted, where the model refuses it under R2', () => {
      const { code, stdout } = runs['early-withdrawal'];
      expect(code).toBe(1);
      expect(stdout).toContain('replay: affsim run boundary-storm --seed 1');
      const early = acceptedAgainst('early-withdrawal', 'R2');
      expect(early.length).toBeGreaterThan(0);
      for (const v of early) {
        expect(answerOf(v.model)).toEqual({ outcome: 'rejected', rule: 'R2' });
        expect(eventOf('early-withdrawal', v).type).toBe('store.withdrew');
      }
      expect(groups('early-withdrawal')).toContainEqual(
        expect.objectContaining({ kind: 'answer', rule: 'R2', fingerprint: early[0]?.fingerprint }),
      );
    });

    test('it is one root group; every consequence (answers and decisions downstream) is linked to it, with the money', () => {
      const [early] = acceptedAgainst('early-withdrawal', 'R2');
      const all = groups('early-withdrawal');
      const roots = all.filter((g) => g.causedBy === undefined);
      expect(roots.map((g) => [g.kind, g.rule, g.fingerprint])).toEqual([
        ['answer', 'R2', early?.fingerprint],
      ]);
      const decisions = all.filter((g) => g.kind === 'decision');
      expect(decisions.length).toBeGreaterThan(0);
      for (const g of all.filter((x) => x !== roots[0])) expect(g.causedBy).toBe(early?.fingerprint);
      // Orders of stores the service let go too early lose their commission: underpaid.
      expect(decisions.reduce((n, g) => n + g.underpaidCents, 0)).toBeGreaterThan(0);
      const { stdout } = runs['early-withdrawal'];
      expect(stdout).toMatch(/→ [\d,]+ decisions? and [\d,]+ answers? follows? from these answers:/);
    });

    expectShrunkAndReproduced('early-withdrawal');
  });

  describe('per-buyer-window: an order credited to the latest click into any store', () => {
    test('exit 1: one group of decisions, traced to the click the service credits: one into another store (R7)', () => {
      const { code } = runs['per-buyer-window'];
      expect(code).toBe(1);
      const all = groups('per-buyer-window');
      expect(all.map((g) => [g.kind, g.cause, g.rule])).toEqual([['decision', 'field', 'R7']]);
      const [group] = all;
      // Orders credited where they should not be, or to another affiliate: the same bug either way.
      expect(group?.fields).toEqual(expect.arrayContaining(['attributed', 'affiliateId']));
      expect(group?.overpaidCents).toBeGreaterThan(0);
      expect(group?.count).toBe(runs['per-buyer-window'].result.daily.reduce((n, d) => n + d.violations, 0));
      for (const v of violations('per-buyer-window')) {
        expect(v.cause).toMatchObject({ kind: 'field', field: 'credited click', rule: 'R7' });
        expect(v.cause.text).toMatch(/another store: windows are per \(buyer, store\)$/);
      }
    });

    test("each example's history holds the buyer's click into another store: what the bug depends on", () => {
      for (const v of violations('per-buyer-window')) {
        const lines = readFileSync(join(runs['per-buyer-window'].out, v.historyFile), 'utf8')
          .trim()
          .split('\n');
        const events = lines
          .slice(1)
          .map((l) => JSON.parse(l) as { type: string; storeId?: string; orderId?: string });
        const store = events.find((e) => e.type === 'order.created' && e.orderId === v.subject)?.storeId;
        expect(events.some((e) => e.type === 'click' && e.storeId !== store)).toBe(true);
      }
    });

    expectShrunkAndReproduced('per-buyer-window');
  });
});
