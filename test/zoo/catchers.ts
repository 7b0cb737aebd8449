/**
 * What the zoo tries on each mutant, in this fixed order, until one catches it (issue 11, step 5):
 * the hand-written scenarios at a size that runs in seconds, then swarm seeds. A run catches a
 * mutant when it exits 1 (violations). Sizes are small so the zoo stays a few minutes; the order
 * puts the broad scenarios first and the specialised ones after, so "caught by" says which kind
 * of traffic a bug needs.
 */
export interface Catcher {
  /** As printed in the table: the scenario, or `swarm N`. */
  readonly label: string;
  /** `affsim run` arguments before `--mutant`, `--out` and `--max-violations`. */
  readonly args: readonly string[];
}

/**
 * One worker: its share of the seller timeline arrives in its own order, so a history written
 * for a violation holds everything it depended on (with several, another worker's later seller
 * events may arrive before this one's buyer events, and no history can say in what order).
 */
const SIZE = ['--buyers', '2000', '--days', '30', '--workers', '1'] as const;

const SCENARIOS = [
  'baseline',
  'boundary-storm',
  'adversarial',
  'rate-churn',
  'withdrawal-wave',
  'calendar-days',
  'first-click',
  'post-withdrawal-honor',
  'legacy-category-rates',
  'black-friday',
] as const;

/** Swarm seeds tried after the scenarios. */
export const SWARM_SEEDS = 20;

export function catchers(): Catcher[] {
  return [
    ...SCENARIOS.map((s) => ({ label: s, args: ['run', s, '--seed', '1', ...SIZE] })),
    ...Array.from({ length: SWARM_SEEDS }, (_, i) => ({
      label: `swarm ${i + 1}`,
      args: ['run', 'swarm', '--seed', String(i + 1), ...SIZE],
    })),
  ];
}
