import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistorySubject } from '../../sim/run/history-superset.js';
import type { Violation, ViolationGroup } from '../../sim/run/run-result.js';
import {
  EXAMPLES_PER_GROUP_DEFAULT,
  GROUPS_MAX,
  type GroupFacts,
  mergeGroups,
  OTHER_GROUP,
  sortGroups,
  ViolationBook,
} from '../../sim/run/violation-book.js';
import { fcParams } from '../fc-config.js';

/**
 * The book of a shard's violations: grouped by fingerprint with counts and money, the first
 * examples of each group kept in canonical order (by subject, then kind), and shards' books merged
 * into what one book fed everything holds. Hand-built violations; every expectation is worked out
 * by hand.
 */

type Kind = Violation['kind'];

function violation(fingerprint: string, subject: string, kind: Kind = 'decision', note = ''): Violation {
  return {
    fingerprint,
    cause: { kind: 'field', rule: 'R13', field: 'commissionCents', text: `cause of ${subject}` },
    rules: ['R13'],
    kind,
    subject,
    fields: note === '' ? ['commissionCents'] : ['commissionCents', note],
    model: null,
    platform: null,
    historyFile: '',
    history: { events: 0, supersetEvents: 0, form: 'superset' },
    replay: '',
    check: '',
  };
}

function facts(fingerprint: string, kind: Kind = 'decision'): GroupFacts {
  return {
    fingerprint,
    kind,
    rule: kind === 'answer' ? 'R2' : 'R13',
    fields: kind === 'answer' ? ['outcome'] : ['commissionCents'],
    cause: kind === 'answer' ? 'answer' : 'field',
    title: `the group ${fingerprint}`,
  };
}

const subjectOf = (id: string): HistorySubject => ({ orderId: id, untilMs: 0 });

function record(book: ViolationBook, fingerprint: string, subject: string, kind: Kind = 'decision'): string {
  return book.record(violation(fingerprint, subject, kind), facts(fingerprint, kind), subjectOf(subject));
}

function group(
  fingerprint: string,
  kind: Kind,
  count: number,
  money: { overpaidCents?: number; underpaidCents?: number } = {},
): ViolationGroup {
  return {
    ...facts(fingerprint, kind),
    count,
    overpaidCents: money.overpaidCents ?? 0,
    underpaidCents: money.underpaidCents ?? 0,
  };
}

const pad = (i: number) => String(i).padStart(3, '0');

describe('ViolationBook', () => {
  it('groups violations by fingerprint and counts each group', () => {
    const book = new ViolationBook();
    expect(book.examplesPerGroup).toBe(EXAMPLES_PER_GROUP_DEFAULT);
    expect(record(book, 'decision A', 'o1')).toBe('decision A');
    record(book, 'decision B', 'o2');
    record(book, 'decision A', 'o3');
    record(book, 'answer C', 'e1', 'answer');
    expect(book.count).toBe(4);
    expect(book.groups()).toEqual([
      group('answer C', 'answer', 1),
      group('decision A', 'decision', 2),
      group('decision B', 'decision', 1),
    ]);
    expect(book.kept().map((k) => [k.violation.fingerprint, k.violation.subject, k.subject])).toEqual([
      ['answer C', 'e1', subjectOf('e1')],
      ['decision A', 'o1', subjectOf('o1')],
      ['decision A', 'o3', subjectOf('o3')],
      ['decision B', 'o2', subjectOf('o2')],
    ]);
  });

  it('keeps exactly the first N examples of each group in canonical order, whatever order they came in', () => {
    // 40 of one group, subjects o000…o039 recorded in a scrambled order (the first ones last), and 2
    // of another: N = 3 keeps o000, o001, o002, and both of the other.
    const book = new ViolationBook(3);
    const order = Array.from({ length: 40 }, (_, i) => (i * 17 + 39) % 40).reverse();
    expect(new Set(order).size).toBe(40);
    for (const i of order) record(book, 'decision A', `o${pad(i)}`);
    record(book, 'decision B', 'p1');
    record(book, 'decision B', 'p0');
    expect(book.count).toBe(42);
    expect(book.groups().map((g) => [g.fingerprint, g.count])).toEqual([
      ['decision A', 40],
      ['decision B', 2],
    ]);
    const kept = book.kept().map((k) => k.violation.subject);
    expect(kept).toEqual(['o000', 'o001', 'o002', 'p0', 'p1']);
    // Asking again changes nothing.
    expect(book.kept().map((k) => k.violation.subject)).toEqual(kept);
  });

  it('orders the examples of one subject by kind, then by their whole text', () => {
    const book = new ViolationBook(3);
    book.record(violation('G', 'x', 'decision', 'b'), facts('G'), subjectOf('x'));
    book.record(violation('G', 'x', 'decision', 'a'), facts('G'), subjectOf('x'));
    book.record(violation('G', 'w', 'decision'), facts('G'), subjectOf('w'));
    book.record(violation('G', 'x', 'answer'), facts('G'), subjectOf('x'));
    expect(
      book.kept().map((k) => [k.violation.subject, k.violation.kind, k.violation.fields.join()]),
    ).toEqual([
      ['w', 'decision', 'commissionCents'],
      ['x', 'answer', 'commissionCents'],
      ['x', 'decision', 'commissionCents,a'],
    ]);
  });

  it('sums the money of a group’s orders, and ignores a fingerprint it has no group of', () => {
    const book = new ViolationBook();
    record(book, 'decision A', 'o1');
    record(book, 'decision A', 'o2');
    record(book, 'decision B', 'o3');
    book.money('decision A', 500, 800); // 300 overpaid
    book.money('decision A', 500, 0); // 500 underpaid
    book.money('decision A', 500, 500); // even
    book.money('decision B', 150, 100); // 50 underpaid
    book.money('nothing', 1, 1_000);
    expect(book.groups()).toEqual([
      group('decision A', 'decision', 2, { overpaidCents: 300, underpaidCents: 500 }),
      group('decision B', 'decision', 1, { underpaidCents: 50 }),
    ]);
  });

  it(`keeps ${GROUPS_MAX} groups apart and counts further kinds in '${OTHER_GROUP}', read last`, () => {
    expect(GROUPS_MAX).toBe(100);
    const book = new ViolationBook(2);
    // f000 twice, the others once: f000 is the largest group.
    for (let i = 0; i < GROUPS_MAX; i++) record(book, `f${pad(i)}`, `o${pad(i)}`);
    record(book, 'f000', 'o999');
    // Two new kinds, the first an answer: both go to the other group, under its fingerprint.
    expect(record(book, 'g-new-1', 'e2', 'answer')).toBe(OTHER_GROUP);
    expect(book.record(violation('g-new-2', 'e1'), facts('g-new-2'), subjectOf('e1'))).toBe(OTHER_GROUP);
    // A kind already kept apart still goes to its group.
    expect(record(book, 'f005', 'o998')).toBe('f005');
    book.money(OTHER_GROUP, 100, 250);
    expect(book.count).toBe(GROUPS_MAX + 4);

    const groups = book.groups();
    expect(groups).toHaveLength(GROUPS_MAX + 1);
    expect(groups.slice(0, 3).map((g) => [g.fingerprint, g.count])).toEqual([
      ['f000', 2],
      ['f005', 2],
      ['f001', 1],
    ]);
    expect(groups[GROUPS_MAX]).toEqual({
      fingerprint: OTHER_GROUP,
      kind: 'answer',
      rule: '',
      fields: [],
      cause: 'field',
      title: expect.stringContaining(String(GROUPS_MAX)),
      count: 2,
      overpaidCents: 150,
      underpaidCents: 0,
    });
    const other = book.kept().filter((k) => k.violation.fingerprint === OTHER_GROUP);
    expect(other.map((k) => k.violation.subject)).toEqual(['e1', 'e2']);
  });
});

describe('sortGroups', () => {
  it('puts answers first, then the larger groups, then by fingerprint in code-unit order', () => {
    const groups = [
      group('d-small', 'decision', 1),
      group('b', 'decision', 5),
      group(OTHER_GROUP, 'answer', 50),
      group('a-answer-rare', 'answer', 1),
      group('B', 'decision', 5),
      group('d-big', 'decision', 40),
      group('z-answer', 'answer', 3),
    ];
    const sorted = sortGroups(groups);
    expect(sorted.map((g) => g.fingerprint)).toEqual([
      'z-answer',
      'a-answer-rare',
      'd-big',
      'B', // 'B' (0x42) before 'b' (0x62)
      'b',
      'd-small',
      OTHER_GROUP,
    ]);
    expect(sorted).toBe(groups);
  });
});

describe('mergeGroups', () => {
  it('adds up the counts and the money of the shards, and keeps the first N of each group across them', () => {
    const shard0 = [group('A', 'decision', 4, { overpaidCents: 10 }), group('Q', 'answer', 1)];
    const shard1 = [group('A', 'decision', 3, { underpaidCents: 7 }), group('B', 'decision', 9)];
    const kept = [
      violation('A', 'o5'),
      violation('A', 'o1'),
      violation('Q', 'e1', 'answer'),
      violation('A', 'o3'),
      violation('A', 'o2'),
      violation('B', 'o9'),
    ];
    const merged = mergeGroups([shard0, shard1], kept, 2);
    expect(merged.groups).toEqual([
      group('Q', 'answer', 1),
      group('B', 'decision', 9),
      group('A', 'decision', 7, { overpaidCents: 10, underpaidCents: 7 }),
    ]);
    expect(merged.kept.map((v) => v.subject)).toEqual(['e1', 'o9', 'o1', 'o2']);
    expect(merged.dropped.map((v) => v.subject)).toEqual(['o3', 'o5']);
  });

  it('equals one book fed everything, however the violations are split into shards (property)', () => {
    const item = fc.record({
      kind: fc.integer({ min: 0, max: 5 }),
      subject: fc.integer({ min: 0, max: 25 }),
      note: fc.constantFrom('', 'x', 'y'),
      modelCents: fc.integer({ min: 0, max: 2_000 }),
      platformCents: fc.integer({ min: 0, max: 2_000 }),
      shard: fc.nat(),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 80 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (items, shardCount, n) => {
          const feed = (book: ViolationBook, it: (typeof items)[number]) => {
            // Kinds 0 and 1 are answers (no money, as the checker books them), the rest decisions.
            const kind: Kind = it.kind < 2 ? 'answer' : 'decision';
            const fingerprint = `${kind} ${it.kind}`;
            const subject = `s${String(it.subject).padStart(2, '0')}`;
            const into = book.record(
              violation(fingerprint, subject, kind, it.note),
              facts(fingerprint, kind),
              subjectOf(subject),
            );
            if (kind === 'decision') book.money(into, it.modelCents, it.platformCents);
          };
          const one = new ViolationBook(n);
          for (const it of items) feed(one, it);
          const shards = Array.from({ length: shardCount }, () => new ViolationBook(n));
          for (const it of items) feed(shards[it.shard % shardCount] as ViolationBook, it);

          const merged = mergeGroups(
            shards.map((b) => b.groups()),
            shards.flatMap((b) => b.kept().map((k) => k.violation)),
            n,
          );
          expect(merged.groups).toEqual(one.groups());
          expect(merged.kept).toEqual(one.kept().map((k) => k.violation));
          // Every group keeps min(N, count) examples; the rest of the shards' examples are dropped.
          for (const g of merged.groups) {
            expect(merged.kept.filter((v) => v.fingerprint === g.fingerprint)).toHaveLength(
              Math.min(n, g.count),
            );
          }
          expect(merged.kept.length + merged.dropped.length).toBe(
            shards.reduce((sum, b) => sum + b.kept().length, 0),
          );
          expect(merged.groups.reduce((sum, g) => sum + g.count, 0)).toBe(items.length);
        },
      ),
      fcParams(200),
    );
  });
});
