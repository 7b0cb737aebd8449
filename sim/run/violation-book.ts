import type { HistorySubject } from './history-superset.js';
import { compareKeys, compareViolations } from './result-order.js';
import type { Violation, ViolationGroup } from './run-result.js';
import { fieldKinds } from './violation-cause.js';

/** Examples kept per group by default (`--max-violations`): each gets a history file. */
export const EXAMPLES_PER_GROUP_DEFAULT = 3;
/** Most examples per group a run may keep. */
export const EXAMPLES_PER_GROUP_MAX = 100;
/**
 * Groups kept apart; violations of further kinds are counted in one more group, `OTHER_GROUP`. A
 * bug makes a handful of groups, so this bounds the result without hiding a bug in practice.
 */
export const GROUPS_MAX = 100;
export const OTHER_GROUP = '(other kinds)';

/** A kept violation (its `historyFile`, `history`, `replay` and `check` still empty) and what its history is about. */
export interface KeptViolation {
  readonly violation: Violation;
  readonly subject: HistorySubject;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a violation says about its group; the counts are the book's. */
export type GroupFacts = Omit<ViolationGroup, 'count' | 'overpaidCents' | 'underpaidCents'>;
const ZERO = { count: 0, overpaidCents: 0, underpaidCents: 0 } as const;

/**
 * Every violation of a shard, grouped by fingerprint with counts, and the first examples of each
 * group in canonical order, so the run's kept set (the first of the merge, per group) is the same
 * whatever the number of shards or workers.
 */
export class ViolationBook {
  readonly #groups = new Map<string, { group: Mutable<ViolationGroup>; kept: KeptViolation[] }>();
  #count = 0;

  constructor(readonly examplesPerGroup: number = EXAMPLES_PER_GROUP_DEFAULT) {}

  get count(): number {
    return this.#count;
  }

  record(violation: Violation, group: GroupFacts, subject: HistorySubject): string {
    this.#count += 1;
    let book = this.#groups.get(group.fingerprint);
    if (book === undefined && this.#groups.size >= GROUPS_MAX) {
      book = this.#groups.get(OTHER_GROUP);
      if (book === undefined) {
        book = { group: { ...otherGroup(group.kind), ...ZERO }, kept: [] };
        this.#groups.set(OTHER_GROUP, book);
      }
    }
    if (book === undefined) {
      book = { group: { ...group, ...ZERO }, kept: [] };
      this.#groups.set(group.fingerprint, book);
    }
    book.group.count += 1;
    // A group's fields: every field kind that differed in any of its violations.
    if (book.group.fingerprint !== OTHER_GROUP)
      book.group.fields = fieldKinds([...book.group.fields, ...group.fields]);
    const fingerprint = book.group.fingerprint;
    book.kept.push({ violation: { ...violation, fingerprint }, subject });
    if (book.kept.length >= 2 * this.examplesPerGroup + 8)
      book.kept = prune(book.kept, this.examplesPerGroup);
    return fingerprint;
  }

  /** The final commission of an order of a group (`fingerprint` as `record` returned it), model and platform. */
  money(fingerprint: string, modelCents: number, platformCents: number): void {
    const group = this.#groups.get(fingerprint)?.group;
    if (group === undefined) return;
    group.overpaidCents += Math.max(0, platformCents - modelCents);
    group.underpaidCents += Math.max(0, modelCents - platformCents);
  }

  groups(): ViolationGroup[] {
    return sortGroups([...this.#groups.values()].map((b) => ({ ...b.group })));
  }

  /** The kept examples: the first `examplesPerGroup` of each group in canonical order, in the groups' order. */
  kept(): KeptViolation[] {
    return this.groups().flatMap((g) => {
      const book = this.#groups.get(g.fingerprint) as { kept: KeptViolation[] };
      book.kept = prune(book.kept, this.examplesPerGroup);
      return book.kept;
    });
  }
}

function prune(kept: KeptViolation[], n: number): KeptViolation[] {
  return kept.sort((a, b) => compareViolations(a.violation, b.violation)).slice(0, n);
}

function otherGroup(kind: ViolationGroup['kind']): GroupFacts {
  return {
    fingerprint: OTHER_GROUP,
    kind,
    rule: '',
    fields: [],
    cause: 'field',
    title: `violations of more kinds than the ${GROUPS_MAX} kept apart`,
  };
}

/**
 * Groups in the order to read them: diverging answers first (decisions often follow from them),
 * then by count, largest first; the fingerprint breaks ties, so the order is total and the same for
 * every merge of shards.
 */
export function sortGroups(groups: ViolationGroup[]): ViolationGroup[] {
  const rank = (g: ViolationGroup) => (g.fingerprint === OTHER_GROUP ? 2 : g.kind === 'answer' ? 0 : 1);
  return groups.sort(
    (a, b) => rank(a) - rank(b) || b.count - a.count || compareKeys(a.fingerprint, b.fingerprint),
  );
}

/**
 * Merges shards' groups (counts add up, less `counted twice`: violations several shards counted
 * that are one) and keeps the first `n` examples of each in canonical order.
 */
export function mergeGroups(
  groups: readonly (readonly ViolationGroup[])[],
  violations: readonly Violation[],
  n: number,
  countedTwice: ReadonlyMap<string, number> = new Map(),
): { groups: ViolationGroup[]; kept: Violation[]; dropped: Violation[] } {
  const merged = new Map<string, Mutable<ViolationGroup>>();
  for (const list of groups) {
    for (const g of list) {
      const m = merged.get(g.fingerprint);
      if (m === undefined) merged.set(g.fingerprint, { ...g });
      else {
        m.count += g.count;
        m.fields = fieldKinds([...m.fields, ...g.fields]);
        m.overpaidCents += g.overpaidCents;
        m.underpaidCents += g.underpaidCents;
      }
    }
  }
  for (const [fingerprint, extra] of countedTwice) {
    const m = merged.get(fingerprint);
    if (m !== undefined) m.count -= extra;
  }
  const sorted = sortGroups([...merged.values()]);
  const byGroup = new Map<string, Violation[]>();
  for (const v of violations) byGroup.set(v.fingerprint, [...(byGroup.get(v.fingerprint) ?? []), v]);
  const kept: Violation[] = [];
  const dropped: Violation[] = [];
  for (const g of sorted) {
    const examples = (byGroup.get(g.fingerprint) ?? []).sort(compareViolations);
    kept.push(...examples.slice(0, n));
    dropped.push(...examples.slice(n));
  }
  return { groups: sorted, kept, dropped };
}
