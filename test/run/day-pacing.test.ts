import { expect, test } from 'vitest';
import { DayPacer, WORKER_DAYS_AHEAD_MAX } from '../../sim/run/day-pacing.js';

/**
 * Why: the platform's pair expiry is exact only while buyer events arrive within its lag of each
 * other (server/README "Pair expiry"); a worker may run at most WORKER_DAYS_AHEAD_MAX days ahead
 * of the slowest, and never waits once the run stops (a failed worker must not hang the others).
 */
const settled = async (p: Promise<void>): Promise<boolean> => {
  let done = false;
  void p.then(() => {
    done = true;
  });
  // Two turns of the microtask queue: a resolved promise has run its callbacks by then.
  await Promise.resolve();
  await Promise.resolve();
  return done;
};

test('a worker starts day d once every worker has finished day d - 1 - WORKER_DAYS_AHEAD_MAX', async () => {
  const pacer = new DayPacer();
  for (let day = 0; day <= WORKER_DAYS_AHEAD_MAX; day += 1) expect(await settled(pacer.turn(day))).toBe(true);
  const next = pacer.turn(WORKER_DAYS_AHEAD_MAX + 1);
  const later = pacer.turn(WORKER_DAYS_AHEAD_MAX + 2);
  expect(await settled(next)).toBe(false);
  pacer.update(0);
  expect(await settled(next)).toBe(true);
  expect(await settled(later)).toBe(false);
  // An older pace message arriving late changes nothing.
  pacer.update(-1);
  expect(await settled(later)).toBe(false);
  pacer.update(1);
  expect(await settled(later)).toBe(true);
});

test('a stopped run releases every waiting worker and lets any later day through', async () => {
  const pacer = new DayPacer();
  const waiting = pacer.turn(50);
  expect(await settled(waiting)).toBe(false);
  pacer.stop();
  expect(await settled(waiting)).toBe(true);
  expect(await settled(pacer.turn(1000))).toBe(true);
});
