import { compareViolations } from '../run/result-order.js';
import type { RunResult, Violation, ViolationGroup } from '../run/run-result.js';
import { OTHER_GROUP, sortGroups } from '../run/violation-book.js';
import { formatCount } from './_format.js';
import { violationTotal } from './run-facts.js';

/**
 * The violation groups of a result as the terminal summary, the JUnit file and the HTML report
 * show them: in reading order (answers first, then by count), each decision group that follows
 * from diverging answers placed right under that answer group, each with its kept examples.
 */
export interface GroupEntry {
  readonly group: ViolationGroup;
  /** 1-based, in display order (a group's followers right after it). */
  readonly number: number;
  /** The kept examples of this group, in canonical order (the first is the one shown). */
  readonly examples: readonly Violation[];
  /** Decision groups whose `causedBy` is this group, in reading order. */
  readonly followers: readonly GroupEntry[];
  /** The group this one follows from, when that group is in the result. */
  readonly parent?: GroupEntry;
}

export interface GroupedViolations {
  /** Every violation the run found (run-facts.ts `violationTotal`). */
  readonly total: number;
  /** Every group, in display order: each top-level group followed by its followers. */
  readonly entries: readonly GroupEntry[];
  /** The groups that follow from none other in the result. */
  readonly roots: readonly GroupEntry[];
  /** Violations counted (per day) but in no group: 0 for a result of this version. */
  readonly ungrouped: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function groupedViolations(r: RunResult): GroupedViolations {
  const byFingerprint = new Map<string, Violation[]>();
  for (const v of r.violations)
    byFingerprint.set(v.fingerprint, [...(byFingerprint.get(v.fingerprint) ?? []), v]);
  const known = new Set(r.violationGroups.map((g) => g.fingerprint));
  // Kept violations of a group the result does not list (a hand-made result): shown as their own groups.
  const strays = [...byFingerprint].filter(([f]) => !known.has(f)).map(([f, vs]) => strayGroup(f, vs));
  const groups = sortGroups([...r.violationGroups, ...strays]);
  const present = new Set(groups.map((g) => g.fingerprint));
  const entries = new Map<string, Mutable<GroupEntry> & { followers: GroupEntry[] }>();
  for (const group of groups) {
    const examples = [...(byFingerprint.get(group.fingerprint) ?? [])].sort(compareViolations);
    entries.set(group.fingerprint, { group, number: 0, examples, followers: [] });
  }
  const roots: GroupEntry[] = [];
  for (const group of groups) {
    const entry = entries.get(group.fingerprint) as Mutable<GroupEntry> & { followers: GroupEntry[] };
    const parent =
      group.causedBy !== undefined && group.causedBy !== group.fingerprint && present.has(group.causedBy)
        ? entries.get(group.causedBy)
        : undefined;
    // Only one level: answers never follow from anything, so a follower's followers are its siblings.
    if (parent === undefined || parent.group.causedBy !== undefined) roots.push(entry);
    else {
      entry.parent = parent;
      parent.followers.push(entry);
    }
  }
  const ordered = roots.flatMap((root) => [root, ...root.followers]);
  ordered.forEach((e, i) => {
    (e as Mutable<GroupEntry>).number = i + 1;
  });
  const grouped = groups.reduce((n, g) => n + g.count, 0);
  const total = Math.max(violationTotal(r), grouped);
  return { total, entries: ordered, roots, ungrouped: Math.max(0, total - grouped) };
}

function strayGroup(fingerprint: string, vs: readonly Violation[]): ViolationGroup {
  const [v] = vs as [Violation];
  return {
    fingerprint,
    kind: v.kind,
    rule: v.cause.rule,
    fields: v.fields,
    cause: v.cause.kind,
    title: `${v.kind}s of group ${fingerprint}`,
    count: vs.length,
    overpaidCents: 0,
    underpaidCents: 0,
  };
}

/** True for the group that counts violations of kinds past the ones kept apart: it may hold both kinds. */
export function isOtherGroup(g: ViolationGroup): boolean {
  return g.fingerprint === OTHER_GROUP;
}

/** `119 answers`, `1 decision`. */
export function countOf(g: ViolationGroup): string {
  return `${formatCount(g.count)} ${isOtherGroup(g) ? 'violation' : g.kind}${g.count === 1 ? '' : 's'}`;
}

/** `6 events (shrunk from 23)`, `8 events (not shrunk: the target has no reset)`. */
export function historySize(v: Violation): string {
  const h = v.history;
  const n = (k: number) => `${formatCount(k)} event${k === 1 ? '' : 's'}`;
  if (h.form === 'shrunk')
    return h.events === h.supersetEvents
      ? `${n(h.events)} (minimal: no event can go)`
      : `${n(h.events)} (shrunk from ${formatCount(h.supersetEvents)})`;
  const note = h.note?.replace(/^not shrunk:\s*/, '');
  return `${n(h.supersetEvents)} (not shrunk${note ? `: ${note}` : ''})`;
}

/** The violations (decisions, and answers of other kinds) that follow from a group's answers. */
export function followerCount(e: GroupEntry): number {
  return e.followers.reduce((n, f) => n + f.group.count, 0);
}

/** `89 decisions and 69 answers follow`, `1 decision follows`: what follows from a group's answers. */
export function followersPhrase(e: GroupEntry): string {
  const count = (kind: 'decision' | 'answer') =>
    e.followers.filter((f) => f.group.kind === kind).reduce((n, f) => n + f.group.count, 0);
  const parts = (['decision', 'answer'] as const)
    .map((kind) => [kind, count(kind)] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${formatCount(n)} ${kind}${n === 1 ? '' : 's'}`);
  const total = followerCount(e);
  return `${parts.join(' and ')} follow${total === 1 ? 's' : ''}`;
}
