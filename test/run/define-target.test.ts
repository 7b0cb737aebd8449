import { describe, expect, it } from 'vitest';
import type { DecisionJson } from '../../sim/domain/decision.js';
import { type AffEvent, EVENT_TYPES, type EventType } from '../../sim/domain/events.js';
import { DEFAULT_POLICY } from '../../sim/domain/policy.js';
import {
  DECISION_FIELDS,
  defineTarget,
  type EventAnswer,
  sendEvents,
  type TargetContext,
  type TargetDefinition,
  TargetDefinitionError,
} from '../../sim/run/define-target.js';
import { ShardChecker } from '../../sim/run/shard-checker.js';
import { defineScenario } from '../../sim/scenario/define-scenario.js';

/** defineTarget's checks of a user's adapter, and how events of unsupported types are (not) sent. */

const ctx: TargetContext = {
  baseUrl: 'http://service.invalid',
  policy: DEFAULT_POLICY,
  request: () => Promise.reject(new Error('no HTTP in this test')),
};
const accept = async (): Promise<EventAnswer> => ({ accepted: true });
const senders = (types: readonly EventType[]) => Object.fromEntries(types.map((t) => [t, accept]));
const readDecision = async () => null;
const base = { name: 't', send: senders(EVENT_TYPES), readDecision } as TargetDefinition;
const problem = (definition: unknown) => {
  try {
    defineTarget(definition as TargetDefinition);
  } catch (e) {
    expect(e).toBeInstanceOf(TargetDefinitionError);
    return (e as Error).message;
  }
  throw new Error('expected a TargetDefinitionError');
};

describe('defineTarget', () => {
  it('takes a compare list of Decision fields, an unsupported list of event types and a reset', () => {
    const t = defineTarget({
      ...base,
      compare: ['attributed', 'affiliateId', 'commissionCents', 'status', 'lines[].rateBps'],
      unsupported: ['affiliate.registered'],
      reset: async () => {},
    });
    expect(t.compare).toHaveLength(5);
    expect(t.unsupported).toEqual(['affiliate.registered']);
  });

  it('names an unknown compare field and lists the valid ones', () => {
    const message = problem({ ...base, compare: ['attributed', 'payout'] });
    expect(message).toContain('compare: unknown field(s) "payout"');
    expect(message).toContain(`valid: ${DECISION_FIELDS.join(', ')}`);
    expect(message).toContain('lines[].commissionCents');
    expect(message).not.toContain('\n');
    expect(problem({ ...base, compare: 'status' })).toContain('compare: expected a list');
  });

  it('names an unknown unsupported event type', () => {
    const message = problem({ ...base, unsupported: ['affiliate.registered', 'affiliate.banned'] });
    expect(message).toContain('unsupported: unknown event type(s) "affiliate.banned"');
    expect(message).toContain('valid: store.registered');
  });

  it('needs senders only for the event types not unsupported', () => {
    const others = EVENT_TYPES.filter((t) => t !== 'affiliate.registered');
    const withoutAffiliates = { ...base, send: senders(others) };
    expect(problem(withoutAffiliates)).toContain('missing affiliate.registered');
    expect(() => defineTarget({ ...withoutAffiliates, unsupported: ['affiliate.registered'] })).not.toThrow();
    const message = problem({ ...withoutAffiliates, unsupported: ['click'] });
    expect(message).toContain('missing affiliate.registered');
    expect(message).not.toContain('missing affiliate.registered, click');
  });

  it('wants reset to be a function', () => {
    expect(problem({ ...base, reset: 'truncate' })).toContain('reset: expected a function');
  });
});

describe('sendEvents with unsupported event types', () => {
  const T0 = Date.parse('2026-01-01T00:00:00.000Z');
  const SELLER: AffEvent[] = [
    {
      id: 'w-s1',
      type: 'store.registered',
      at: T0,
      storeId: 's1',
      products: [{ productId: 'p1', categoryId: 'c1' }],
    },
    { id: 'w-a1', type: 'affiliate.registered', at: T0, affiliateId: 'a1', channel: 'sns' },
    { id: 'w-join', type: 'store.joined', at: T0, storeId: 's1', defaultRateBps: 500 },
  ];
  const BUYER: AffEvent[] = [
    {
      id: 'c1',
      type: 'click',
      at: T0 + 3_600_000,
      buyerId: 'b1',
      affiliateId: 'a1',
      storeId: 's1',
      channel: 'sns',
    },
    {
      id: 'o1',
      type: 'order.created',
      at: T0 + 7_200_000,
      orderId: 'o1',
      buyerId: 'b1',
      storeId: 's1',
      lines: [{ productId: 'p1', amountCents: 10_000 }],
    },
  ];

  it('does not send them, answers each with the marker, and the model still applies them', async () => {
    const received: string[] = [];
    const record = async (e: AffEvent): Promise<EventAnswer> => {
      received.push(e.id);
      return { accepted: true };
    };
    const others = EVENT_TYPES.filter((t) => t !== 'affiliate.registered');
    const target = defineTarget({
      name: 'recording',
      send: Object.fromEntries(others.map((t) => [t, record])),
      unsupported: ['affiliate.registered'],
      compare: ['attributed', 'affiliateId', 'commissionCents'],
      readDecision,
    });
    const sellerAnswers = await sendEvents(target, SELLER, ctx);
    const buyerAnswers = await sendEvents(target, BUYER, ctx);
    expect(received).toEqual(['w-s1', 'w-join', 'c1', 'o1']);
    expect(sellerAnswers).toEqual([
      { accepted: true },
      { accepted: true, unsupported: true },
      { accepted: true },
    ]);

    const scenario = defineScenario({
      name: 'unsupported-unit',
      description: 'unsupported events in the checker',
      start: '2026-01-01T00:00:00.000Z',
      days: 30,
    });
    const checker = new ShardChecker(scenario.policy, { compare: target.compare });
    expect(checker.compared).toEqual(['attributed', 'affiliateId', 'commissionCents']);
    checker.day(SELLER, sellerAnswers, BUYER, buyerAnswers);
    // The model registered a1, so the click qualifies and o1 is credited to a1: 10 000 × 500 bps.
    const credited = { attributed: true, affiliateId: 'a1', commissionCents: 500 };
    // Compared at the day's end (a final comparison would drop the order, open-orders.ts).
    checker.compareDecisions(['o1'], [credited], false, T0 + 86_400_000 - 1);
    expect(checker.violationCount).toBe(0);
    const unattributed: Partial<DecisionJson> = { attributed: false, affiliateId: null, commissionCents: 0 };
    checker.compareDecisions(['o1'], [unattributed], false, T0 + 86_400_000 - 1);
    expect(checker.violationCount).toBe(1);
    // No answer diverged (the unsupported one is not compared): the first differing field, R9.
    const [kept] = checker.keptViolations();
    expect(kept?.violation.fields).toEqual(['attributed', 'affiliateId', 'commissionCents']);
    expect(kept?.violation.cause).toMatchObject({ kind: 'field', field: 'attributed', rule: 'R9' });
    expect(checker.violationGroups()).toEqual([
      expect.objectContaining({
        fingerprint: kept?.violation.fingerprint,
        kind: 'decision',
        rule: 'R9',
        fields: ['attributed', 'affiliateId', 'commissionCents'],
        cause: 'field',
        count: 1,
      }),
    ]);
  });

  it('sends a batch without them, and puts the answers back in order', async () => {
    const batches: string[][] = [];
    const target = defineTarget({
      name: 'batch',
      sendBatch: async (events) => {
        batches.push(events.map((e) => e.id));
        return events.map(() => ({ accepted: false, rule: 'R16' }));
      },
      unsupported: ['affiliate.registered', 'store.joined'],
      readDecision,
    });
    const answers = await sendEvents(target, SELLER, ctx);
    expect(batches).toEqual([['w-s1']]);
    expect(answers).toEqual([
      { accepted: false, rule: 'R16' },
      { accepted: true, unsupported: true },
      { accepted: true, unsupported: true },
    ]);
  });
});
