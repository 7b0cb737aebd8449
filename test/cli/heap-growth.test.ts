import { describe, expect, it } from 'vitest';
import { boundsHeapGrowth, userSetHeapGrowth } from '../../sim/cli/heap-growth.js';

describe('heap growth for a run: a user who chose it keeps their choice', () => {
  it('sees the flag on node’s command line, in either spelling', () => {
    expect(userSetHeapGrowth(['--heap-growing-percent=50'], undefined)).toBe(true);
    expect(userSetHeapGrowth(['--heap_growing_percent=50'], undefined)).toBe(true);
    expect(userSetHeapGrowth(['--heap-growing-percent', '50'], undefined)).toBe(true);
  });
  it('sees it in NODE_OPTIONS among other options', () => {
    expect(userSetHeapGrowth([], '--max-old-space-size=4096 --heap-growing-percent=10')).toBe(true);
  });
  it('is not fooled by other flags', () => {
    expect(userSetHeapGrowth(['--max-old-space-size=4096', '--expose-gc'], '--heap-prof')).toBe(false);
    expect(userSetHeapGrowth([], undefined)).toBe(false);
    expect(userSetHeapGrowth([], '')).toBe(false);
  });
});

describe('the commands whose heap growth is bounded', () => {
  it('are run and serve, the two that live on long-lived state', () => {
    expect(boundsHeapGrowth(['run', 'baseline'])).toBe(true);
    expect(boundsHeapGrowth(['serve', '--port', '8080'])).toBe(true);
  });
  it('leave every other command, and no command, alone', () => {
    for (const argv of [['check', 'h.jsonl'], ['report'], ['merge', 'a', 'b'], [], ['--help']])
      expect(boundsHeapGrowth(argv)).toBe(false);
  });
});
