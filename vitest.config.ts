import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { TEST_TOKEN_ENV } from './test/_test-token.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ (which workers and end-to-end tests run) when a source is newer than it.
    globalSetup: ['test/_build-dist.ts'],
    // R18: the servers the tests spawn and the clients they run share one ingestion token.
    env: { ...TEST_TOKEN_ENV },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // vitest's default (cores - 1) runs the files one by one on a 2-core CI machine; most of the
    // time is end-to-end files waiting on child processes, so every core gets a file.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
